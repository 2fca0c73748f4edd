"""Shows & venues: every Ticketmaster event of the attraction, venues upserted once, linked by our ids.

A show belongs to everyone on its bill (`show_artists`); importing a support act links it to the
headliner's shows without taking them away (`shows.artist_id` stays the headliner's)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from theset.artists import repository as artists
from theset.core.db import session_scope
from theset.imports.context import ImportContext
from theset.providers.types import TmEvent, TmVenue
from theset.shows.repository import link_artist, take_over_headlined, upsert_shows
from theset.venues.repository import upsert_venues

BATCH = 200


def venue_row(venue: TmVenue) -> dict[str, object]:
    return {
        "tm_venue_id": venue.id,
        "name": (venue.name or "Unknown venue")[:300],
        "address": venue.address,
        "city": venue.city,
        "state": venue.state,
        "state_code": venue.state_code,
        "country": venue.country,
        "country_code": venue.country_code,
        "postal_code": venue.postal_code,
        "timezone": venue.timezone,
        "latitude": venue.latitude,
        "longitude": venue.longitude,
        "url": venue.url,
    }


# UTC+14 is the first zone to reach any local time: a show whose zone is unknown locks a few hours early
# rather than taking votes after it began.
EARLIEST_UTC_OFFSET = timedelta(hours=14)


def start_instant(event: TmEvent) -> datetime | None:
    """When the show starts (its setlist locks then): Ticketmaster's dateTime; without it, the local date
    and time in the event's zone; None while the date or time is to be announced."""
    if event.date_time is not None:
        return event.date_time
    if event.local_date is None or event.local_time is None or event.time_tba or event.no_specific_time:
        return None
    local = datetime.combine(event.local_date, event.local_time)
    zone = _zone(event.timezone)
    if zone is None:
        return (local - EARLIEST_UTC_OFFSET).replace(tzinfo=UTC)
    return local.replace(tzinfo=zone).astimezone(UTC)


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # an unknown or malformed name from upstream
        return None


def show_row(artist_id: uuid.UUID, event: TmEvent, venue_ids: dict[str, uuid.UUID]) -> dict[str, object]:
    venue = event.venue
    return {
        "tm_event_id": event.id,
        "artist_id": artist_id,
        "venue_id": venue_ids.get(venue.id) if venue is not None else None,
        "name": (event.name or "")[:500] or None,
        "date": event.local_date,
        "starts_at": start_instant(event),
        "local_time": event.local_time.strftime("%H:%M:%S") if event.local_time else None,
        "timezone": event.timezone,
        "date_tba": bool(event.date_tba or event.date_tbd),
        "time_tba": bool(event.time_tba or event.no_specific_time),
        "status": event.status,
        "url": event.url,
        "image_url": event.image_url,
    }


def billing_order(event: TmEvent, tm_id: str) -> int:
    """The artist's place on the bill: 0 for the headliner (Ticketmaster's first attraction), then the
    support acts in order. An event listed under the artist's id without naming any attraction is its own."""
    attractions = list(event.attraction_ids)
    return attractions.index(tm_id) if tm_id in attractions else 0


async def _store(artist_id: uuid.UUID, tm_id: str, events: list[TmEvent]) -> None:
    billing = {e.id: billing_order(e, tm_id) for e in events}
    headlined = [e for e in events if billing[e.id] == 0]
    supporting = [e for e in events if billing[e.id] != 0]
    async with session_scope() as session:
        venue_ids = await upsert_venues(session, [venue_row(e.venue) for e in events if e.venue is not None])
        await take_over_headlined(session, artist_id, [e.id for e in headlined])
        await upsert_shows(session, [show_row(artist_id, e, venue_ids) for e in headlined])
        await upsert_shows(session, [show_row(artist_id, e, venue_ids) for e in supporting], headline=False)
        await link_artist(session, artist_id, billing)


async def run(ctx: ImportContext) -> None:
    await ctx.progress("shows", 0.0, "Fetching shows from Ticketmaster")
    async with session_scope() as session:
        tm_id = await artists.tm_attraction_id_for_job(session, ctx.artist_id)
    batch: list[TmEvent] = []
    stored = 0
    async for event in ctx.providers.ticketmaster.iter_events(tm_id):
        batch.append(event)
        if len(batch) >= BATCH:
            await _store(ctx.artist_id, tm_id, batch)
            stored += len(batch)
            batch = []
            await ctx.progress("shows", stored / (stored + BATCH * 2), f"Stored {stored} shows")
    if batch:
        await _store(ctx.artist_id, tm_id, batch)
        stored += len(batch)
    async with session_scope() as session:
        await artists.mark_shows_synced(session, ctx.artist_id, datetime.now(UTC))
    ctx.stats["shows"] = stored
    await ctx.progress("shows", 1.0, f"Stored {stored} shows")
