"""The moderator-assisted verification form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileSize
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from counsel_dir.credentials.models import VerificationOutcome
from counsel_dir.forms import BaseForm
from counsel_dir.verification.evidence import EVIDENCE_EXTENSIONS, EVIDENCE_MAX_BYTES

try:
    from wtforms.fields.choices import SelectChoice as _choice
except ImportError:  # WTForms before 3.3 takes (value, label) pairs

    def _choice(value: str, label: object) -> tuple[str, object]:  # type: ignore[misc]
        return (value, label)


OUTCOME_CHOICES = [
    _choice(VerificationOutcome.MATCH.value, _l("Found and matching: the credential is verified")),
    _choice(VerificationOutcome.NOT_FOUND.value, _l("Not found on the official channel")),
    _choice(VerificationOutcome.MISMATCH.value, _l("Found, but it does not match the listing")),
    _choice(VerificationOutcome.EXPIRED.value, _l("Found, but its validity has ended")),
    _choice(VerificationOutcome.REVOKED.value, _l("Revoked by the issuer")),
]


class ModeratorOutcomeForm(BaseForm):
    """What the moderator saw on the official channel."""

    outcome = SelectField(
        _l("What the official channel shows"),
        choices=OUTCOME_CHOICES,
        validators=[DataRequired(message=_l("Choose what the official channel shows."))],
    )
    note = TextAreaField(
        _l("Note"),
        validators=[
            DataRequired(message=_l("Write a note saying what you checked and where.")),
            Length(max=2000, message=_l("The note can be at most 2000 characters long.")),
        ],
    )
    evidence = FileField(
        _l("Evidence (optional)"),
        validators=[
            FileAllowed(
                EVIDENCE_EXTENSIONS,
                _l("Evidence must be a PDF, PNG, JPEG or WebP file."),
            ),
            FileSize(
                max_size=EVIDENCE_MAX_BYTES,
                message=_l("Evidence can be at most 5 MB."),
            ),
        ],
    )
