"""Counting the SQL statements a request sends to PostgreSQL (its round trips)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection

# The test's own transaction handling (a savepoint per session), not the request's queries.
SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@contextmanager
def statements(connection: AsyncConnection) -> Iterator[list[str]]:
    """Every statement run on the test's connection (which every request session uses) meanwhile."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.lstrip().upper().startswith(SAVEPOINTS):
            seen.append(statement)

    sync = connection.sync_connection
    assert sync is not None
    event.listen(sync, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(sync, "before_cursor_execute", record)
