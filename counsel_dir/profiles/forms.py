"""Forms of the counselor's side. Validation messages state the rule."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as WTFormsValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from counsel_dir.credentials import resident_id
from counsel_dir.credentials.issuers import DEFAULT_REGISTRY
from counsel_dir.credentials.kinds import CredentialKind
from counsel_dir.directory import taxonomy
from counsel_dir.directory.models import Gender
from counsel_dir.forms import BaseForm

HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _locale() -> str:
    return str(get_locale())


_ID_LIKE = re.compile(r"[0-9０-９]{15,17}[0-9０-９xXｘＸ]?")


def mask_id_like(text: str) -> tuple[str, bool]:
    """``text`` with anything shaped like a resident ID number masked, and whether it had one."""
    found = False

    def _mask(match: re.Match[str]) -> str:
        nonlocal found
        if resident_id.resembles(match.group()):
            found = True
            return resident_id.mask(match.group()) if len(match.group()) == 18 else "*" * 15
        return match.group()

    return _ID_LIKE.sub(_mask, text), found


def _not_an_id_number(_form: Any, field: Any) -> None:
    if not field.data:
        return
    field.data, found = mask_id_like(field.data)
    if found:
        raise WTFormsValidationError(
            _l("Do not put a resident ID number here: it is never shown on a profile.")
        )


def _plain_text(_form: Any, field: Any) -> None:
    if field.data and HTML_TAG.search(field.data):
        raise WTFormsValidationError(
            _l("Write plain text: HTML tags are not allowed. Line breaks are kept.")
        )


class ProfileForm(BaseForm):
    """Every public field of a listing."""

    display_name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Enter your name as on your credentials.")),
            Length(max=64, message=_l("The name can be at most 64 characters.")),
            _not_an_id_number,
        ],
    )
    gender = SelectField(_l("Gender"), default=Gender.UNSPECIFIED.value)
    city = SelectField(_l("City"), validators=[DataRequired(_l("Choose your city."))])
    district = SelectField(_l("District"), validators=[Optional()], default="")
    offers_online = BooleanField(_l("I offer online sessions"))
    offers_in_person = BooleanField(_l("I offer sessions in person"), default=True)
    languages = MultiCheckboxField(_l("Languages"))
    issues = MultiCheckboxField(_l("Issues I work with"))
    approaches = MultiCheckboxField(_l("Approaches"))
    fee_min = IntegerField(
        _l("Lowest fee per session (yuan)"),
        validators=[
            Optional(),
            NumberRange(0, 100000, _l("Enter a fee between 0 and 100000 yuan.")),
        ],
    )
    fee_max = IntegerField(
        _l("Highest fee per session (yuan)"),
        validators=[
            Optional(),
            NumberRange(0, 100000, _l("Enter a fee between 0 and 100000 yuan.")),
        ],
    )
    accepting_new_clients = BooleanField(_l("I am accepting new clients"))
    bio = TextAreaField(
        _l("About me"),
        validators=[
            Length(max=3000, message=_l("The text can be at most 3000 characters.")),
            _plain_text,
            _not_an_id_number,
        ],
    )
    public_contact = StringField(
        _l("Public contact (shown to clients)"),
        validators=[
            Length(max=200, message=_l("The contact can be at most 200 characters.")),
            _plain_text,
            _not_an_id_number,
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        locale = _locale()
        self.gender.choices = [
            (Gender.FEMALE.value, _l("Female")),
            (Gender.MALE.value, _l("Male")),
            (Gender.UNSPECIFIED.value, _l("Prefer not to say")),
        ]
        self.city.choices = [("", _l("Choose…"))] + [
            (code, taxonomy.label(code, locale)) for code in taxonomy.city_codes()
        ]
        self.district.choices = [("", _l("Not specified"))] + [
            (
                d.code,
                f"{taxonomy.label(code, locale)} · {taxonomy.district_label(code, d.code, locale)}",
            )
            for code in taxonomy.city_codes()
            for d in taxonomy.city(code).districts
        ]
        for name, codes in (
            ("languages", taxonomy.language_codes()),
            ("issues", taxonomy.issue_codes()),
            ("approaches", taxonomy.approach_codes()),
        ):
            getattr(self, name).choices = [(code, taxonomy.label(code, locale)) for code in codes]

    def validate_district(self, field: Any) -> None:
        if field.data and self.city.data in taxonomy.city_codes():
            codes = {d.code for d in taxonomy.city(self.city.data).districts}
            if field.data not in codes:
                raise WTFormsValidationError(_l("Choose a district of the city you chose."))

    def validate_languages(self, field: Any) -> None:
        if not field.data:
            raise WTFormsValidationError(_l("Choose at least one language."))

    def validate_offers_in_person(self, field: Any) -> None:
        if not field.data and not self.offers_online.data:
            raise WTFormsValidationError(_l("Offer online sessions, in-person sessions, or both."))

    def validate_fee_max(self, field: Any) -> None:
        if (
            field.data is not None
            and self.fee_min.data is not None
            and field.data < self.fee_min.data
        ):
            raise WTFormsValidationError(_l("The highest fee cannot be lower than the lowest fee."))

    def values(self) -> dict[str, Any]:
        """The cleaned values, as the listing stores them."""
        return {
            "display_name": self.display_name.data,
            "gender": Gender(self.gender.data),
            "city": self.city.data,
            "district": self.district.data or None,
            "offers_online": bool(self.offers_online.data),
            "offers_in_person": bool(self.offers_in_person.data),
            "languages": list(self.languages.data or []),
            "issues": list(self.issues.data or []),
            "approaches": list(self.approaches.data or []),
            "fee_min": self.fee_min.data,
            "fee_max": self.fee_max.data,
            "accepting_new_clients": bool(self.accepting_new_clients.data),
            "bio": (self.bio.data or "").replace("\r\n", "\n"),
            "public_contact": self.public_contact.data or "",
        }


def _number_is_not_an_id(_form: Any, field: Any) -> None:
    if not field.data:
        return
    field.data, found = mask_id_like(field.data)
    if found:
        raise WTFormsValidationError(
            _l(
                "This looks like a resident ID number. Enter the certificate or "
                "registration number."
            )
        )


class CredentialForm(BaseForm):
    """A credential as the counselor enters it."""

    kind = SelectField(_l("Kind of credential"), validators=[DataRequired()])
    number = StringField(
        _l("Certificate or registration number"),
        validators=[
            DataRequired(_l("Enter the number printed on the credential.")),
            Length(max=64, message=_l("The number can be at most 64 characters.")),
            _number_is_not_an_id,
        ],
    )
    issuer_name = StringField(
        _l("Issuer"),
        validators=[Length(max=200, message=_l("The issuer can be at most 200 characters."))],
    )
    portal_url = StringField(
        _l("Query portal address you were given"),
        validators=[Length(max=500, message=_l("The address can be at most 500 characters."))],
    )
    issued_on = DateField(_l("Issued on"), validators=[Optional()])
    valid_until = DateField(_l("Valid until"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zh = _locale().startswith("zh")
        self.kind.choices = [
            (info.kind.value, info.name_zh if zh else info.name_en)
            for info in DEFAULT_REGISTRY.kinds.values()
        ]

    def validate_issuer_name(self, field: Any) -> None:
        if self.kind.data == CredentialKind.UNRECOGNIZED.value and not field.data:
            raise WTFormsValidationError(_l("Enter the name of the body that issued it."))

    def validate_issued_on(self, field: Any) -> None:
        if field.data and field.data > date.today():
            raise WTFormsValidationError(_l("The issue date cannot be in the future."))

    def validate_valid_until(self, field: Any) -> None:
        if field.data and self.issued_on.data and field.data < self.issued_on.data:
            raise WTFormsValidationError(_l("The end of validity cannot be before the issue date."))

    def values(self) -> dict[str, Any]:
        return {
            "kind": CredentialKind(self.kind.data),
            "number": self.number.data,
            "issuer_name": self.issuer_name.data or "",
            "portal_url": self.portal_url.data or None,
            "issued_on": self.issued_on.data,
            "valid_until": self.valid_until.data,
        }


class HoursForm(BaseForm):
    """Supervised hours for a period, to be attested by the supervisor."""

    period_start = DateField(
        _l("From"), validators=[InputRequired(_l("Enter a valid start date."))]
    )
    period_end = DateField(_l("To"), validators=[InputRequired(_l("Enter a valid end date."))])
    hours = DecimalField(
        _l("Hours"),
        places=1,
        validators=[
            InputRequired(_l("Enter the number of hours.")),
            NumberRange(0.5, 500, _l("Enter between 0.5 and 500 hours.")),
        ],
    )
    supervisor_id = SelectField(
        _l("Supervisor"), coerce=int, validators=[InputRequired(_l("Choose your supervisor."))]
    )
    description = TextAreaField(
        _l("What was supervised"),
        validators=[
            Length(max=500, message=_l("The description can be at most 500 characters.")),
            _plain_text,
        ],
    )

    def validate_period_end(self, field: Any) -> None:
        if field.data and field.data > date.today():
            raise WTFormsValidationError(_l("The period cannot end in the future."))
        if field.data and self.period_start.data and field.data < self.period_start.data:
            raise WTFormsValidationError(_l("The period cannot end before it starts."))

    def values(self) -> dict[str, Any]:
        return {
            "period_start": self.period_start.data,
            "period_end": self.period_end.data,
            "hours": float(self.hours.data),
            "supervisor_id": self.supervisor_id.data,
            "description": self.description.data or "",
        }


_ID_MESSAGES = {
    resident_id.ResidentIdProblem.LENGTH: _l(
        "Enter your 18-character resident ID number; the last character may be X."
    ),
    resident_id.ResidentIdProblem.FORMAT: _l(
        "A resident ID number is 17 digits followed by a digit or X."
    ),
    resident_id.ResidentIdProblem.BIRTH_DATE: _l(
        "The birth date inside this ID number is not a real date; check for a typing error."
    ),
    resident_id.ResidentIdProblem.CHECK_CHARACTER: _l(
        "This ID number has a typing error: its last character does not match the others."
    ),
}


def _resident_id_field() -> PasswordField:
    return PasswordField(
        _l("Your resident ID number"),
        validators=[
            DataRequired(_l("Enter your 18-character resident ID number.")),
            valid_resident_id,
        ],
    )


def valid_resident_id(_form: Any, field: Any) -> None:
    """A GB 11643 resident ID number, with the rule it breaks stated plainly."""
    try:
        resident_id.validate(field.data or "")
    except resident_id.InvalidResidentId as error:
        raise WTFormsValidationError(_ID_MESSAGES[error.reason]) from None


class ClaimForm(BaseForm):
    """Proof that a listing is the claimant's own."""

    number = StringField(
        _l("Certificate or registration number on this listing"),
        validators=[
            DataRequired(_l("Enter the number of one of the credentials on this listing.")),
            Length(max=64, message=_l("The number can be at most 64 characters.")),
            _number_is_not_an_id,
        ],
    )
    name = StringField(
        _l("Your full name"),
        validators=[
            DataRequired(_l("Enter your full name as on your credential.")),
            Length(max=64, message=_l("The name can be at most 64 characters.")),
            _not_an_id_number,
        ],
    )
    resident_id = _resident_id_field()
    consent = BooleanField(
        _l(
            "I agree that my resident ID number is used only to check this claim with the "
            "official channel of the credential's issuer."
        ),
        validators=[DataRequired(_l("Claiming needs your consent to this use of your ID number."))],
    )


class ResidentIdForm(BaseForm):
    """The counselor's own resident ID number, for the official checks, with consent."""

    resident_id = _resident_id_field()
    consent = BooleanField(
        _l(
            "I agree that Counsel Directory uses my resident ID number only to query the "
            "official channels of my credentials' issuers."
        ),
        validators=[
            DataRequired(_l("Checking with the official channels needs your consent to this use."))
        ],
    )


class ClaimSearchForm(BaseForm):
    """Find a listing to claim by a credential number (POST: numbers stay out of URLs)."""

    number = StringField(
        _l("Certificate or registration number"),
        validators=[
            DataRequired(_l("Enter a certificate or registration number.")),
            Length(min=4, max=64, message=_l("Enter the full number (4 to 64 characters).")),
            _number_is_not_an_id,
        ],
    )


class PhotoForm(BaseForm):
    photo = FileField(
        _l("Photo (JPEG, PNG or WebP)"), validators=[FileRequired(_l("Choose a photo to upload."))]
    )


class ConfirmForm(BaseForm):
    """A POST with nothing but its CSRF token (buttons)."""
