"""Queries behind the trending score: one aggregate read, one bulk write."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from theset.artists.repository import is_public
from theset.models import Artist, Setlist, SetlistSong, Show, ShowArtist, Vote


@dataclass(frozen=True)
class ArtistSignals:
    id: uuid.UUID
    name: str
    slug: str
    image_url: str | None
    view_count: int
    current_score: float
    upcoming_shows: int
    next_show: date | None
    recent_votes: int


async def artist_signals(session: AsyncSession, *, today: date, votes_since: datetime) -> list[ArtistSignals]:
    # Every show the artist plays, support slots included (show_artists), counts as upcoming.
    upcoming = (
        select(
            ShowArtist.artist_id.label("artist_id"),
            func.count().label("upcoming"),
            func.min(Show.date).label("next_show"),
        )
        .join(Show, Show.id == ShowArtist.show_id)
        .where(Show.date >= today, Show.status != "cancelled")
        .group_by(ShowArtist.artist_id)
        .subquery()
    )
    votes = (
        select(Show.artist_id.label("artist_id"), func.count(Vote.id).label("votes"))
        .join(Setlist, Setlist.show_id == Show.id)
        .join(SetlistSong, SetlistSong.setlist_id == Setlist.id)
        .join(Vote, Vote.setlist_song_id == SetlistSong.id)
        .where(Vote.created_at >= votes_since)
        .group_by(Show.artist_id)
        .subquery()
    )
    stmt = (
        select(
            Artist.id,
            Artist.name,
            Artist.slug,
            Artist.image_url,
            Artist.view_count,
            Artist.trending_score,
            func.coalesce(upcoming.c.upcoming, 0),
            upcoming.c.next_show,
            func.coalesce(votes.c.votes, 0),
        )
        .outerjoin(upcoming, upcoming.c.artist_id == Artist.id)
        .outerjoin(votes, votes.c.artist_id == Artist.id)
        .where(is_public())
    )
    rows = (await session.execute(stmt)).all()
    return [
        ArtistSignals(
            id=r[0],
            name=r[1],
            slug=r[2],
            image_url=r[3],
            view_count=int(r[4] or 0),
            current_score=float(r[5] or 0.0),
            upcoming_shows=int(r[6]),
            next_show=r[7],
            recent_votes=int(r[8]),
        )
        for r in rows
    ]


async def write_scores(session: AsyncSession, scores: dict[uuid.UUID, float]) -> None:
    if scores:
        await session.execute(
            update(Artist),
            [{"id": artist_id, "trending_score": score} for artist_id, score in scores.items()],
        )
