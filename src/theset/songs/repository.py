"""Song queries and the catalog upsert."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

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
    if not rows:
        return 0
    stmt = insert(Song).values([{"id": uuid.uuid4(), **row} for row in rows])
    excluded = stmt.excluded
    changed = Song.__table__.c.name.is_distinct_from(excluded.name)
    for field in SONG_FIELDS[2:]:
        changed = changed | getattr(Song, field).is_distinct_from(getattr(excluded, field))
    stmt = stmt.on_conflict_do_update(
        index_elements=[Song.spotify_id],
        set_={f: getattr(excluded, f) for f in SONG_FIELDS},
        where=changed | Song.isrc.is_distinct_from(excluded.isrc),
    )
    await session.execute(stmt)
    ids = (
        await session.execute(select(Song.id).where(Song.spotify_id.in_([r["spotify_id"] for r in rows])))
    ).scalars()
    links = [{"artist_id": artist_id, "song_id": song_id} for song_id in ids]
    await session.execute(insert(ArtistSong).values(links).on_conflict_do_nothing())
    return len(rows)
