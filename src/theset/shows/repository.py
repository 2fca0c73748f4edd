"""Show upserts on the Ticketmaster natural key."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from theset.core.upsert import chunked, upsert_changed
from theset.models import Show

SHOW_FIELDS = (
    "artist_id", "venue_id", "name", "date", "starts_at", "local_time", "timezone", "date_tba", "time_tba",
    "status", "url", "image_url",
)  # fmt: skip


async def upsert_shows(session: AsyncSession, rows: Iterable[Mapping[str, Any]]) -> None:
    """Upsert on tm_event_id; rows whose upstream data did not change are not written at all."""
    unique = list({row["tm_event_id"]: dict(row) for row in rows}.values())
    for chunk in chunked(unique, Show):
        await session.execute(upsert_changed(Show, Show.tm_event_id, chunk, SHOW_FIELDS))
