"""Setlist queries: predicted setlists seeded at import, actual ones synced from setlist.fm."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from theset.core.upsert import chunked
from theset.models import Artist, Setlist, SetlistSong, Show, Venue
from theset.shows.repository import is_upcoming


async def upcoming_shows_without_prediction(
    session: AsyncSession, artist_id: uuid.UUID, today: date
) -> list[uuid.UUID]:
    has_prediction = (
        select(Setlist.id).where(Setlist.show_id == Show.id, Setlist.kind == "predicted").exists()
    )
    # Only the shows billed under the artist (shows.artist_id, always among its show_artists): a
    # prediction is the billed artist's set, so a support act's import does not seed the headliner's shows.
    stmt = select(Show.id).where(
        Show.artist_id == artist_id,
        is_upcoming(today),
        ~has_prediction,
    )
    return list((await session.execute(stmt)).scalars().all())


async def seed_predictions(
    session: AsyncSession,
    show_ids: Sequence[uuid.UUID],
    songs: Sequence[tuple[uuid.UUID, str, str | None]],
    *,
    basis: str | None = None,
) -> int:
    """Give each show a predicted setlist with `songs` (song id, title, reason) in order, in bulk; shows
    that already have one (a concurrent run got there first) are left alone. `basis` is the one line that
    says what the prediction rests on. Returns how many setlists were created."""
    created: list[uuid.UUID] = []
    setlists = [
        {"id": uuid.uuid4(), "show_id": show_id, "kind": "predicted", "basis": basis and basis[:300]}
        for show_id in show_ids
    ]
    for chunk in chunked(setlists, Setlist):
        stmt = (
            insert(Setlist)
            .values(list(chunk))
            .on_conflict_do_nothing(index_elements=[Setlist.show_id, Setlist.kind])
            .returning(Setlist.id)
        )
        created.extend((await session.execute(stmt)).scalars().all())
    entries = [
        {
            "id": uuid.uuid4(),
            "setlist_id": setlist_id,
            "song_id": song_id,
            "title": title[:500],
            "position": i,
            "reason": reason and reason[:300],
        }
        for setlist_id in created
        for i, (song_id, title, reason) in enumerate(songs, start=1)
    ]
    for chunk in chunked(entries, SetlistSong):
        await session.execute(insert(SetlistSong).values(list(chunk)))
    return len(created)


async def past_shows_awaiting_setlist(
    session: AsyncSession, *, oldest: date, newest: date, limit: int
) -> list[uuid.UUID]:
    """Shows played between `oldest` and `newest` (inclusive) that have no actual setlist yet and whose
    artist setlist.fm can be asked about (it has a MusicBrainz id). Most recent first."""
    has_actual = select(Setlist.id).where(Setlist.show_id == Show.id, Setlist.kind == "actual").exists()
    stmt = (
        select(Show.id)
        .join(Artist, Artist.id == Show.artist_id)
        .where(
            Show.date.between(oldest, newest),
            Show.status != "cancelled",
            Show.setlist_ready.is_(False),
            Artist.mbid.is_not(None),
            ~has_actual,
        )
        .order_by(Show.date.desc(), Show.id)
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars().all())


async def show_for_setlist(
    session: AsyncSession, show_id: uuid.UUID
) -> tuple[Show, str | None, str | None, str | None] | None:
    """The show with its artist's MusicBrainz id and its venue's name and city."""
    stmt = (
        select(Show, Artist.mbid, Venue.name, Venue.city)
        .join(Artist, Artist.id == Show.artist_id)
        .outerjoin(Venue, Venue.id == Show.venue_id)
        .where(Show.id == show_id)
    )
    row = (await session.execute(stmt)).first()
    return None if row is None else (row[0], row[1], row[2], row[3])


async def store_actual_setlist(
    session: AsyncSession, show_id: uuid.UUID, setlistfm_id: str, entries: Sequence[dict[str, Any]]
) -> bool:
    """Store the show's actual setlist and mark the show ready; False when it already has one."""
    stmt = (
        insert(Setlist)
        .values(id=uuid.uuid4(), show_id=show_id, kind="actual", setlistfm_id=setlistfm_id)
        .on_conflict_do_nothing(index_elements=[Setlist.show_id, Setlist.kind])
        .returning(Setlist.id)
    )
    setlist_id = (await session.execute(stmt)).scalar_one_or_none()
    if setlist_id is None:
        return False
    rows = [{"id": uuid.uuid4(), "setlist_id": setlist_id, **entry} for entry in entries]
    for chunk in chunked(rows, SetlistSong):
        await session.execute(insert(SetlistSong).values(list(chunk)))
    await session.execute(update(Show).where(Show.id == show_id).values(setlist_ready=True))
    return True
