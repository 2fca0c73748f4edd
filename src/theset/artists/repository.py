"""Artist queries: the pages' reads, and the re-reads and updates the import jobs make."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from typing import Any, Literal, TypeVar

from sqlalchemy import ColumnExpressionArgument, Select, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.elements import ColumnElement

from theset.artists.slugs import PLACEHOLDER_PREFIX, is_placeholder
from theset.models import Artist, ArtistSong, ImportStatus, Show, ShowArtist, Song
from theset.shows.repository import is_upcoming

T = TypeVar("T")


def is_public() -> ColumnElement[bool]:
    """Artists any public list may show: those whose identity phase succeeded (they have a real slug).
    A kickoff with a made-up attraction id leaves a placeholder row that no list shows and the weekly
    clean-up deletes."""
    return ~Artist.slug.startswith(PLACEHOLDER_PREFIX)


class ArtistGone(LookupError):
    """A job's artist row is missing (jobs are enqueued after the commit that creates it, so only a
    deletion in between gets here)."""


async def get_for_job(session: AsyncSession, artist_id: uuid.UUID, *, for_update: bool = False) -> Artist:
    """The artist a job runs for, re-read from the database (jobs take ids, never rows)."""
    artist = await session.get(Artist, artist_id, with_for_update=for_update)
    if artist is None:
        raise ArtistGone(f"artist {artist_id} not found")
    return artist


async def tm_attraction_id_for_job(session: AsyncSession, artist_id: uuid.UUID) -> str:
    """The Ticketmaster id of the artist a job imports (the kickoff creates every artist with one)."""
    tm_attraction_id = (await get_for_job(session, artist_id)).tm_attraction_id
    if tm_attraction_id is None:
        raise ArtistGone(f"artist {artist_id} has no Ticketmaster attraction id")
    return tm_attraction_id


async def mark_shows_synced(session: AsyncSession, artist_id: uuid.UUID, at: datetime) -> None:
    await session.execute(update(Artist).where(Artist.id == artist_id).values(shows_synced_at=at))


async def mark_catalog_read(
    session: AsyncSession, artist_id: uuid.UUID, album_ids: Iterable[str], at: datetime
) -> None:
    """Albums read so far (the next sync skips them) and when."""
    await session.execute(
        update(Artist)
        .where(Artist.id == artist_id)
        .values(catalog_album_ids=sorted(set(album_ids)), song_catalog_synced_at=at)
    )


async def mark_import_complete(session: AsyncSession, artist_id: uuid.UUID, at: datetime) -> None:
    await session.execute(
        update(Artist).where(Artist.id == artist_id).values(import_state="complete", last_synced_at=at)
    )


async def set_spotify_id(session: AsyncSession, artist_id: uuid.UUID, spotify_id: str | None) -> None:
    await session.execute(update(Artist).where(Artist.id == artist_id).values(spotify_id=spotify_id))


async def mark_import_failed(session: AsyncSession, artist_id: uuid.UUID) -> None:
    await session.execute(update(Artist).where(Artist.id == artist_id).values(import_state="failed"))


UniqueColumn = Literal["slug", "spotify_id", "mbid"]


async def id_with(session: AsyncSession, column: UniqueColumn, value: str) -> uuid.UUID | None:
    """The artist holding `value` in one of its unique columns, if any."""
    stmt = select(Artist.id).where(getattr(Artist, column) == value)
    return (await session.execute(stmt)).scalar_one_or_none()


async def import_status(session: AsyncSession, artist_id: uuid.UUID) -> ImportStatus | None:
    """The artist's import status row, fresh from the database (the import job updates it meanwhile)."""
    stmt = (
        select(ImportStatus)
        .where(ImportStatus.artist_id == artist_id)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


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
    page = (
        select(Show.id)
        .join(ShowArtist, ShowArtist.show_id == Show.id)
        .where(ShowArtist.artist_id == artist_id)
    )
    if upcoming_from is not None:
        page = page.where(is_upcoming(upcoming_from))
        order = (Show.date.asc().nulls_last(), Show.id)  # the id: a stable order for paging
    else:
        order = (Show.date.desc().nulls_first(), Show.id)
    stmt = with_venues(page.order_by(*order).limit(limit).offset(offset), order)
    return list((await session.execute(stmt)).scalars().all())


def with_venues(page: Select[uuid.UUID], order: Sequence[ColumnExpressionArgument[Any]]) -> Select[Show]:
    """The shows of `page` (their ids, ordered and limited) in `order`, with their venues in the same
    statement. The venues are joined to the page's shows only: joined to every candidate before the sort
    and limit (a plain joinedload), they cost PostgreSQL more than reading them in a second statement."""
    ids = page.subquery("page")
    return select(Show).join(ids, ids.c.id == Show.id).options(joinedload(Show.venue)).order_by(*order)


def _in_catalog_order(stmt: Select[T], artist_id: uuid.UUID) -> Select[T]:
    """The artist's studio catalog in the page's order: most popular first, then newest, then by title (and
    by id, so that every page of it, read on its own, agrees with every other)."""
    return (
        stmt.join(ArtistSong, ArtistSong.song_id == Song.id)
        .where(ArtistSong.artist_id == artist_id)
        .order_by(
            Song.popularity.desc().nulls_last(), Song.release_date.desc().nulls_last(), Song.name, Song.id
        )
    )


async def songs(
    session: AsyncSession,
    artist_id: uuid.UUID,
    *,
    limit: int,
    offset: int,
    excluding: Collection[uuid.UUID] = (),
) -> list[Song]:
    stmt = _in_catalog_order(select(Song), artist_id)
    if excluding:
        stmt = stmt.where(Song.id.not_in(excluding))
    return list((await session.execute(stmt.limit(limit).offset(offset))).scalars().all())


async def song_rows(
    session: AsyncSession, artist_id: uuid.UUID, columns: Iterable[str], *, limit: int, offset: int
) -> list[dict[str, Any]]:
    """`songs` as plain dicts of the named columns, for a page that only turns them into JSON: building
    ORM objects and validating from their attributes took more than half of the artist page's catalog
    section, and reading the columns it does not show (timestamps, arrays) a third of the rest."""
    stmt = select(*(Song.__table__.c[name] for name in columns))
    result = await session.execute(_in_catalog_order(stmt, artist_id).limit(limit).offset(offset))
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result.all()]  # half what .mappings() costs


async def songs_among(
    session: AsyncSession, artist_id: uuid.UUID, song_ids: Collection[uuid.UUID]
) -> list[Song]:
    """Those of `song_ids` that are in the artist's catalog, in the catalog's order."""
    if not song_ids:
        return []
    stmt = _in_catalog_order(select(Song), artist_id).where(Song.id.in_(song_ids))
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
    prefix = Artist.name.ilike(_escape_like(query) + "%", escape="\\")
    # A word of the name starting with the query: "le" finds "MJ Lenderman" (trigrams need 3 letters).
    word_start = Artist.name.ilike("% " + _escape_like(query) + "%", escape="\\")
    stmt = (
        select(Artist)
        .where(or_(Artist.name.bool_op("%")(query), prefix, word_start), is_public())
        .order_by(prefix.desc(), word_start.desc(), similarity.desc(), Artist.name)
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars().all())


async def by_attraction_ids(session: AsyncSession, ids: list[str]) -> list[Artist]:
    if not ids:
        return []
    return list((await session.execute(select(Artist).where(Artist.tm_attraction_id.in_(ids)))).scalars())


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
