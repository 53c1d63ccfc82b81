"""Two small corrections to whoosh-reloaded, applied once when the search package loads.

* Writing a segment asks, for every posting of a field without a length
  column (keywords, IDs), whether that column file exists: one ``stat`` per
  posting, most of the commit time at 100,000 profiles. The answer cannot
  change for a written segment, so a missing column is remembered too.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import W3PerDocReader

_original_cached_reader = W3PerDocReader._cached_reader


def _cached_reader_remembering_missing(self: Any, fieldname: str, column: Any) -> Any:
    if fieldname in self._readers:
        return self._readers[fieldname]
    reader = _original_cached_reader(self, fieldname, column)
    if reader is None:
        self._readers[fieldname] = None
    return reader


def apply() -> None:
    """Install the corrections (idempotent)."""
    if W3PerDocReader._cached_reader is not _cached_reader_remembering_missing:
        W3PerDocReader._cached_reader = _cached_reader_remembering_missing


apply()
