"""History queries: store setlist.fm setlists on their natural key, read them back for the API and the
predictions. Takes a session, never commits."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from theset.core.upsert import chunked, upsert_changed
from theset.models import Artist, HistorySetlist, HistorySong

FIELDS = ("version_id", "event_date", "tour_name", "venue_name", "city", "country_code", "last_updated")
Stored = tuple[dict[str, Any], list[dict[str, Any]]]  # a history_setlists row and its history_songs rows


async def known_versions(session: AsyncSession, artist_id: uuid.UUID) -> dict[str, str]:
    """setlist.fm id -> stored version, for every stored setlist of the artist."""
    stmt = select(HistorySetlist.setlistfm_id, HistorySetlist.version_id).where(
        HistorySetlist.artist_id == artist_id
    )
    return {row[0]: row[1] for row in (await session.execute(stmt)).all()}


async def store(session: AsyncSession, setlists: Sequence[Stored]) -> int:
    """Insert new setlists and rewrite those whose version changed (songs replaced); a setlist stored with
    the same version is not touched. Returns how many were inserted or rewritten."""
    by_key = {row["setlistfm_id"]: (row, songs) for row, songs in setlists}  # one row per key per statement
    if not by_key:
        return 0
    written: dict[str, uuid.UUID] = {}
    rows = [row for row, _ in by_key.values()]
    for chunk in chunked(rows, HistorySetlist):
        stmt = upsert_changed(HistorySetlist, HistorySetlist.setlistfm_id, chunk, FIELDS).returning(
            HistorySetlist.setlistfm_id, HistorySetlist.id
        )
        written.update({key: id_ for key, id_ in (await session.execute(stmt)).all()})
    if not written:
        return 0
    await session.execute(delete(HistorySong).where(HistorySong.history_setlist_id.in_(written.values())))
    songs = [
        {"id": uuid.uuid4(), "history_setlist_id": written[key], **song}
        for key in written
        for song in by_key[key][1]
    ]
    for chunk in chunked(songs, HistorySong):
        await session.execute(insert(HistorySong).values(list(chunk)))
    return len(written)


async def unlinked_songs(session: AsyncSession, artist_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """Entries that could be the artist's own song but are not linked yet (the catalog may have grown)."""
    stmt = (
        select(HistorySong.id, HistorySong.title)
        .join(HistorySetlist, HistorySetlist.id == HistorySong.history_setlist_id)
        .where(
            HistorySetlist.artist_id == artist_id,
            HistorySong.song_id.is_(None),
            HistorySong.is_cover.is_(False),
            HistorySong.is_tape.is_(False),
        )
    )
    return [(row[0], row[1]) for row in (await session.execute(stmt)).all()]


async def link(session: AsyncSession, links: Iterable[tuple[uuid.UUID, uuid.UUID]]) -> int:
    """Set song_id on history entries: (entry id, song id) pairs, in one bulk UPDATE by primary key."""
    params = [{"id": entry_id, "song_id": song_id} for entry_id, song_id in links]
    if params:
        await session.execute(update(HistorySong), params)
    return len(params)


async def page(
    session: AsyncSession, artist_id: uuid.UUID, *, limit: int, offset: int
) -> list[tuple[HistorySetlist, list[HistorySong]]]:
    """Past setlists, newest first, each with its songs in order (two queries)."""
    setlists = (
        (
            await session.execute(
                select(HistorySetlist)
                .where(HistorySetlist.artist_id == artist_id)
                .order_by(HistorySetlist.event_date.desc(), HistorySetlist.setlistfm_id)
                .limit(limit)
                .offset(offset)
            )
        )
        .scalars()
        .all()
    )
    by_setlist: dict[uuid.UUID, list[HistorySong]] = {s.id: [] for s in setlists}
    if by_setlist:
        songs = await session.execute(
            select(HistorySong)
            .where(HistorySong.history_setlist_id.in_(by_setlist))
            .order_by(HistorySong.history_setlist_id, HistorySong.position)
        )
        for song in songs.scalars():
            by_setlist[song.history_setlist_id].append(song)
    return [(s, by_setlist[s.id]) for s in setlists]


async def performed(
    session: AsyncSession, artist_id: uuid.UUID, before: date | None = None
) -> list[tuple[uuid.UUID, date, str | None, uuid.UUID | None, int]]:
    """Every performed (not taped) song of the artist's history, oldest show first, in set order:
    (setlist id, date, tour, song id or None, encore)."""
    stmt = (
        select(
            HistorySetlist.id,
            HistorySetlist.event_date,
            HistorySetlist.tour_name,
            HistorySong.song_id,
            HistorySong.encore,
        )
        .join(HistorySong, HistorySong.history_setlist_id == HistorySetlist.id)
        .where(HistorySetlist.artist_id == artist_id, HistorySong.is_tape.is_(False))
        .order_by(HistorySetlist.event_date, HistorySetlist.setlistfm_id, HistorySong.position)
    )
    if before is not None:
        stmt = stmt.where(HistorySetlist.event_date < before)
    return [(r[0], r[1], r[2], r[3], r[4]) for r in (await session.execute(stmt)).all()]


async def artists_with_history(session: AsyncSession) -> list[Artist]:
    """Every artist with a stored setlist history, by slug."""
    having = select(HistorySetlist.artist_id).distinct()
    stmt = select(Artist).where(Artist.id.in_(having)).order_by(Artist.slug)
    return list((await session.execute(stmt)).scalars().all())
