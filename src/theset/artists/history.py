"""Queries for the artist page beyond the API's: counts of upcoming shows and past shows with how the
prediction did (actual songs played, predicted songs among them) in one statement per page."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, selectinload

from theset.models import Setlist, SetlistSong, Show


async def upcoming_count(session: AsyncSession, artist_id: uuid.UUID, today: date) -> int:
    stmt = select(func.count()).where(
        Show.artist_id == artist_id, or_(Show.date.is_(None), Show.date >= today)
    )
    return int((await session.execute(stmt)).scalar_one())


async def past_count(session: AsyncSession, artist_id: uuid.UUID, today: date) -> int:
    stmt = select(func.count()).where(Show.artist_id == artist_id, Show.date < today)
    return int((await session.execute(stmt)).scalar_one())


async def past_shows(
    session: AsyncSession, artist_id: uuid.UUID, today: date, *, limit: int, offset: int
) -> list[tuple[Show, int, int]]:
    """Past shows newest first, each with (songs in its actual setlist, predicted songs that were played)."""
    a_list, a_song = aliased(Setlist), aliased(SetlistSong)
    p_list, p_song = aliased(Setlist), aliased(SetlistSong)
    played = (
        select(func.count())
        .select_from(a_song)
        .join(a_list, a_list.id == a_song.setlist_id)
        .where(a_list.show_id == Show.id, a_list.kind == "actual")
        .scalar_subquery()
    )
    a2_list, a2_song = aliased(Setlist), aliased(SetlistSong)
    hits = (
        select(func.count())
        .select_from(p_song)
        .join(p_list, p_list.id == p_song.setlist_id)
        .where(p_list.show_id == Show.id, p_list.kind == "predicted", p_song.song_id.is_not(None))
        .where(
            select(a2_song.id)
            .join(a2_list, a2_list.id == a2_song.setlist_id)
            .where(
                and_(a2_list.show_id == Show.id, a2_list.kind == "actual", a2_song.song_id == p_song.song_id)
            )
            .exists()
        )
        .scalar_subquery()
    )
    stmt = (
        select(Show, played, hits)
        .options(selectinload(Show.venue))
        .where(Show.artist_id == artist_id, Show.date < today)
        .order_by(Show.date.desc(), Show.id)
        .limit(limit)
        .offset(offset)
    )
    return [(row[0], int(row[1]), int(row[2])) for row in (await session.execute(stmt)).all()]
