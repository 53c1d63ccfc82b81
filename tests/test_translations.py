"""Both catalogs are complete: every string the code and templates use is translated."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "N_": None,
    "pgettext": ((1, "c"), 2),
}


def _catalog(locale: str):
    with (ROOT / f"counsel_dir/translations/{locale}/LC_MESSAGES/messages.po").open("rb") as f:
        return read_po(f, locale=locale)


def _extracted_ids() -> set[str]:
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords={**KEYWORDS}
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "en"])
def test_catalog_has_every_string_translated(locale):
    catalog = _catalog(locale)
    untranslated = [
        m.id
        for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
    ]
    assert untranslated == []


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "en"])
def test_catalog_covers_every_string_in_the_code(locale):
    catalog = _catalog(locale)
    known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}
    missing = sorted(_extracted_ids() - known)
    assert missing == []
