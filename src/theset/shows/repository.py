"""Show queries: upserts on the Ticketmaster natural key, and one show with its setlists."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from theset.core.upsert import chunked, upsert_changed
from theset.models import Artist, Setlist, SetlistSong, Show

SHOW_FIELDS = (
    "artist_id", "venue_id", "name", "date", "starts_at", "local_time", "timezone", "date_tba", "time_tba",
    "status", "url", "image_url",
)  # fmt: skip


async def upsert_shows(session: AsyncSession, rows: Iterable[Mapping[str, Any]]) -> None:
    """Upsert on tm_event_id; rows whose upstream data did not change are not written at all."""
    unique = list({row["tm_event_id"]: dict(row) for row in rows}.values())
    for chunk in chunked(unique, Show):
        await session.execute(upsert_changed(Show, Show.tm_event_id, chunk, SHOW_FIELDS))


async def show_with_venue(session: AsyncSession, show_id: uuid.UUID) -> Show | None:
    stmt = select(Show).options(selectinload(Show.venue)).where(Show.id == show_id)
    return (await session.execute(stmt)).scalar_one_or_none()


async def artist_of(session: AsyncSession, show: Show) -> Artist | None:
    return await session.get(Artist, show.artist_id)


async def setlists_with_songs(
    session: AsyncSession, show_id: uuid.UUID
) -> list[tuple[Setlist, list[SetlistSong]]]:
    """The show's setlists, each with its songs in order (two queries whatever the number of setlists)."""
    setlists = (await session.execute(select(Setlist).where(Setlist.show_id == show_id))).scalars().all()
    songs = (
        await session.execute(
            select(SetlistSong)
            .where(SetlistSong.setlist_id.in_([s.id for s in setlists]))
            .order_by(SetlistSong.position)
        )
    ).scalars()
    by_setlist: dict[uuid.UUID, list[SetlistSong]] = {s.id: [] for s in setlists}
    for song in songs:
        by_setlist[song.setlist_id].append(song)
    return [(setlist, by_setlist[setlist.id]) for setlist in setlists]
