"""Queries for the artist page beyond the API's: its totals (upcoming and past shows, studio songs), a
page of past shows, and how the crowd's prediction did at those shows."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import ARRAY, Select, Uuid, any_, bindparam, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from theset.artists.repository import with_venues
from theset.models import ArtistSong, Setlist, SetlistSong, Show, ShowArtist
from theset.shows.repository import is_upcoming


def _of_artist(artist_id: uuid.UUID) -> Any:
    """Shows the artist plays, support slots included (show_artists), as artists/repository counts them."""
    return Show.id.in_(select(ShowArtist.show_id).where(ShowArtist.artist_id == artist_id))


async def totals(session: AsyncSession, artist_id: uuid.UUID, today: date) -> dict[str, int]:
    """The page's totals in one statement: upcoming shows (the page header's count and the upcoming list's
    total: the shows `repository.shows` lists), past shows, and studio songs."""
    songs = select(func.count()).where(ArtistSong.artist_id == artist_id).scalar_subquery()
    stmt = select(
        func.count().filter(is_upcoming(today)), func.count().filter(Show.date < today), songs
    ).where(_of_artist(artist_id))
    upcoming, past, n_songs = (await session.execute(stmt)).one()
    return {"upcoming": int(upcoming), "past": int(past), "songs": int(n_songs)}


async def past_shows(
    session: AsyncSession, artist_id: uuid.UUID, today: date, *, limit: int, offset: int
) -> list[Show]:
    order = (Show.date.desc(), Show.id)
    page = select(Show.id).where(_of_artist(artist_id), Show.date < today).order_by(*order)
    stmt = with_venues(page.limit(limit).offset(offset), order)
    return list((await session.execute(stmt)).scalars().all())


def _crowd_results() -> Select[uuid.UUID, int, int]:
    """`crowd_results`' statement, without self-joins: each entry of the shows' (`:show_ids`) setlists with
    its crowd rank, then one row per (show, song) with how often it was played, its crowd rank and the
    show's set length, then one row per show: (show, songs played, songs predicted by the crowd)."""
    is_actual = Setlist.kind == "actual"
    crowd_rank = func.row_number().over(
        partition_by=Setlist.id, order_by=(SetlistSong.vote_count.desc(), SetlistSong.position)
    )
    entries = (
        select(
            Setlist.show_id,
            SetlistSong.song_id,
            is_actual.label("is_actual"),
            case((Setlist.kind == "predicted", crowd_rank)).label("crowd_rank"),
        )
        .join(SetlistSong, SetlistSong.setlist_id == Setlist.id)
        .where(
            Setlist.show_id == any_(bindparam("show_ids", type_=ARRAY(Uuid))),
            Setlist.kind.in_(("actual", "predicted")),
        )
        .subquery("entries")
    )
    times_played = func.count().filter(entries.c.is_actual)
    songs = (
        select(
            entries.c.show_id,
            entries.c.song_id,
            times_played.label("times_played"),
            func.min(entries.c.crowd_rank).label("crowd_rank"),
            func.sum(times_played).over(partition_by=entries.c.show_id).label("played"),
        )
        .group_by(entries.c.show_id, entries.c.song_id)
        .subquery("songs")
    )
    hit = songs.c.song_id.is_not(None) & (songs.c.times_played > 0) & (songs.c.crowd_rank <= songs.c.played)
    return (
        select(songs.c.show_id, func.max(songs.c.played), func.count().filter(hit))
        .group_by(songs.c.show_id)
        .having(func.max(songs.c.played) > 0)
    )


# Built once: the statement's subqueries cost more Python to build than its 20 rows to read. The show ids
# go in as one array parameter (`= ANY`), so every page size is the same prepared statement.
_CROWD_RESULTS = _crowd_results()


async def crowd_results(session: AsyncSession, show_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[int, int]]:
    """How the crowd did at each of these shows, by the show page's rule (shows/page.py, shows/results.py):
    (songs played, how many of them the crowd predicted) — the actual setlist's length N, and the distinct
    catalog songs it shares with the predicted setlist's top N by votes (ties in setlist order). Shows
    without an actual setlist, or with an empty one, are left out. Counted in PostgreSQL, one row per
    show: reading every entry of both setlists (about a thousand rows for a page of 20 shows) and ranking
    them in Python was most of the past-shows section's cost."""
    if not show_ids:
        return {}
    rows = await session.execute(_CROWD_RESULTS, {"show_ids": show_ids})
    return {show_id: (int(n), int(hit)) for show_id, n, hit in rows.all()}
