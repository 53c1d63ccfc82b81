"""Page-number pagination over a SQLAlchemy select."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import abort, request
from sqlalchemy import Select, func, select

from counsel_dir.db import session

T = TypeVar("T")


class PageNumbers:
    """Page arithmetic for anything with ``number``, ``per_page`` and ``total``."""

    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


@dataclass(frozen=True)
class Page(PageNumbers, Generic[T]):
    """One page of a SQL listing."""

    items: Sequence[T]
    number: int
    per_page: int
    total: int


def page_number_from_request(name: str = "page") -> int:
    """The requested page number; anything malformed is a 404, not a 500."""
    raw = request.args.get(name, "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        abort(404)
    return int(raw)


def paginate(statement: Select[Any], number: int, per_page: int) -> Page[Any]:
    """Run ``statement`` for one page, with the total count; past the end is a 404."""
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    page = Page(items=[], number=number, per_page=per_page, total=total or 0)
    if number > page.pages:
        abort(404)
    items = session.scalars(statement.limit(per_page).offset((number - 1) * per_page)).all()
    return Page(items=items, number=number, per_page=per_page, total=total or 0)
