"""Bulk upserts on natural keys, shared by every repository that imports upstream data.

Unchanged rows are not written at all (so `updated_at` means "changed upstream"), and statements are cut
into chunks that stay under PostgreSQL's 32,767 bind parameters per statement.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import func, tuple_
from sqlalchemy.dialects.postgresql import Insert, insert

MAX_PARAMS = 30_000


def chunked(rows: Sequence[dict[str, Any]], model: Any) -> Iterator[Sequence[dict[str, Any]]]:
    """Rows of `model` in chunks one INSERT can carry: every column may become a parameter (columns with
    Python-side defaults do, even when the row leaves them out)."""
    size = max(1, MAX_PARAMS // len(model.__table__.columns))
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def upsert_changed(model: Any, key: Any, rows: Sequence[dict[str, Any]], fields: Sequence[str]) -> Insert:
    """INSERT … ON CONFLICT (key) DO UPDATE, only where one of `fields` differs; new rows get an id."""
    stmt = insert(model).values([{"id": uuid.uuid4(), **row} for row in rows])
    excluded = stmt.excluded
    changed = tuple_(*(getattr(model, f) for f in fields)).is_distinct_from(
        tuple_(*(getattr(excluded, f) for f in fields))
    )
    return stmt.on_conflict_do_update(
        index_elements=[key],
        set_={**{f: getattr(excluded, f) for f in fields}, "updated_at": func.now()},
        where=changed,
    )
