"""How setlist.fm song titles find the artist's catalog songs: by title key, shared by the actual-setlist
sync and the stored history so both link the same way."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from theset.catalog.titles import title_key
from theset.songs.repository import artist_songs


async def catalog_keys(session: AsyncSession, artist_id: uuid.UUID) -> dict[str, uuid.UUID]:
    """Title key → song; a studio recording wins over a live one of the same title."""
    songs = sorted(await artist_songs(session, artist_id), key=lambda song: not song.is_live)
    return {song.normalized_name or title_key(song.name): song.id for song in songs}
