"""Predicted-setlist seeding queries."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from theset.core.upsert import chunked
from theset.models import Setlist, SetlistSong, Show


async def upcoming_shows_without_prediction(
    session: AsyncSession, artist_id: uuid.UUID, today: date
) -> list[uuid.UUID]:
    has_prediction = (
        select(Setlist.id).where(Setlist.show_id == Show.id, Setlist.kind == "predicted").exists()
    )
    stmt = select(Show.id).where(
        Show.artist_id == artist_id,
        Show.status.not_in(("cancelled",)),
        (Show.date.is_(None)) | (Show.date >= today),
        ~has_prediction,
    )
    return list((await session.execute(stmt)).scalars().all())


async def seed_predictions(
    session: AsyncSession, show_ids: Sequence[uuid.UUID], songs: Sequence[tuple[uuid.UUID, str]]
) -> int:
    """Give each show a predicted setlist with `songs` in order, in bulk; shows that already have one
    (a concurrent run got there first) are left alone. Returns how many setlists were created."""
    created: list[uuid.UUID] = []
    setlists = [{"id": uuid.uuid4(), "show_id": show_id, "kind": "predicted"} for show_id in show_ids]
    for chunk in chunked(setlists, Setlist):
        stmt = (
            insert(Setlist)
            .values(list(chunk))
            .on_conflict_do_nothing(index_elements=[Setlist.show_id, Setlist.kind])
            .returning(Setlist.id)
        )
        created.extend((await session.execute(stmt)).scalars().all())
    entries = [
        {
            "id": uuid.uuid4(),
            "setlist_id": setlist_id,
            "song_id": song_id,
            "title": title[:500],
            "position": i,
        }
        for setlist_id in created
        for i, (song_id, title) in enumerate(songs, start=1)
    ]
    for chunk in chunked(entries, SetlistSong):
        await session.execute(insert(SetlistSong).values(list(chunk)))
    return len(created)
