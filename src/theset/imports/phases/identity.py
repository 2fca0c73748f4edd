"""Identity: name, image, stable slug, Spotify id and MusicBrainz id.

Ticketmaster's attraction links come first, then the links MusicBrainz holds between Spotify pages and its
artists; only then a name search, accepted on evidence — a wrong id would import someone else's catalog
(see `resolve_ids`). An artist that stays ambiguous is imported without an MBID and says so.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from theset.artists import repository as artists
from theset.artists.slugs import artist_slug, disambiguated, is_placeholder
from theset.catalog.text import fold_words
from theset.core.db import session_scope
from theset.core.logging import get_logger
from theset.imports.context import ImportContext
from theset.models import Artist
from theset.providers.types import TmAttraction

log = get_logger(__name__)


def _same_name(a: str, b: str) -> bool:
    return fold_words(a) == fold_words(b)


class _Candidate(Protocol):
    """A search hit (MbArtist, SpotifyArtist)."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


C = TypeVar("C", bound=_Candidate)


def unique_match(name: str, candidates: Sequence[C]) -> C | None:
    exact = [c for c in candidates if _same_name(c.name or "", name)]
    ids = {c.id for c in exact}
    return exact[0] if len(ids) == 1 else None


def _one(values: Sequence[str]) -> str | None:
    """The value when exactly one distinct one exists (MusicBrainz may link several Spotify pages)."""
    distinct = set(values)
    return distinct.pop() if len(distinct) == 1 else None


async def mbid_for_spotify(ctx: ImportContext, spotify_id: str) -> str | None:
    """MusicBrainz's artist for a Spotify page, through the URL relation (reverse lookup)."""
    found = await ctx.providers.musicbrainz.lookup_url(f"https://open.spotify.com/artist/{spotify_id}")
    return _one([a.id for a in found])


async def spotify_for_mbid(ctx: ImportContext, mbid: str) -> str | None:
    rels = await ctx.providers.musicbrainz.get_artist_url_rels(mbid)
    return _one(rels.spotify_ids)


async def _mbid_by_evidence(
    ctx: ImportContext, name: str, attraction: TmAttraction
) -> tuple[str | None, bool]:
    """A name search on MusicBrainz, accepted only with evidence: one exact name match, or, among
    several, the one whose url-rels carry this attraction's Ticketmaster page. Returns (mbid, ambiguous)."""
    exact = [c for c in await ctx.providers.musicbrainz.search_artist(name) if _same_name(c.name or "", name)]
    ids = list(dict.fromkeys(c.id for c in exact))
    if len(ids) <= 1:
        return (ids[0] if ids else None), False
    page = (attraction.url or "").rstrip("/")
    linked = []
    for mbid in ids[:5]:  # MusicBrainz is paced at ~1/s: a handful of namesakes at most
        rels = await ctx.providers.musicbrainz.get_artist_url_rels(mbid)
        if page and any(url.rstrip("/") == page for url in rels.ticketmaster_urls):
            linked.append(mbid)
    return (linked[0], False) if len(linked) == 1 else (None, True)


async def resolve_ids(ctx: ImportContext, attraction: TmAttraction) -> tuple[str | None, str | None, bool]:
    """(spotify id, mbid, ambiguous), in the order the sources allow:
    1. the attraction's own links; 2. Spotify -> MusicBrainz through the URL relation;
    3. MusicBrainz -> Spotify through the artist's url-rels; 4. only then a name search, accepted on
    evidence (an exact, unique name; the Spotify page's URL relation; the Ticketmaster page), never
    "the first result"."""
    name, spotify_id, mbid = attraction.name, attraction.spotify_id, attraction.mbid
    if spotify_id and not mbid:
        mbid = await mbid_for_spotify(ctx, spotify_id)
    if mbid and not spotify_id:
        spotify_id = await spotify_for_mbid(ctx, mbid)
    ambiguous = False
    if not spotify_id:
        match = unique_match(name, await ctx.providers.spotify.search_artist(name))
        spotify_id = match.id if match else None
        if spotify_id and not mbid:
            mbid = await mbid_for_spotify(ctx, spotify_id)
    if not mbid:
        mbid, ambiguous = await _mbid_by_evidence(ctx, name, attraction)
        if mbid and not spotify_id:
            spotify_id = await spotify_for_mbid(ctx, mbid)
    return spotify_id, mbid, ambiguous


async def _owned_by_other(
    session: AsyncSession, column: artists.UniqueColumn, value: str | None, artist_id: uuid.UUID
) -> bool:
    if value is None:
        return False
    owner = await artists.id_with(session, column, value)
    return owner is not None and owner != artist_id


async def _choose_slug(session: AsyncSession, artist: Artist, name: str) -> str:
    if not is_placeholder(artist.slug):
        return artist.slug  # slugs are stable: never renamed once chosen
    base = artist_slug(name)
    taken = await artists.id_with(session, "slug", base)
    return base if taken in (None, artist.id) else disambiguated(base, artist.tm_attraction_id)


async def run(ctx: ImportContext) -> None:
    await ctx.progress("identity", 0.0, "Looking up the artist on Ticketmaster")
    async with session_scope() as session:
        tm_id = await artists.tm_attraction_id_for_job(session, ctx.artist_id)
    attraction = await ctx.providers.ticketmaster.get_attraction(tm_id)
    name = attraction.name
    await ctx.progress("identity", 0.4, f"Found {name}; matching Spotify and MusicBrainz")
    spotify_id, mbid, ambiguous = await resolve_ids(ctx, attraction)
    if ambiguous:
        ctx.note(
            f"MusicBrainz lists more than one artist called {name} and nothing tells them apart, so this "
            "artist has no MusicBrainz id: no release types and no setlist.fm history"
        )
    async with session_scope() as session:
        artist = await artists.get_for_job(session, ctx.artist_id, for_update=True)
        artist.name = name
        artist.image_url = attraction.image_url or artist.image_url
        artist.slug = await _choose_slug(session, artist, name)
        if not await _owned_by_other(session, "spotify_id", spotify_id, artist.id):
            artist.spotify_id = spotify_id or artist.spotify_id
        else:
            log.warning("spotify id already belongs to another artist", spotify_id=spotify_id)
        if not await _owned_by_other(session, "mbid", mbid, artist.id):
            artist.mbid = mbid or artist.mbid
        artist.import_state = "in_progress"
    ctx.stats["identity"] = {"name": name, "spotifyId": spotify_id, "mbid": mbid, "ambiguous": ambiguous}
    await ctx.progress("identity", 1.0, f"Identified {name}")
