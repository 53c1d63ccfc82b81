"""The search form: query string parameters of /counselors/ and /api/v1/counselors."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale, lazy_gettext
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import AnyOf, Length, NumberRange, Optional, ValidationError

from counsel_dir.directory import taxonomy
from counsel_dir.forms import BaseForm
from counsel_dir.search.analysis import MAX_QUERY_LENGTH
from counsel_dir.search.params import GENDERS, MODES, SORTS, TIERS, SearchParams
from counsel_dir.template_helpers import tier_name

MAX_FEE = 100_000
FILTER_NAMES = (
    "tier",
    "city",
    "mode",
    "issue",
    "approach",
    "language",
    "gender",
    "fee_min",
    "fee_max",
    "accepting",
)


def _choice(codes: Any, message: Any) -> list[Any]:
    return [Optional(), AnyOf([str(code) for code in codes], message=message)]


class SearchForm(BaseForm):
    """Free text plus filters; every value is checked against the vocabularies."""

    class Meta:
        csrf = False

    q = StringField(
        lazy_gettext("Search"),
        validators=[
            Length(
                max=MAX_QUERY_LENGTH,
                message=lazy_gettext("Search text can be at most %(max)d characters."),
            )
        ],
    )
    tier = SelectField(
        lazy_gettext("Tier"),
        validators=_choice(TIERS, lazy_gettext("Tier must be 1, 2 or 3.")),
        validate_choice=False,
    )
    city = SelectField(
        lazy_gettext("City"),
        validators=_choice(taxonomy.city_codes(), lazy_gettext("Choose a city from the list.")),
        validate_choice=False,
    )
    mode = SelectField(
        lazy_gettext("Online or in person"),
        validators=_choice(MODES, lazy_gettext("Choose online or in person.")),
        validate_choice=False,
    )
    issue = SelectField(
        lazy_gettext("Issue"),
        validators=_choice(taxonomy.issue_codes(), lazy_gettext("Choose an issue from the list.")),
        validate_choice=False,
    )
    approach = SelectField(
        lazy_gettext("Approach"),
        validators=_choice(
            taxonomy.approach_codes(), lazy_gettext("Choose an approach from the list.")
        ),
        validate_choice=False,
    )
    language = SelectField(
        lazy_gettext("Language"),
        validators=_choice(
            taxonomy.language_codes(), lazy_gettext("Choose a language from the list.")
        ),
        validate_choice=False,
    )
    gender = SelectField(
        lazy_gettext("Gender"),
        validators=_choice(GENDERS, lazy_gettext("Choose female or male.")),
        validate_choice=False,
    )
    fee_min = IntegerField(
        lazy_gettext("Fee from (yuan)"),
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=MAX_FEE,
                message=lazy_gettext("A fee is a whole number of yuan from 0 to 100000."),
            ),
        ],
    )
    fee_max = IntegerField(
        lazy_gettext("Fee up to (yuan)"),
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=MAX_FEE,
                message=lazy_gettext("A fee is a whole number of yuan from 0 to 100000."),
            ),
        ],
    )
    accepting = BooleanField(lazy_gettext("Accepting new clients"))
    sort = SelectField(
        lazy_gettext("Order"),
        validators=_choice(SORTS, lazy_gettext("Order by relevance or by tier.")),
        validate_choice=False,
    )

    def __init__(self, formdata: MultiDict[str, str], **kwargs: Any) -> None:
        super().__init__(formdata=formdata, **kwargs)
        locale = str(get_locale())
        anything = ("", lazy_gettext("Any"))
        self.tier.choices = [anything] + [
            (str(tier), lazy_gettext("Tier %(n)s or better", n=tier) + f" · {tier_name(tier)}")
            for tier in TIERS
        ]
        self.city.choices = [anything] + _labelled(taxonomy.city_codes(), locale)
        self.issue.choices = [anything] + _labelled(taxonomy.issue_codes(), locale)
        self.approach.choices = [anything] + _labelled(taxonomy.approach_codes(), locale)
        self.language.choices = [anything] + _labelled(taxonomy.language_codes(), locale)
        self.mode.choices = [
            anything,
            ("online", lazy_gettext("Online")),
            ("in_person", lazy_gettext("In person")),
        ]
        self.gender.choices = [
            anything,
            ("female", lazy_gettext("Female")),
            ("male", lazy_gettext("Male")),
        ]
        self.sort.choices = [
            ("relevance", lazy_gettext("Best match")),
            ("tier", lazy_gettext("Tier first")),
        ]

    def validate_fee_max(self, field: IntegerField) -> None:
        low, high = self.fee_min.data, field.data
        if low is not None and high is not None and high < low:
            raise ValidationError(lazy_gettext("The highest fee cannot be below the lowest fee."))

    def to_params(self, page: int, per_page: int, with_facets: bool = True) -> SearchParams:
        """The valid part of the request as search parameters (invalid filters are dropped)."""

        def valid(name: str) -> Any:
            field = getattr(self, name)
            if field.errors or field.data in (None, ""):
                return None
            return field.data

        tier = valid("tier")
        return SearchParams(
            q=(self.q.data or "")[:MAX_QUERY_LENGTH] if not self.q.errors else "",
            tier=int(tier) if tier else None,
            city=valid("city"),
            mode=valid("mode"),
            issue=valid("issue"),
            approach=valid("approach"),
            language=valid("language"),
            gender=valid("gender"),
            fee_min=valid("fee_min"),
            fee_max=valid("fee_max") if not self.fee_max.errors else None,
            accepting=bool(self.accepting.data),
            sort=valid("sort") or "relevance",
            page=page,
            per_page=per_page,
            with_facets=with_facets,
        )


def _labelled(codes: tuple[str, ...], locale: str) -> list[tuple[str, str]]:
    return [(code, taxonomy.label(code, locale)) for code in codes]
