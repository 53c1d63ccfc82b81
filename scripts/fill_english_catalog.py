"""Fill the English catalog: msgids are English, so each translation is its msgid.

Run by ``make extract-messages`` after ``pybabel update``; keeps the English catalog complete.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOG = (
    Path(__file__).resolve().parent.parent / "counsel_dir/translations/en/LC_MESSAGES/messages.po"
)


def fill(path: Path = CATALOG) -> int:
    """Make every translation its msgid; return how many entries changed."""
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        wanted = tuple(message.id) if message.pluralizable else message.id
        if message.string != wanted or message.fuzzy:
            message.string = wanted
            message.flags.discard("fuzzy")
            filled += 1
    with path.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=True, no_location=True, width=0)
    return filled


if __name__ == "__main__":
    count = fill(Path(sys.argv[1]) if len(sys.argv) > 1 else CATALOG)
    print(f"filled {count} English entries")
