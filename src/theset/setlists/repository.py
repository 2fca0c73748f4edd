"""Predicted-setlist seeding queries."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from theset.models import Setlist, SetlistSong, Show


async def upcoming_shows_without_prediction(
    session: AsyncSession, artist_id: uuid.UUID, today: date
) -> list[Show]:
    has_prediction = (
        select(Setlist.id).where(Setlist.show_id == Show.id, Setlist.kind == "predicted").exists()
    )
    stmt = select(Show).where(
        Show.artist_id == artist_id,
        Show.status.not_in(("cancelled",)),
        (Show.date.is_(None)) | (Show.date >= today),
        ~has_prediction,
    )
    return list((await session.execute(stmt)).scalars().all())


async def seed_prediction(
    session: AsyncSession, show_id: uuid.UUID, songs: Sequence[tuple[uuid.UUID, str]]
) -> bool:
    """Create the show's predicted setlist with `songs` in order; a no-op if one already exists."""
    setlist_id = uuid.uuid4()
    created = await session.execute(
        insert(Setlist)
        .values(id=setlist_id, show_id=show_id, kind="predicted")
        .on_conflict_do_nothing(index_elements=[Setlist.show_id, Setlist.kind])
        .returning(Setlist.id)
    )
    if created.scalar_one_or_none() is None or not songs:
        return False
    await session.execute(
        insert(SetlistSong).values(
            [
                {
                    "id": uuid.uuid4(),
                    "setlist_id": setlist_id,
                    "song_id": song_id,
                    "title": title[:500],
                    "position": i,
                }
                for i, (song_id, title) in enumerate(songs, start=1)
            ]
        )
    )
    return True
