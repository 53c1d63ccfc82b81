"""Forms of moderation: reporting, the second factor, decisions, replies and appeals."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileSize
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from counsel_dir.forms import BaseForm
from counsel_dir.moderation.labels import DECISIONS, REPORT_REASONS
from counsel_dir.moderation.models import Decision, ReportReason
from counsel_dir.verification.evidence import EVIDENCE_EXTENSIONS, EVIDENCE_MAX_BYTES

DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 2000
REASON_MIN, REASON_MAX = 5, 2000


def _reason_choices() -> list[SelectChoice]:
    return [SelectChoice(reason.value, gettext(REPORT_REASONS[reason])) for reason in ReportReason]


def _choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class ReportForm(BaseForm):
    """ "Report a problem" on a profile or a credential. ``website`` is a honeypot."""

    reason = RadioField(
        _l("What is wrong?"),
        validators=[InputRequired(_l("Choose what is wrong."))],
    )
    description = TextAreaField(
        _l("Describe the problem"),
        validators=[
            DataRequired(_l("Describe the problem in a few words.")),
            Length(
                min=DESCRIPTION_MIN,
                max=DESCRIPTION_MAX,
                message=_l("Write between 10 and 2000 characters."),
            ),
        ],
    )
    website = StringField(_l("Leave this field empty"), validators=[Optional()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.reason.choices = _reason_choices()


class ReferenceForm(BaseForm):
    """Look a report up by its reference number."""

    class Meta:
        csrf = False

    reference = StringField(
        _l("Reference number"),
        validators=[DataRequired(_l("Enter the reference number you were given."))],
    )


class CodeForm(BaseForm):
    """A 6-digit code from the authenticator app."""

    code = StringField(
        _l("6-digit code"),
        validators=[
            DataRequired(_l("Enter the 6-digit code from your authenticator app.")),
            Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message=_l("The code is 6 digits.")),
        ],
    )


class DecisionForm(BaseForm):
    """One decision on a queue item, with its written reason."""

    decision = SelectField(_l("Decision"), validators=[InputRequired()])
    credential_id = SelectField(_l("Credential concerned"), coerce=str, validators=[Optional()])
    dispute_winner = SelectField(
        _l("Who keeps the listing"),
        choices=[
            SelectChoice("", "—"),
            SelectChoice("claimant", _l("The claimant")),
            SelectChoice("owner", _l("The current owner")),
        ],
        validators=[Optional()],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Write the reason for your decision.")),
            Length(
                min=REASON_MIN,
                max=REASON_MAX,
                message=_l("Write between 5 and 2000 characters."),
            ),
        ],
    )
    evidence = FileField(
        _l("Evidence (optional)"),
        validators=[
            FileAllowed(EVIDENCE_EXTENSIONS, _l("Evidence must be a PDF, PNG, JPEG or WebP file.")),
            FileSize(max_size=EVIDENCE_MAX_BYTES, message=_l("Evidence can be at most 5 MB.")),
        ],
    )

    def set_choices(self, decisions: list[Decision], credentials: list[tuple[str, str]]) -> None:
        """Offer only the decisions allowed for the item and its listing's credentials."""
        self.decision.choices = [SelectChoice(d.value, gettext(DECISIONS[d])) for d in decisions]
        self.credential_id.choices = _choices([("", "—"), *credentials])


class FlagForm(BaseForm):
    """A moderator flags one of the listing's credentials while reviewing."""

    credential_id = SelectField(_l("Credential"), coerce=str, validators=[Optional()])
    reason = SelectField(_l("Reason"), validators=[InputRequired()])
    description = TextAreaField(
        _l("What you noticed"),
        validators=[
            DataRequired(_l("Describe what you noticed.")),
            Length(
                min=DESCRIPTION_MIN,
                max=DESCRIPTION_MAX,
                message=_l("Write between 10 and 2000 characters."),
            ),
        ],
    )

    def set_choices(self, credentials: list[tuple[str, str]]) -> None:
        self.credential_id.choices = _choices([("", "—"), *credentials])
        self.reason.choices = _reason_choices()


class ReplyForm(BaseForm):
    """The counselor's answer to a moderator's question."""

    reply = TextAreaField(
        _l("Your answer"),
        validators=[
            DataRequired(_l("Write your answer.")),
            Length(min=2, max=4000, message=_l("Write between 2 and 4000 characters.")),
        ],
    )


class AppealForm(BaseForm):
    """The counselor's one appeal against a revocation or suspension."""

    statement = TextAreaField(
        _l("Why the decision should be reviewed"),
        validators=[
            DataRequired(_l("Explain why the decision should be reviewed.")),
            Length(min=20, max=4000, message=_l("Write between 20 and 4000 characters.")),
        ],
    )


class ActionForm(BaseForm):
    """A bare POST (assign, release) protected by the CSRF token."""

    action = HiddenField()
