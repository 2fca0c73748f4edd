"""Artist pages' data: one artist, its shows, its studio songs."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from theset.artists import repository
from theset.artists.schemas import ArtistFields, ArtistOut, ImportStatusOut
from theset.core.errors import NotFound
from theset.models import Artist
from theset.shows.schemas import ShowOut


async def get_artist(session: AsyncSession, key: str) -> Artist:
    artist = await repository.by_id_or_slug(session, key.strip()[:320])
    if artist is None:
        raise NotFound(f"artist {key!r} not found")
    return artist


async def artist_out(session: AsyncSession, artist: Artist) -> ArtistOut:
    n_shows, n_songs = await repository.counts(session, artist.id)
    status = await repository.import_status(session, artist.id)
    return ArtistOut(
        **dict(ArtistFields.model_validate(artist)),
        show_count=n_shows,
        song_count=n_songs,
        import_status=ImportStatusOut.model_validate(status) if status else None,
    )


async def list_shows(
    session: AsyncSession, key: str, *, upcoming_from: date | None, limit: int, offset: int
) -> list[ShowOut]:
    """Shows on or after `upcoming_from` (a UTC day) soonest first, or all of them latest first."""
    artist = await get_artist(session, key)
    rows = await repository.shows(session, artist.id, upcoming_from=upcoming_from, limit=limit, offset=offset)
    return [ShowOut.model_validate(s) for s in rows]
