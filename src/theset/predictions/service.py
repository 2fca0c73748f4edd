"""Predictions from the stored history: the predicted-setlist API, the seeding of upcoming shows and the
back-test all call the same pure predictor with the same inputs. Takes a session, never commits."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from theset.artists import repository as artists_repository
from theset.core import cache
from theset.history import repository as history
from theset.models import HistorySetlist, HistorySong, Song
from theset.predictions.backtest import Report, backtest
from theset.predictions.predictor import CatalogSong, PastShow, PlayedSong, Prediction, ShowInfo, predict
from theset.predictions.schemas import PastSetlist, PastSong, PastVenue
from theset.predictions.stats import SongStats, song_stats, stats_from_json, stats_to_json
from theset.songs.repository import artist_songs
from theset.songs.schemas import SongOut


def parse_release(value: str | None) -> date | None:
    """Spotify's release date at its precision ("1968", "1971-03", "2024-05-17"), padded to a day."""
    if not value:
        return None
    parts = [*value.split("-"), "1", "1"]
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def catalog_song(song: Song) -> CatalogSong:
    return CatalogSong(
        id=str(song.id),
        title=song.name,
        released=parse_release(song.release_date),
        album=song.album_name,
        album_type=song.album_type,
        popularity=song.popularity,
    )


async def catalog(session: AsyncSession, artist_id: uuid.UUID) -> list[CatalogSong]:
    """The studio catalog the prediction ranks (live recordings are never predicted)."""
    songs = await artist_songs(session, artist_id)
    return sorted((catalog_song(s) for s in songs if not s.is_live), key=lambda c: (c.title, c.id))


async def past_shows(
    session: AsyncSession, artist_id: uuid.UUID, before: date | None = None
) -> list[PastShow]:
    shows: dict[uuid.UUID, tuple[date, str | None, list[PlayedSong]]] = {}
    for setlist_id, day, tour, song_id, encore in await history.performed(session, artist_id, before):
        entry = shows.setdefault(setlist_id, (day, tour, []))
        entry[2].append(PlayedSong(str(song_id) if song_id else None, encore > 0))
    return [PastShow(day, tour, tuple(songs)) for day, tour, songs in shows.values()]


async def prediction(
    session: AsyncSession, artist_id: uuid.UUID, as_of: date, limit: int | None = None
) -> Prediction:
    """The prediction for a show on `as_of`, from the history strictly before it."""
    history_before = await past_shows(session, artist_id, before=as_of)
    return predict(history_before, await catalog(session, artist_id), ShowInfo(date=as_of), limit=limit)


async def run_backtest(session: AsyncSession, artist_id: uuid.UUID, name: str, last: int) -> Report:
    return backtest(name, await past_shows(session, artist_id), await catalog(session, artist_id), last=last)


def past_setlist_out(setlist: HistorySetlist, songs: list[HistorySong]) -> PastSetlist:
    return PastSetlist(
        id=setlist.id,
        setlistfmId=setlist.setlistfm_id,
        versionId=setlist.version_id,
        date=setlist.event_date,
        tour=setlist.tour_name,
        venue=PastVenue(name=setlist.venue_name, city=setlist.city, countryCode=setlist.country_code),
        songs=[
            PastSong(
                position=s.position,
                title=s.title,
                songId=s.song_id,
                setNumber=s.set_number,
                encore=s.encore,
                isCover=s.is_cover,
                isTape=s.is_tape,
            )
            for s in songs
        ],
    )


SongSort = Literal["popularity", "played", "currentTour"]
STATS_TTL_S = 3600


async def songs_with_stats(
    session: AsyncSession,
    artist_id: uuid.UUID,
    today: date,
    *,
    limit: int,
    offset: int,
    sort: SongSort = "popularity",
) -> list[SongOut]:
    """The artist's songs with their live statistics; `played` and `currentTour` put the most played
    (ever, or on the current tour) first, ties in the popularity order."""
    stats = await cached_song_stats(session, artist_id, today)
    if sort == "popularity":
        songs = await artists_repository.songs(session, artist_id, limit=limit, offset=offset)
    else:
        counts = stats.tour_plays if sort == "currentTour" else stats.plays
        songs = await _most_played_first(session, artist_id, counts, limit=limit, offset=offset)
    return [with_stats(SongOut.model_validate(song), stats) for song in songs]


async def _most_played_first(
    session: AsyncSession, artist_id: uuid.UUID, counts: Mapping[str, int], *, limit: int, offset: int
) -> list[Song]:
    """A page of the catalog with the songs played most first, ties and the songs never played in the
    catalog's order: reads the played songs and, past them, one page of the others, not the whole
    catalog (2,000 songs read and sorted for a page of 50)."""
    played = await _played(session, artist_id, counts)
    page = played[offset : offset + limit]
    if len(page) < limit:
        page += await artists_repository.songs(
            session,
            artist_id,
            limit=limit - len(page),
            offset=max(0, offset - len(played)),
            excluding=[song.id for song in played],
        )
    return page


async def _played(session: AsyncSession, artist_id: uuid.UUID, counts: Mapping[str, int]) -> list[Song]:
    """The catalog's songs that `counts` has plays for, most played first, ties in the catalog's order."""
    played_ids = [uuid.UUID(song_id) for song_id, plays in counts.items() if plays]
    played = await artists_repository.songs_among(session, artist_id, played_ids)
    played.sort(key=lambda song: -counts[str(song.id)])  # stable: ties stay in the catalog's order
    return played


async def tour_favourites(
    session: AsyncSession, artist_id: uuid.UUID, today: date, *, limit: int
) -> list[SongOut]:
    """The current tour's `limit` most played songs (ties in the popularity order), as
    `songs_with_stats(sort="currentTour")` ranks them, keeping only songs the tour played; none without a
    current tour. Reads only the songs the tour played: unplayed ones rank last and are dropped anyway, and
    reading the whole catalog for them was about half of a cold artist page's CPU."""
    stats = await cached_song_stats(session, artist_id, today)
    if not stats.tour_shows:
        return []
    played = await _played(session, artist_id, stats.tour_plays)
    return [with_stats(SongOut.model_validate(song), stats) for song in played[:limit]]


async def cached_song_stats(session: AsyncSession, artist_id: uuid.UUID, today: date) -> SongStats:
    """The statistics from the whole history, read once per artist and day through the read cache (an
    artist with thousands of past shows would otherwise be read whole on every songs request); dropped
    with the artist's other entries when an import completes or a setlist arrives."""

    async def load() -> dict[str, Any]:
        return stats_to_json(song_stats(await past_shows(session, artist_id), today))

    key = f"artist:{artist_id}:song-stats:{today.isoformat()}"
    raw = await cache.cached(key, STATS_TTL_S, load, tags=[cache.artist_tag(artist_id)])
    return stats_from_json(raw)


def with_stats(out: SongOut, stats: SongStats) -> SongOut:
    song_id = str(out.id)
    out.times_played = stats.plays[song_id]
    out.last_played = stats.last.get(song_id)
    out.current_tour_share = stats.share(song_id)
    return out
