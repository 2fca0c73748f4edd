"""Song queries and the catalog upsert."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from theset.core.upsert import chunked, upsert_changed
from theset.models import ArtistSong, Song

SONG_FIELDS = (
    "isrc", "name", "normalized_name", "album_name", "album_spotify_id", "album_type", "release_date",
    "popularity", "duration_ms", "is_live", "is_remix", "merged_spotify_ids",
)  # fmt: skip


async def artist_songs(session: AsyncSession, artist_id: uuid.UUID) -> list[Song]:
    stmt = (
        select(Song).join(ArtistSong, ArtistSong.song_id == Song.id).where(ArtistSong.artist_id == artist_id)
    )
    return list((await session.execute(stmt)).scalars().all())


async def upsert_songs(session: AsyncSession, artist_id: uuid.UUID, rows: Sequence[dict[str, Any]]) -> int:
    """Upsert on spotify_id, link every song to the artist; unchanged songs are not rewritten."""
    for chunk in chunked(rows, Song):
        await session.execute(upsert_changed(Song, Song.spotify_id, chunk, SONG_FIELDS))
        keys = [r["spotify_id"] for r in chunk]
        song_ids = (await session.execute(select(Song.id).where(Song.spotify_id.in_(keys)))).scalars().all()
        links = [{"artist_id": artist_id, "song_id": song_id} for song_id in song_ids]
        await session.execute(insert(ArtistSong).values(links).on_conflict_do_nothing())
    return len(rows)
