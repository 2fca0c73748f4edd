"""Identity: name, image, stable slug, Spotify id and MusicBrainz id.

Ticketmaster's attraction links come first; without them we search, and only accept a candidate whose
normalised name matches exactly and uniquely — a wrong Spotify id would import someone else's catalog.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from theset.artists.slugs import artist_slug, disambiguated, is_placeholder
from theset.catalog.text import fold_words
from theset.core.db import session_scope
from theset.core.logging import get_logger
from theset.imports.context import ImportContext
from theset.models import Artist

log = get_logger(__name__)


def _same_name(a: str, b: str) -> bool:
    return fold_words(a) == fold_words(b)


def unique_match(name: str, candidates: list[Any], key: str = "name") -> Any | None:
    exact = [c for c in candidates if _same_name(getattr(c, key, "") or "", name)]
    ids = {getattr(c, "id", None) for c in exact}
    return exact[0] if len(ids) == 1 else None


async def _resolve_mbid(ctx: ImportContext, name: str, mbid: str | None) -> str | None:
    if mbid:
        return mbid
    match = unique_match(name, await ctx.providers.musicbrainz.search_artist(name))
    return getattr(match, "id", None)


async def _resolve_spotify(
    ctx: ImportContext, name: str, spotify_id: str | None, mbid: str | None
) -> str | None:
    if spotify_id:
        return spotify_id
    if mbid:
        rels = await ctx.providers.musicbrainz.get_artist_url_rels(mbid)
        ids = set(getattr(rels, "spotify_ids", []) or [])
        if len(ids) == 1:
            return ids.pop()
    match = unique_match(name, await ctx.providers.spotify.search_artist(name))
    return getattr(match, "id", None)


async def _owned_by_other(session: AsyncSession, column: Any, value: str | None, artist_id: Any) -> bool:
    if value is None:
        return False
    owner = (await session.execute(select(Artist.id).where(column == value))).scalar_one_or_none()
    return owner is not None and owner != artist_id


async def _choose_slug(session: AsyncSession, artist: Artist, name: str) -> str:
    if not is_placeholder(artist.slug):
        return artist.slug  # slugs are stable: never renamed once chosen
    base = artist_slug(name)
    taken = (await session.execute(select(Artist.id).where(Artist.slug == base))).scalar_one_or_none()
    return base if taken in (None, artist.id) else disambiguated(base, artist.tm_attraction_id)


async def run(ctx: ImportContext) -> None:
    await ctx.progress("identity", 0.0, "Looking up the artist on Ticketmaster")
    async with session_scope() as session:
        artist = await session.get(Artist, ctx.artist_id)
        assert artist is not None and artist.tm_attraction_id is not None
        tm_id = artist.tm_attraction_id
    attraction = await ctx.providers.ticketmaster.get_attraction(tm_id)
    name = attraction.name
    await ctx.progress("identity", 0.4, f"Found {name}; matching Spotify and MusicBrainz")
    mbid = await _resolve_mbid(ctx, name, attraction.mbid)
    spotify_id = await _resolve_spotify(ctx, name, attraction.spotify_id, mbid)
    async with session_scope() as session:
        artist = await session.get(Artist, ctx.artist_id, with_for_update=True)
        assert artist is not None
        artist.name = name
        artist.image_url = attraction.image_url or artist.image_url
        artist.slug = await _choose_slug(session, artist, name)
        if not await _owned_by_other(session, Artist.spotify_id, spotify_id, artist.id):
            artist.spotify_id = spotify_id or artist.spotify_id
        else:
            log.warning("spotify id already belongs to another artist", spotify_id=spotify_id)
        if not await _owned_by_other(session, Artist.mbid, mbid, artist.id):
            artist.mbid = mbid or artist.mbid
        artist.import_state = "in_progress"
    ctx.stats["identity"] = {"name": name, "spotifyId": spotify_id, "mbid": mbid}
    await ctx.progress("identity", 1.0, f"Identified {name}")
