"""Venue upserts on the Ticketmaster natural key."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from theset.models import Venue

VENUE_FIELDS = (
    "name", "address", "city", "state", "state_code", "country", "country_code", "postal_code", "timezone",
    "latitude", "longitude", "url",
)  # fmt: skip


async def upsert_venues(session: AsyncSession, rows: Iterable[Mapping[str, Any]]) -> dict[str, uuid.UUID]:
    """Insert new venues, update changed ones, leave identical ones untouched; return tm id -> our id."""
    unique = {row["tm_venue_id"]: dict(row) for row in rows if row.get("tm_venue_id")}
    if not unique:
        return {}
    values = [{"id": uuid.uuid4(), **row} for row in unique.values()]
    stmt = insert(Venue).values(values)
    excluded = stmt.excluded
    changed = tuple_(*(getattr(Venue, f) for f in VENUE_FIELDS)).is_distinct_from(
        tuple_(*(getattr(excluded, f) for f in VENUE_FIELDS))
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[Venue.tm_venue_id],
        set_={**{f: getattr(excluded, f) for f in VENUE_FIELDS}, "updated_at": func.now()},
        where=changed,
    )
    await session.execute(stmt)
    found = await session.execute(select(Venue.tm_venue_id, Venue.id).where(Venue.tm_venue_id.in_(unique)))
    return {tm_id: venue_id for tm_id, venue_id in found.all() if tm_id is not None}
