"""Show queries: upserts on the Ticketmaster natural key, one show with its setlists, and the rule for an
upcoming show that every count and list of upcoming shows shares."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import ColumnElement

from theset.core.upsert import chunked, upsert_changed
from theset.models import Artist, Setlist, SetlistSong, Show, ShowArtist

EVENT_FIELDS = (
    "venue_id", "name", "date", "starts_at", "local_time", "timezone", "date_tba", "time_tba",
    "status", "url", "image_url",
)  # fmt: skip
SHOW_FIELDS = ("artist_id", *EVENT_FIELDS)


def is_upcoming(today: date) -> ColumnElement[bool]:
    """The one rule for an upcoming show, on `today` (a UTC day): dated today or later, or not dated yet
    (TBA/TBD: never past), and not cancelled (a cancelled show will not be played). The artist page's
    count and list, the API's upcoming shows, trending and predicted-setlist seeding all count by it, so
    a fan never reads two numbers for one artist."""
    return and_(Show.status != "cancelled", or_(Show.date.is_(None), Show.date >= today))


async def upsert_shows(
    session: AsyncSession, rows: Iterable[Mapping[str, Any]], *, headline: bool = True
) -> None:
    """Upsert on tm_event_id; rows whose upstream data did not change are not written at all.

    headline=False (the importing artist is a support act): a new show starts out with the row's
    artist_id, but an existing show keeps its artist — a support act never takes a show over."""
    unique = list({row["tm_event_id"]: dict(row) for row in rows}.values())
    fields = SHOW_FIELDS if headline else EVENT_FIELDS
    for chunk in chunked(unique, Show):
        await session.execute(upsert_changed(Show, Show.tm_event_id, chunk, fields))


async def take_over_headlined(
    session: AsyncSession, artist_id: uuid.UUID, tm_event_ids: Sequence[str]
) -> list[uuid.UUID]:
    """Make `artist_id` the artist of the existing shows it headlines (until now shown under a support act
    imported first); returns those shows. Their unvoted predicted setlists came from the support act's
    catalog, so they go, and the headliner's wrap-up seeds new ones."""
    if not tm_event_ids:
        return []
    stmt = (
        update(Show)
        .where(Show.tm_event_id.in_(list(tm_event_ids)), Show.artist_id != artist_id)
        .values(artist_id=artist_id, updated_at=func.now())
        .returning(Show.id)
    )
    moved = list((await session.execute(stmt)).scalars())
    if moved:
        voted = select(SetlistSong.id).where(SetlistSong.setlist_id == Setlist.id, SetlistSong.vote_count > 0)
        await session.execute(
            delete(Setlist).where(
                Setlist.show_id.in_(moved),
                Setlist.kind == "predicted",
                Setlist.is_locked.is_(False),
                ~voted.exists(),
            )
        )
    return moved


async def link_artist(session: AsyncSession, artist_id: uuid.UUID, billing: Mapping[str, int]) -> None:
    """Link the artist to its shows (tm event id -> billing order; 0 = headliner), in bulk, writing only
    links that are new or whose billing changed."""
    if not billing:
        return
    for keys in _batches(list(billing), 5_000):
        found = await session.execute(select(Show.tm_event_id, Show.id).where(Show.tm_event_id.in_(keys)))
        rows = [
            {
                "show_id": show_id,
                "artist_id": artist_id,
                "role": "headliner" if billing[tm_id] == 0 else "support",
                "billing_order": billing[tm_id],
            }
            for tm_id, show_id in found.all()
            if tm_id is not None
        ]
        for chunk in chunked(rows, ShowArtist):
            stmt = insert(ShowArtist).values(list(chunk))
            changed = tuple_(ShowArtist.role, ShowArtist.billing_order).is_distinct_from(
                tuple_(stmt.excluded.role, stmt.excluded.billing_order)
            )
            await session.execute(
                stmt.on_conflict_do_update(
                    index_elements=[ShowArtist.show_id, ShowArtist.artist_id],
                    set_={"role": stmt.excluded.role, "billing_order": stmt.excluded.billing_order},
                    where=changed,
                )
            )


def _batches(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def artists_of(session: AsyncSession, show_id: uuid.UUID) -> list[tuple[Artist, ShowArtist]]:
    """Everyone on the bill, headliner first."""
    stmt = (
        select(Artist, ShowArtist)
        .join(ShowArtist, ShowArtist.artist_id == Artist.id)
        .where(ShowArtist.show_id == show_id)
        .order_by(ShowArtist.billing_order, Artist.name)
    )
    return [(row[0], row[1]) for row in (await session.execute(stmt)).all()]


async def show_with_venue(session: AsyncSession, show_id: uuid.UUID) -> Show | None:
    stmt = select(Show).options(selectinload(Show.venue)).where(Show.id == show_id)
    return (await session.execute(stmt)).scalar_one_or_none()


async def artist_of(session: AsyncSession, show: Show) -> Artist | None:
    return await session.get(Artist, show.artist_id)


async def setlists_with_songs(
    session: AsyncSession, show_id: uuid.UUID
) -> list[tuple[Setlist, list[SetlistSong]]]:
    """The show's setlists, each with its songs in order (two queries whatever the number of setlists)."""
    setlists = (await session.execute(select(Setlist).where(Setlist.show_id == show_id))).scalars().all()
    songs = (
        await session.execute(
            select(SetlistSong)
            .where(SetlistSong.setlist_id.in_([s.id for s in setlists]))
            .order_by(SetlistSong.position)
        )
    ).scalars()
    by_setlist: dict[uuid.UUID, list[SetlistSong]] = {s.id: [] for s in setlists}
    for song in songs:
        by_setlist[song.setlist_id].append(song)
    return [(setlist, by_setlist[setlist.id]) for setlist in setlists]
