"""Small row factories for trending and maintenance tests."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from theset.models import Artist, ImportStatus, Setlist, SetlistSong, Show, ShowArtist, Song, User, Vote


async def artist(session: AsyncSession, name: str, **fields: object) -> Artist:
    row = Artist(name=name, slug=f"{name.lower().replace(' ', '-')}-{uuid.uuid4().hex[:6]}", **fields)
    session.add(row)
    await session.flush()
    return row


async def show(session: AsyncSession, artist_row: Artist, on: date, **fields: object) -> Show:
    row = Show(artist_id=artist_row.id, date=on, name=f"{artist_row.name} live", **fields)
    session.add(row)
    await session.flush()
    session.add(ShowArtist(show_id=row.id, artist_id=artist_row.id, role="headliner", billing_order=0))
    await session.flush()
    return row


async def link_headliners(session: AsyncSession) -> None:
    """Bill every show's artist as its headliner (show_artists), as the shows phase does."""
    await session.flush()
    await session.execute(
        text(
            "INSERT INTO show_artists (show_id, artist_id, role, billing_order) "
            "SELECT id, artist_id, 'headliner', 0 FROM shows ON CONFLICT DO NOTHING"
        )
    )


async def import_status(
    session: AsyncSession, artist_row: Artist, stage: str, **fields: object
) -> ImportStatus:
    row = ImportStatus(artist_id=artist_row.id, stage=stage, **fields)
    session.add(row)
    await session.flush()
    return row


async def votes(session: AsyncSession, show_row: Show, count: int, at: datetime | None = None) -> None:
    setlist = Setlist(show_id=show_row.id, kind="predicted")
    song = Song(name=f"song {uuid.uuid4().hex[:6]}")
    session.add_all([setlist, song])
    await session.flush()
    entry = SetlistSong(setlist_id=setlist.id, song_id=song.id, title=song.name, position=1)
    session.add(entry)
    await session.flush()
    for i in range(count):
        user = User(email=f"fan{i}-{uuid.uuid4().hex[:6]}@example.com", display_name=f"fan {i}")
        session.add(user)
        await session.flush()
        session.add(
            Vote(
                user_id=user.id,
                setlist_song_id=entry.id,
                setlist_id=entry.setlist_id,
                created_at=at or datetime.now(UTC),
            )
        )
    await session.flush()


def select_statuses() -> Any:
    from sqlalchemy import select

    return select(ImportStatus).execution_options(populate_existing=True)
