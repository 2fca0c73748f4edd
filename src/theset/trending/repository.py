"""Queries behind trending: one aggregate read of every artist's signals, the most-voted shows of a
window, one bulk score write, and the page-view fold."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from theset.artists.repository import is_public
from theset.models import Artist, ArtistPageViews, Setlist, SetlistSong, Show, ShowArtist, Venue, Vote
from theset.shows.repository import is_upcoming

# Every window's counts come from the same read: (name, days back).
WINDOWS = {"today": 1, "week": 7, "month": 30}


@dataclass(frozen=True)
class ArtistSignals:
    id: uuid.UUID
    name: str
    slug: str
    image_url: str | None
    popularity: int | None
    followers: int | None
    current_score: float
    upcoming_shows: int
    next_show: date | None
    votes: Mapping[str, int]  # per window name
    views: Mapping[str, int]


def _counts_by_window(column: Any, since: Mapping[str, Any]) -> list[Any]:
    return [func.count().filter(column >= since[name]).label(name) for name in WINDOWS]


async def artist_signals(session: AsyncSession, *, now: datetime) -> list[ArtistSignals]:
    today = now.date()
    vote_since = {name: now - timedelta(days=days) for name, days in WINDOWS.items()}
    # Views are stored per UTC day: "today" is today's row, "week" the last seven days' rows.
    view_since = {name: today - timedelta(days=days - 1) for name, days in WINDOWS.items()}
    # Every upcoming show the artist plays, support slots included (show_artists), as its page counts them.
    upcoming = (
        select(ShowArtist.artist_id, func.count().label("n"), func.min(Show.date).label("next_show"))
        .join(Show, Show.id == ShowArtist.show_id)
        .where(is_upcoming(today))
        .group_by(ShowArtist.artist_id)
        .subquery()
    )
    votes = (
        select(Show.artist_id, *_counts_by_window(Vote.created_at, vote_since))
        .join(Setlist, Setlist.show_id == Show.id)
        .join(SetlistSong, SetlistSong.setlist_id == Setlist.id)
        .join(Vote, Vote.setlist_song_id == SetlistSong.id)
        .where(Vote.created_at >= vote_since["month"])
        .group_by(Show.artist_id)
        .subquery()
    )
    views = (
        select(
            ArtistPageViews.artist_id,
            *[
                func.coalesce(
                    func.sum(ArtistPageViews.views).filter(ArtistPageViews.day >= view_since[n]), 0
                ).label(n)
                for n in WINDOWS
            ],
        )
        .where(ArtistPageViews.day >= view_since["month"])
        .group_by(ArtistPageViews.artist_id)
        .subquery()
    )
    stmt = (
        select(
            Artist.id,
            Artist.name,
            Artist.slug,
            Artist.image_url,
            Artist.popularity,
            Artist.followers,
            Artist.trending_score,
            upcoming.c.n,
            upcoming.c.next_show,
            *[votes.c[n] for n in WINDOWS],
            *[views.c[n] for n in WINDOWS],
        )
        .outerjoin(upcoming, upcoming.c.artist_id == Artist.id)
        .outerjoin(votes, votes.c.artist_id == Artist.id)
        .outerjoin(views, views.c.artist_id == Artist.id)
        .where(is_public())
    )
    n = len(WINDOWS)
    return [
        ArtistSignals(
            id=r[0],
            name=r[1],
            slug=r[2],
            image_url=r[3],
            popularity=r[4],
            followers=r[5],
            current_score=float(r[6] or 0.0),
            upcoming_shows=int(r[7] or 0),
            next_show=r[8],
            votes={w: int(r[9 + i] or 0) for i, w in enumerate(WINDOWS)},
            views={w: int(r[9 + n + i] or 0) for i, w in enumerate(WINDOWS)},
        )
        for r in (await session.execute(stmt)).all()
    ]


async def stored_ranking(session: AsyncSession, *, limit: int) -> list[tuple[Any, ...]]:
    """Public artists by the score the hourly job stored (`artists.trending_score`, the week's), highest
    first: one read down `ix_artists_trending_score`, for when the cached boards are missing."""
    stmt = (
        select(Artist.id, Artist.name, Artist.slug, Artist.image_url, Artist.trending_score)
        .where(is_public(), Artist.trending_score > 0)
        .order_by(Artist.trending_score.desc(), func.lower(Artist.name), Artist.id)
        .limit(limit)
    )
    return [tuple(r) for r in (await session.execute(stmt)).all()]


async def most_voted_shows(session: AsyncSession, *, since: datetime, limit: int) -> list[dict[str, Any]]:
    """Shows by votes cast since `since`, most first."""
    counts = (
        select(Setlist.show_id, func.count(Vote.id).label("votes"))
        .join(SetlistSong, SetlistSong.setlist_id == Setlist.id)
        .join(Vote, Vote.setlist_song_id == SetlistSong.id)
        .where(Vote.created_at >= since)
        .group_by(Setlist.show_id)
        .subquery()
    )
    stmt = (
        select(
            Show.id,
            Show.name,
            Show.date,
            Show.status,
            Artist.name,
            Artist.slug,
            Venue.name,
            Venue.city,
            counts.c.votes,
        )
        .join(counts, counts.c.show_id == Show.id)
        .join(Artist, Artist.id == Show.artist_id)
        .outerjoin(Venue, Venue.id == Show.venue_id)
        .order_by(counts.c.votes.desc(), Show.date.asc().nulls_last(), Show.id)
        .limit(limit)
    )
    return [
        {
            "id": str(r[0]),
            "name": r[1],
            "date": r[2].isoformat() if r[2] else None,
            "status": r[3],
            "artist": {"name": r[4], "slug": r[5]},
            "venue": {"name": r[6], "city": r[7]},
            "votes": int(r[8]),
        }
        for r in (await session.execute(stmt)).all()
    ]


async def write_scores(session: AsyncSession, scores: dict[uuid.UUID, float]) -> None:
    if scores:
        await session.execute(
            update(Artist),
            [{"id": artist_id, "trending_score": score} for artist_id, score in scores.items()],
        )


async def add_page_views(session: AsyncSession, counts: Mapping[tuple[uuid.UUID, date], int]) -> None:
    """Add folded counters to the per-day rows and to the artist's all-time `view_count`. Counters of
    artists deleted meanwhile are dropped (the join keeps only existing artists)."""
    if not counts:
        return
    known = set(
        (await session.execute(select(Artist.id).where(Artist.id.in_({a for a, _ in counts})))).scalars()
    )
    kept = {key: n for key, n in counts.items() if key[0] in known}
    if not kept:
        return
    rows = [{"artist_id": a, "day": d, "views": n} for (a, d), n in kept.items()]
    stmt = insert(ArtistPageViews).values(rows)
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=[ArtistPageViews.artist_id, ArtistPageViews.day],
            set_={"views": ArtistPageViews.views + stmt.excluded.views},
        )
    )
    totals: dict[uuid.UUID, int] = {}
    for (artist_id, _), n in kept.items():
        totals[artist_id] = totals.get(artist_id, 0) + n
    for artist_id, n in totals.items():  # a handful of artists per hour: one small UPDATE each
        await session.execute(
            update(Artist).where(Artist.id == artist_id).values(view_count=Artist.view_count + n)
        )
