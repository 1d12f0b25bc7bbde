"""Counting the SQL statements a block of code sends (SQLAlchemy cursor events), to catch N+1 queries."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.engine import Engine


@dataclass
class Statements:
    """The statements seen while counting."""

    sql: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many statements were executed."""
        return len(self.sql)


@contextlib.contextmanager
def counting(engine: Engine) -> Iterator[Statements]:
    """Record every statement the engine executes inside the block (any thread, any session)."""
    seen = Statements()

    def before(conn, cursor, statement, parameters, context, executemany):
        seen.sql.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)
