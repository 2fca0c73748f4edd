"""Artist pages' data: one artist, its shows, its studio songs, typeahead search."""

from __future__ import annotations

from datetime import date
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from theset.artists import repository
from theset.artists.schemas import ArtistOut, ImportInfo, ShowOut, SongOut, VenueOut
from theset.core.errors import NotFound
from theset.imports.repository import get_status
from theset.models import Artist, Show, Song
from theset.predictions.service import past_shows
from theset.predictions.stats import SongStats, song_stats


async def get_artist(session: AsyncSession, key: str) -> Artist:
    if "\x00" in key:  # PostgreSQL text cannot hold NUL: no artist has it, and asking would be a 500
        raise NotFound("artist not found")
    artist = await repository.by_id_or_slug(session, key.strip()[:320])
    if artist is None:
        raise NotFound(f"artist {key!r} not found")
    return artist


async def artist_out(session: AsyncSession, artist: Artist) -> ArtistOut:
    n_shows, n_songs = await repository.counts(session, artist.id)
    status = await get_status(session, artist.id)
    return ArtistOut(
        id=artist.id,
        name=artist.name,
        slug=artist.slug,
        tmAttractionId=artist.tm_attraction_id,
        spotifyId=artist.spotify_id,
        mbid=artist.mbid,
        imageUrl=artist.image_url,
        importState=artist.import_state,
        showsSyncedAt=artist.shows_synced_at,
        songCatalogSyncedAt=artist.song_catalog_synced_at,
        lastSyncedAt=artist.last_synced_at,
        showCount=n_shows,
        songCount=n_songs,
        importStatus=ImportInfo(
            stage=status.stage, progress=status.progress, message=status.message, updatedAt=status.updated_at
        )
        if status
        else None,
    )


def show_out(show: Show) -> ShowOut:
    venue = show.venue
    return ShowOut(
        id=show.id,
        tmEventId=show.tm_event_id,
        name=show.name,
        date=show.date,
        startsAt=show.starts_at,
        localTime=show.local_time,
        timezone=show.timezone,
        dateTba=show.date_tba,
        timeTba=show.time_tba,
        status=show.status,
        url=show.url,
        imageUrl=show.image_url,
        setlistReady=show.setlist_ready,
        venue=VenueOut(
            id=venue.id,
            name=venue.name,
            city=venue.city,
            state=venue.state,
            country=venue.country,
            countryCode=venue.country_code,
            timezone=venue.timezone,
            latitude=venue.latitude,
            longitude=venue.longitude,
        )
        if venue
        else None,
    )


def song_out(song: Song) -> SongOut:
    return SongOut(
        id=song.id,
        spotifyId=song.spotify_id,
        name=song.name,
        albumName=song.album_name,
        isrc=song.isrc,
        durationMs=song.duration_ms,
        popularity=song.popularity,
        releaseDate=song.release_date,
        albumType=song.album_type,
        isRemix=song.is_remix,
    )


async def list_shows(
    session: AsyncSession, key: str, *, upcoming: bool, limit: int, offset: int
) -> list[ShowOut]:
    artist = await get_artist(session, key)
    rows = await repository.shows(
        session, artist.id, upcoming_from=date.today() if upcoming else None, limit=limit, offset=offset
    )
    return [show_out(s) for s in rows]


SongSort = Literal["popularity", "played", "currentTour"]
ALL_SONGS = 100_000


async def list_songs(
    session: AsyncSession, key: str, *, limit: int, offset: int, sort: SongSort = "popularity"
) -> list[SongOut]:
    """The artist's songs with their live statistics; `played` and `currentTour` put the most played
    (ever, or on the current tour) first, ties in the popularity order."""
    artist = await get_artist(session, key)
    stats = song_stats(await past_shows(session, artist.id), date.today())
    if sort == "popularity":
        songs = await repository.songs(session, artist.id, limit=limit, offset=offset)
    else:
        counts = stats.tour_plays if sort == "currentTour" else stats.plays
        every = await repository.songs(session, artist.id, limit=ALL_SONGS, offset=0)
        songs = sorted(every, key=lambda song: -counts[str(song.id)])[offset : offset + limit]
    return [with_stats(song_out(song), stats) for song in songs]


def with_stats(out: SongOut, stats: SongStats) -> SongOut:
    song_id = str(out.id)
    out.timesPlayed = stats.plays[song_id]
    out.lastPlayed = stats.last.get(song_id)
    out.currentTourShare = stats.share(song_id)
    return out
