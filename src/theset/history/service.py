"""The artist's setlist.fm history: refreshed by the import's wrap-up, grown by the hourly setlist-sync.

A refresh reads the artist's setlists newest first and stops at the first one already stored with the same
version: everything older is stored (setlist.fm lists newest first), so a refresh with nothing new costs one
call. The first read takes at most FIRST_READ_PAGES pages (20 setlists each) of setlist.fm's shared budget.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from contextlib import aclosing
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from theset.catalog.titles import title_key
from theset.core.db import session_scope
from theset.core.logging import get_logger
from theset.history import repository
from theset.history.entries import setlist_row, song_rows
from theset.models import Artist
from theset.providers.setlistfm import SetlistFmClient
from theset.providers.types import Setlist
from theset.songs.matching import catalog_keys

log = get_logger(__name__)
FIRST_READ_PAGES = 10


async def store_setlists(
    session: AsyncSession,
    artist_id: uuid.UUID,
    setlists: list[Setlist],
    catalog: dict[str, uuid.UUID] | None = None,
) -> int:
    """Store setlist.fm setlists as the artist's history; returns how many were new or changed.
    `catalog`: the artist's title keys when the caller has read them already."""
    catalog = catalog if catalog is not None else await catalog_keys(session, artist_id)
    rows = []
    for setlist in setlists:
        row = setlist_row(artist_id, setlist)
        if row is not None:
            rows.append((row, song_rows(setlist, catalog)))
    return await repository.store(session, rows)


async def newer_setlists(client: SetlistFmClient, mbid: str, known: dict[str, str]) -> list[Setlist]:
    """The artist's setlists newer than what is stored (or changed since), newest first."""
    fresh: list[Setlist] = []
    pages = cast(AsyncGenerator[Setlist, None], client.iter_artist_setlists(mbid, max_pages=FIRST_READ_PAGES))
    async with aclosing(pages) as setlists:  # stopping early closes the page reader at once
        async for setlist in setlists:
            if known.get(setlist.id) == (setlist.version_id or "")[:32]:
                break
            fresh.append(setlist)
    return fresh


async def refresh(client: SetlistFmClient, artist_id: uuid.UUID, mbid: str) -> int:
    """Read what setlist.fm has that is not stored yet, with no transaction open while it answers."""
    async with session_scope() as session:
        known = await repository.known_versions(session, artist_id)
    fresh = await newer_setlists(client, mbid, known)
    async with session_scope() as session:
        stored = await store_setlists(session, artist_id, fresh)
        await session.execute(
            update(Artist).where(Artist.id == artist_id).values(setlists_synced_at=datetime.now(UTC))
        )
    log.info("setlist history refreshed", artist_id=str(artist_id), read=len(fresh), stored=stored)
    return stored


async def relink(session: AsyncSession, artist_id: uuid.UUID) -> int:
    """Link history entries to catalog songs that arrived after them (a release the catalog lacked)."""
    unlinked = await repository.unlinked_songs(session, artist_id)
    if not unlinked:
        return 0
    catalog = await catalog_keys(session, artist_id)
    links = [(entry_id, catalog[key]) for entry_id, title in unlinked if (key := title_key(title)) in catalog]
    return await repository.link(session, links)
