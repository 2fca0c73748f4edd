"""Past setlists and the predicted setlist of an artist."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from theset.artists.schemas import Page
from theset.artists.service import get_artist
from theset.core.clock import ClockDep
from theset.core.deps import SessionDep
from theset.history import repository as history
from theset.predictions import service
from theset.predictions.schemas import BasedOn, PastSetlist, PredictedSetlist, PredictedSong
from theset.songs.schemas import SongOut

router = APIRouter(prefix="/api/artists", tags=["predictions"])
Limit = Annotated[int, Query(ge=1, le=100)]
Offset = Annotated[int, Query(ge=0, le=100_000)]
# Bounded so date arithmetic never overflows on a hostile asOf (year 1 or 9999).
AsOf = Annotated[date | None, Query(alias="asOf", ge=date(1900, 1, 1), le=date(2200, 1, 1))]


@router.get("/{artist_key}/songs", response_model=Page[SongOut])
async def artist_songs(
    artist_key: str,
    session: SessionDep,
    clock: ClockDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
    offset: Offset = 0,
    sort: service.SongSort = "popularity",
) -> Page[SongOut]:
    """Studio songs with timesPlayed, lastPlayed and currentTourShare from the setlist history."""
    artist = await get_artist(session, artist_key)
    today = clock().date()
    items = await service.songs_with_stats(session, artist.id, today, limit=limit, offset=offset, sort=sort)
    return Page[SongOut](items=items, limit=limit, offset=offset)


@router.get("/{artist_key}/setlists", response_model=Page[PastSetlist])
async def past_setlists(
    artist_key: str, session: SessionDep, limit: Limit = 20, offset: Offset = 0
) -> Page[PastSetlist]:
    """The artist's past setlists from setlist.fm, newest first."""
    artist = await get_artist(session, artist_key)
    rows = await history.page(session, artist.id, limit=limit, offset=offset)
    return Page[PastSetlist](
        items=[service.past_setlist_out(setlist, songs) for setlist, songs in rows],
        limit=limit,
        offset=offset,
    )


@router.get("/{artist_key}/predicted-setlist", response_model=PredictedSetlist)
async def predicted_setlist(
    artist_key: str, session: SessionDep, clock: ClockDep, as_of: AsOf = None, limit: Limit | None = None
) -> PredictedSetlist:
    """The top `limit` songs (default: the usual set length) predicted from the history before `asOf`
    (default: today)."""
    artist = await get_artist(session, artist_key)
    predicted = await service.prediction(session, artist.id, as_of or clock().date(), limit)
    return PredictedSetlist(
        songs=[
            PredictedSong(songId=uuid.UUID(r.song.id), title=r.song.title, score=r.score, reason=r.reason)
            for r in predicted.songs
        ],
        basedOn=BasedOn(
            setlists=predicted.setlists,
            since=predicted.since,
            tour=predicted.tour,
            tourShows=predicted.tour_shows,
            summary=predicted.summary,
        ),
    )
