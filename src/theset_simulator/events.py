"""Upcoming Ticketmaster events for one artist, with the quirks observed in real data."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from theset_simulator import ids
from theset_simulator.model import ArtistSpec, Event
from theset_simulator.places import Venue

HORIZON_DAYS = 540  # about 18 months ahead
SHOW_TIMES = ("19:00:00", "19:30:00", "20:00:00", "20:30:00", "14:00:00")


def build_events(
    spec: ArtistSpec,
    seed: int,
    today: date,
    venues: list[Venue],
    attraction_id: str,
    support_ids: list[str],
    openers: tuple[str, ...] = (),
) -> list[Event]:
    if spec.events == 0:
        return []
    rng = ids.rng_for(seed, spec.key, "events")
    days = _show_days(rng, spec, today)
    home_venues = rng.sample(venues, min(len(venues), 12 + spec.events // 20))
    events = [_event(rng, spec, day, rng.choice(home_venues), attraction_id, support_ids) for day in days]
    _force_quirks(rng, events)
    _bill_openers(ids.rng_for(seed, spec.key, "openers"), events, openers)
    return events


def _bill_openers(rng: random.Random, events: list[Event], openers: tuple[str, ...]) -> None:
    """Roster support acts (`opens_for`) take the second slot on about a third of the headliner's events;
    a separate random stream, so the headliner's events are the same with or without them."""
    for event in events:
        if openers and event.attractions and rng.random() < 0.35:
            head, *rest = event.attractions
            event.attractions = (head, rng.choice(openers), *rest)


def _show_days(rng: random.Random, spec: ArtistSpec, today: date) -> list[date]:
    # Touring productions play several cities a day, so many events share a date (ties under sort=date,asc).
    days = [
        today + timedelta(days=rng.randint(3, HORIZON_DAYS)) for _ in range(spec.events // spec.shows_per_day)
    ]
    days = [day for day in days for _ in range(spec.shows_per_day)]
    days += [today + timedelta(days=rng.randint(3, HORIZON_DAYS)) for _ in range(spec.events - len(days))]
    return sorted(days)


def _event(
    rng: random.Random, spec: ArtistSpec, day: date, venue: Venue, attraction_id: str, support_ids: list[str]
) -> Event:
    local_time = rng.choice(SHOW_TIMES)
    support = [rng.choice(support_ids)] if support_ids and rng.random() < 0.3 else []
    name = (
        spec.name
        if rng.random() < 0.6
        else f"{spec.name}: {rng.choice(('World Tour', 'Live', 'In Concert'))}"
    )
    return Event(
        id=ids.tm_event_id(rng),
        name=name,
        venue=venue,
        local_date=day,
        local_time=local_time,
        utc=_utc(day, local_time, venue),
        status=_status(rng),
        has_timezone=rng.random() > 0.2,  # dates.timezone is missing on ~20% of events
        sales_placeholder=rng.random() < 0.18,  # sales.public.startDateTime = 1900-01-01T...
        attractions=(attraction_id, *support),
        web_id=ids.hex_id(rng, 16).upper() if rng.random() < 0.75 else None,
    )


def _status(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.015:
        return rng.choice(("cancelled", "canceled"))
    if roll < 0.03:
        return "postponed"
    if roll < 0.04:
        return "rescheduled"
    return "offsale" if roll < 0.07 else "onsale"


def _utc(day: date, local_time: str, venue: Venue) -> datetime:
    local = datetime.combine(day, time.fromisoformat(local_time), ZoneInfo(venue.city.timezone))
    return local.astimezone(UTC)


def _force_quirks(rng: random.Random, events: list[Event]) -> None:
    """Make sure every artist with a few events shows each quirk at least once, whatever the seed."""
    quirks = [
        _cancel_uk,
        _cancel_us,
        _postpone,
        _reschedule,
        _tba,
        _tbd,
        _time_tba,
        _no_timezone,
        _no_attractions,
    ]
    picks = rng.sample(range(len(events)), min(len(quirks), len(events) // 5))
    for index, quirk in zip(picks, quirks, strict=False):
        quirk(events[index])


def _cancel_uk(event: Event) -> None:
    event.status = "cancelled"


def _cancel_us(event: Event) -> None:
    event.status = "canceled"


def _postpone(event: Event) -> None:
    # A postponed show keeps its original date as initialStartDate and has no confirmed date yet.
    event.status = "postponed"
    event.initial_start_date = event.local_date


def _reschedule(event: Event) -> None:
    event.status = "rescheduled"
    if event.local_date:
        event.initial_start_date = event.local_date - timedelta(days=21)


def _tba(event: Event) -> None:
    event.date_tba, event.time_tba = True, True
    event.local_date, event.local_time, event.utc = None, None, None


def _tbd(event: Event) -> None:
    event.date_tbd = True
    event.local_date, event.local_time, event.utc = None, None, None


def _time_tba(event: Event) -> None:
    # The date is known but not the time: Ticketmaster then omits dates.start.dateTime.
    event.time_tba = True
    event.local_time, event.utc = None, None


def _no_timezone(event: Event) -> None:
    event.has_timezone = False


def _no_attractions(event: Event) -> None:
    event.attractions = ()
