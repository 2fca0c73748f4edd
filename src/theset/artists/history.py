"""Queries for the artist page beyond the API's: counts of upcoming and past shows, a page of past shows,
and those shows' setlists in one query (how the prediction did is worked out from them)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from theset.models import Setlist, SetlistSong, Show, ShowArtist
from theset.shows.repository import is_upcoming


def _of_artist(artist_id: uuid.UUID) -> Any:
    """Shows the artist plays, support slots included (show_artists), as artists/repository counts them."""
    return Show.id.in_(select(ShowArtist.show_id).where(ShowArtist.artist_id == artist_id))


async def upcoming_count(session: AsyncSession, artist_id: uuid.UUID, today: date) -> int:
    """The page header's count and the upcoming list's total: the shows `repository.shows` lists."""
    stmt = select(func.count()).where(_of_artist(artist_id), is_upcoming(today))
    return int((await session.execute(stmt)).scalar_one())


async def past_count(session: AsyncSession, artist_id: uuid.UUID, today: date) -> int:
    stmt = select(func.count()).where(_of_artist(artist_id), Show.date < today)
    return int((await session.execute(stmt)).scalar_one())


async def past_shows(
    session: AsyncSession, artist_id: uuid.UUID, today: date, *, limit: int, offset: int
) -> list[Show]:
    stmt = (
        select(Show)
        .options(selectinload(Show.venue))
        .where(_of_artist(artist_id), Show.date < today)
        .order_by(Show.date.desc(), Show.id)
        .limit(limit)
        .offset(offset)
    )
    return list((await session.execute(stmt)).scalars().all())


async def setlist_entries(
    session: AsyncSession, show_ids: list[uuid.UUID]
) -> dict[uuid.UUID, dict[str, list[dict[str, Any]]]]:
    """The predicted and actual setlists of these shows, in order: {show: {kind: [entry]}} in one query."""
    if not show_ids:
        return {}
    stmt = (
        select(
            Setlist.show_id, Setlist.kind, SetlistSong.song_id, SetlistSong.vote_count, SetlistSong.position
        )
        .join(SetlistSong, SetlistSong.setlist_id == Setlist.id)
        .where(Setlist.show_id.in_(show_ids))
        .order_by(Setlist.show_id, Setlist.kind, SetlistSong.position)
    )
    found: dict[uuid.UUID, dict[str, list[dict[str, Any]]]] = {}
    for show_id, kind, song_id, votes, position in (await session.execute(stmt)).all():
        entry = {"songId": str(song_id) if song_id else None, "votes": votes, "position": position}
        found.setdefault(show_id, {}).setdefault(kind, []).append(entry)
    return found
