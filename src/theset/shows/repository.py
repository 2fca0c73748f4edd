"""Show queries and upserts."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from theset.models import Show

SHOW_FIELDS = (
    "artist_id", "venue_id", "name", "date", "starts_at", "local_time", "timezone", "date_tba", "time_tba",
    "status", "url", "image_url",
)  # fmt: skip


async def upsert_shows(session: AsyncSession, rows: Iterable[Mapping[str, Any]]) -> int:
    """Upsert on tm_event_id; rows whose upstream data did not change are not written at all."""
    unique = {row["tm_event_id"]: dict(row) for row in rows}
    if not unique:
        return 0
    stmt = insert(Show).values([{"id": uuid.uuid4(), **row} for row in unique.values()])
    excluded = stmt.excluded
    changed = tuple_(*(getattr(Show, f) for f in SHOW_FIELDS)).is_distinct_from(
        tuple_(*(getattr(excluded, f) for f in SHOW_FIELDS))
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[Show.tm_event_id],
        set_={**{f: getattr(excluded, f) for f in SHOW_FIELDS}, "updated_at": func.now()},
        where=changed,
    )
    result = await session.execute(stmt)
    return int(getattr(result, "rowcount", 0) or 0)
