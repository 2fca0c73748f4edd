"""Venue upserts on the Ticketmaster natural key."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from theset.core.upsert import chunked, upsert_changed
from theset.models import Venue

VENUE_FIELDS = (
    "name", "address", "city", "state", "state_code", "country", "country_code", "postal_code", "timezone",
    "latitude", "longitude", "url",
)  # fmt: skip


async def upsert_venues(session: AsyncSession, rows: Iterable[Mapping[str, Any]]) -> dict[str, uuid.UUID]:
    """Insert new venues, update changed ones, leave identical ones untouched; return tm id -> our id."""
    unique = {row["tm_venue_id"]: dict(row) for row in rows if row.get("tm_venue_id")}
    ids: dict[str, uuid.UUID] = {}
    for chunk in chunked(list(unique.values()), Venue):
        await session.execute(upsert_changed(Venue, Venue.tm_venue_id, chunk, VENUE_FIELDS))
        keys = [row["tm_venue_id"] for row in chunk]
        found = await session.execute(select(Venue.tm_venue_id, Venue.id).where(Venue.tm_venue_id.in_(keys)))
        ids.update({tm_id: venue_id for tm_id, venue_id in found.all() if tm_id is not None})
    return ids
