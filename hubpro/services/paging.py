"""Keyset pagination of the agent queues: 50 rows a page, oldest first, cursors are public ids."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import tuple_
from sqlmodel import Session, select

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    """One page of a queue and the cursors of its neighbours ('' when there is none)."""

    items: tuple = ()
    after: str = ""  # « Page suivante »: the public id of the last row
    before: str = ""  # « Page précédente »: the public id of the first row


def keyset(db: Session, stmt, model, *, after: str = "", before: str = "", size: int = PAGE_SIZE) -> Page:
    """One page of ``stmt`` (rows whose first entity is ``model``) ordered by (submitted_at, id).

    Args:
        db: session.
        stmt: a select of ``model`` (and joined entities), filtered, not ordered.
        model: the table with ``public_id``, ``submitted_at`` and ``id``.
        after: public id of the row the page starts after (« Page suivante »).
        before: public id of the row the page ends before (« Page précédente »); ignored with ``after``.
        size: rows a page.

    An unknown cursor gives the first page.
    """
    key = tuple_(model.submitted_at, model.id)
    cursor = after or before
    mark = None
    if cursor:
        mark = db.exec(select(model.submitted_at, model.id).where(model.public_id == str(cursor)[:32])).first()
    backwards = bool(mark) and not after
    if mark:
        stmt = stmt.where(key > tuple_(*mark) if not backwards else key < tuple_(*mark))
    order = (model.submitted_at.desc(), model.id.desc()) if backwards else (model.submitted_at, model.id)
    rows = list(db.exec(stmt.order_by(*order).limit(size + 1)).all())
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    if not rows:
        return Page()
    first, last = _entity(rows[0]).public_id, _entity(rows[-1]).public_id
    if backwards:
        return Page(tuple(rows), after=last, before=first if more else "")
    return Page(tuple(rows), after=last if more else "", before=first if mark else "")


def _entity(row):
    """The first entity of a row (a model instance, or the first of a joined tuple)."""
    return row if hasattr(row, "public_id") else row[0]
