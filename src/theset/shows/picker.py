"""The "add a song" picker: the artist's studio songs matching what the fan typed, minus the songs the
predicted setlist already has."""

from __future__ import annotations

import uuid

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from theset.models import ArtistSong, Setlist, SetlistSong, Song


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def catalog_matches(
    session: AsyncSession, artist_id: uuid.UUID, show_id: uuid.UUID, query: str, limit: int
) -> list[Song]:
    in_setlist = (
        select(SetlistSong.song_id)
        .join(Setlist, Setlist.id == SetlistSong.setlist_id)
        .where(Setlist.show_id == show_id, Setlist.kind == "predicted", SetlistSong.song_id.is_not(None))
    )
    contains = Song.name.ilike("%" + _escape_like(query) + "%", escape="\\")
    stmt = (
        select(Song)
        .join(ArtistSong, ArtistSong.song_id == Song.id)
        .where(ArtistSong.artist_id == artist_id, Song.id.not_in(in_setlist))
        .where(or_(contains, Song.name.bool_op("%")(query)))
        .order_by(
            contains.desc(), func.similarity(Song.name, query).desc(), Song.popularity.desc().nulls_last()
        )
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars().all())
