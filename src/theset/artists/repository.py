"""Artist read queries."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from theset.artists.slugs import PLACEHOLDER_PREFIX, is_placeholder
from theset.models import Artist, ArtistSong, Show, ShowArtist, Song


def is_public() -> Any:
    """Artists any public list may show: those whose identity phase succeeded (they have a real slug).
    A kickoff with a made-up attraction id leaves a placeholder row that no list shows and the weekly
    clean-up deletes."""
    return ~Artist.slug.startswith(PLACEHOLDER_PREFIX)


async def by_id_or_slug(session: AsyncSession, key: str) -> Artist | None:
    try:
        artist_id = uuid.UUID(key)
    except ValueError:
        pass
    else:
        return await session.get(Artist, artist_id)
    found = (await session.execute(select(Artist).where(Artist.slug == key.lower()))).scalar_one_or_none()
    if found is None and is_placeholder(key):
        # A link handed out at kickoff keeps working after the identity phase renames the slug.
        stmt = select(Artist).where(func.lower(Artist.tm_attraction_id) == key.lower().removeprefix("tm-"))
        found = (await session.execute(stmt)).scalars().first()
    return found


async def shows(
    session: AsyncSession, artist_id: uuid.UUID, *, upcoming_from: date | None, limit: int, offset: int
) -> list[Show]:
    # Through show_artists: an artist's shows include those it plays as a support act.
    stmt = (
        select(Show)
        .options(selectinload(Show.venue))
        .join(ShowArtist, ShowArtist.show_id == Show.id)
        .where(ShowArtist.artist_id == artist_id)
    )
    if upcoming_from is not None:
        stmt = stmt.where((Show.date.is_(None)) | (Show.date >= upcoming_from)).order_by(
            Show.date.asc().nulls_last()
        )
    else:
        stmt = stmt.order_by(Show.date.desc().nulls_first())
    stmt = stmt.order_by(Show.id)  # a stable order for paging: many shows share a date
    return list((await session.execute(stmt.limit(limit).offset(offset))).scalars().all())


async def songs(session: AsyncSession, artist_id: uuid.UUID, *, limit: int, offset: int) -> list[Song]:
    stmt = (
        select(Song)
        .join(ArtistSong, ArtistSong.song_id == Song.id)
        .where(ArtistSong.artist_id == artist_id)
        .order_by(Song.popularity.desc().nulls_last(), Song.release_date.desc().nulls_last(), Song.name)
        .limit(limit)
        .offset(offset)
    )
    return list((await session.execute(stmt)).scalars().all())


async def counts(session: AsyncSession, artist_id: uuid.UUID) -> tuple[int, int]:
    n_shows = (
        select(func.count())
        .select_from(ShowArtist)
        .where(ShowArtist.artist_id == artist_id)
        .scalar_subquery()
    )
    n_songs = (
        select(func.count())
        .select_from(ArtistSong)
        .where(ArtistSong.artist_id == artist_id)
        .scalar_subquery()
    )
    row = (await session.execute(select(n_shows, n_songs))).one()
    return int(row[0]), int(row[1])


async def search(session: AsyncSession, query: str, limit: int) -> list[Artist]:
    """Trigram similarity (pg_trgm) with a prefix match boost, for typeahead."""
    similarity = func.similarity(Artist.name, query)
    stmt = (
        select(Artist)
        .where(
            or_(Artist.name.bool_op("%")(query), Artist.name.ilike(_escape_like(query) + "%", escape="\\")),
            is_public(),
        )
        .order_by(
            Artist.name.ilike(_escape_like(query) + "%", escape="\\").desc(), similarity.desc(), Artist.name
        )
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars().all())


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
