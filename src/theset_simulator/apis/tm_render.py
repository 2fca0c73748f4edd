"""Ticketmaster Discovery v2 JSON shapes (modelled on a real LA Philharmonic response)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from theset_simulator.artists import dead_spotify_id
from theset_simulator.catalog import Catalog
from theset_simulator.model import Event
from theset_simulator.places import Venue
from theset_simulator.setlists import slug

BASE = "/discovery/v2"
MUSIC = {"id": "KZFzniwnSyZfZ7v7nJ", "name": "Music"}
GENRES = {
    "Folk": ("KnvZfZ7vAva", "Folk"),
    "Rock": ("KnvZfZ7vAeA", "Rock"),
    "Pop": ("KnvZfZ7vAev", "Pop"),
    "Classical": ("KnvZfZ7vAeJ", "Classical"),
    "Electronic": ("KnvZfZ7vAvF", "Dance/Electronic"),
    "Blues": ("KnvZfZ7vAvd", "Blues"),
}
IMAGE_HOST = "https://s1.ticketm.net/dam/a"


def classification(genre: str | None) -> dict[str, Any]:
    # Placeholder genres ("Undefined") are what Ticketmaster serves for acts it has not classified.
    genre_id, genre_name = GENRES.get(genre or "", ("KnvZfZ7v7ll", "Undefined"))
    return {
        "primary": True,
        "segment": MUSIC,
        "genre": {"id": genre_id, "name": genre_name},
        "subGenre": {"id": "KZazBEonSMnZfZ7v6F1", "name": "Other"},
        "family": False,
    }


def images(seed_id: str) -> list[dict[str, Any]]:
    return [
        {
            "ratio": ratio,
            "url": f"{IMAGE_HOST}/{seed_id[-3:]}/{seed_id}_{suffix}.jpg",
            "width": w,
            "height": h,
            "fallback": False,
        }
        for ratio, suffix, w, h in (
            ("16_9", "RETINA_LANDSCAPE_16_9", 1136, 639),
            ("3_2", "ARTIST_PAGE_3_2", 305, 203),
        )
    ]


def venue_json(venue: Venue) -> dict[str, Any]:
    city = venue.city  # callers go through cached_venue_json; this builds it once
    body: dict[str, Any] = {
        "name": venue.name,
        "type": "venue",
        "id": venue.id,
        "test": False,
        "locale": "en-us",
        "url": f"https://www.ticketmaster.com/{slug(venue.name)}-tickets-{slug(city.name)}/venue/{venue.capacity}",
        "postalCode": venue.postal_code,
        "timezone": city.timezone,
        "city": {"name": venue.city_label},
        "country": {"name": city.country, "countryCode": city.country_code},
        "address": {"line1": venue.address},
        "dmas": [{"id": city.dma_id}],
        "upcomingEvents": {
            "_total": venue.capacity % 157,
            "ticketmaster": venue.capacity % 157,
            "_filtered": 0,
        },
        "_links": {"self": {"href": f"{BASE}/venues/{venue.id}?locale=en-us"}},
    }
    if city.state:
        body["state"] = {"name": city.state, "stateCode": city.state_code}
    if venue.latitude is not None:
        body["location"] = {"longitude": venue.longitude, "latitude": venue.latitude}  # strings, as served
    return body


def cached_venue_json(catalog: Catalog, venue: Venue) -> dict[str, Any]:
    memo_key = ("tm-venue", venue.id)
    if memo_key not in catalog.memo:
        catalog.memo[memo_key] = venue_json(venue)
    body: dict[str, Any] = catalog.memo[memo_key]
    return body


def attraction_json(catalog: Catalog, tm_id: str) -> dict[str, Any] | None:
    memo_key = ("tm-attraction", tm_id)
    if memo_key not in catalog.memo:
        catalog.memo[memo_key] = _build_attraction(catalog, tm_id)
    body: dict[str, Any] | None = catalog.memo[memo_key]
    return body


def _build_attraction(catalog: Catalog, tm_id: str) -> dict[str, Any] | None:
    key = catalog.key_by_tm(tm_id)
    if key is None:
        person = next((p for p in catalog.people.values() if p.tm_id == tm_id), None)
        if person is None:
            return None
        return _attraction(person.name, tm_id, 100_000 + int(person.mbid[:5], 16), None, {}, 0)
    spec, ident = catalog.specs[key], catalog.identities[key]
    links: dict[str, Any] = {"homepage": [{"url": f"https://www.{slug(spec.name).replace('-', '')}.com/"}]}
    if "spotify" in spec.tm_links:
        links["spotify"] = [{"url": f"https://open.spotify.com/artist/{ident.spotify_id}"}]
    if "dead-spotify" in spec.tm_links:  # a stale link: Spotify answers 404 for this id
        links["spotify"] = [{"url": f"https://open.spotify.com/artist/{dead_spotify_id(catalog.seed, spec)}"}]
    if "musicbrainz" in spec.tm_links:
        links["musicbrainz"] = [{"id": ident.mbid}]  # an id and no url, as in the real sample
    if not spec.tm_links:
        links = {}
    return _attraction(spec.name, tm_id, ident.tm_web_number, spec.genre, links, spec.events)


def _attraction(
    name: str, tm_id: str, web_number: int, genre: str | None, links: dict[str, Any], upcoming: int
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": name,
        "type": "attraction",
        "id": tm_id,
        "test": False,
        # The website artist number, not the Discovery id: never parse ids out of URLs.
        "url": f"https://www.ticketmaster.com/{slug(name)}-tickets/artist/{web_number}",
        "locale": "en-us",
        "images": images(tm_id),
        "classifications": [classification(genre)],
        "upcomingEvents": {"_total": upcoming, "ticketmaster": upcoming, "_filtered": 0},
        "_links": {"self": {"href": f"{BASE}/attractions/{tm_id}?locale=en-us"}},
    }
    if links:
        body["externalLinks"] = links
    return body


def event_json(catalog: Catalog, event: Event, genre: str | None) -> dict[str, Any]:
    memo_key = ("tm-event", event.id)
    if memo_key not in catalog.memo:
        catalog.memo[memo_key] = _build_event(catalog, event, genre)
    body: dict[str, Any] = catalog.memo[memo_key]
    return body


def _build_event(catalog: Catalog, event: Event, genre: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": event.name,
        "type": "event",
        "id": event.id,
        "test": False,
        "url": _event_url(event),
        "locale": "en-us",
        "images": images(event.id),
        "sales": _sales(event),
        "dates": _dates(event),
        "classifications": [classification(genre)],
        "_links": {
            "self": {"href": f"{BASE}/events/{event.id}?locale=en-us"},
            "attractions": [{"href": f"{BASE}/attractions/{a}?locale=en-us"} for a in event.attractions],
            "venues": [{"href": f"{BASE}/venues/{event.venue.id}?locale=en-us"}],
        },
    }
    embedded: dict[str, Any] = {"venues": [cached_venue_json(catalog, event.venue)]}
    attractions = [a for a in (attraction_json(catalog, tm_id) for tm_id in event.attractions) if a]
    if attractions:
        embedded["attractions"] = attractions
    body["_embedded"] = embedded
    return body


def _event_url(event: Event) -> str:
    if event.web_id is None:
        return f"https://www.ticketmaster.com/event/{event.id}"
    city = slug(event.venue.city.name)
    stamp = event.local_date.strftime("%m-%d-%Y") if event.local_date else "tba"
    return f"https://www.ticketmaster.com/{slug(event.name)}-{city}-{stamp}/event/{event.web_id}"


def _dates(event: Event) -> dict[str, Any]:
    start: dict[str, Any] = {}
    if event.local_date:
        start["localDate"] = event.local_date.isoformat()
    if event.local_time:
        start["localTime"] = event.local_time
    if event.utc:
        start["dateTime"] = event.utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    start.update(
        dateTBD=event.date_tbd,
        dateTBA=event.date_tba,
        timeTBA=event.time_tba,
        noSpecificTime=event.time_tba and not event.date_tba,
    )
    dates: dict[str, Any] = {"start": start, "status": {"code": event.status}, "spanMultipleDays": False}
    if event.has_timezone:
        dates["timezone"] = event.venue.city.timezone
    if event.initial_start_date:
        dates["initialStartDate"] = {"localDate": event.initial_start_date.isoformat()}
    return dates


def _sales(event: Event) -> dict[str, Any]:
    start = "1900-01-01T06:00:00Z" if event.sales_placeholder else "2026-01-15T15:00:00Z"
    public: dict[str, Any] = {"startDateTime": start, "startTBD": False, "startTBA": False}
    if event.utc:
        public["endDateTime"] = event.utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"public": public}


def page_envelope(
    path: str, query: dict[str, str], key: str, items: list[dict[str, Any]], size: int, page: int, total: int
) -> dict[str, Any]:
    """The HAL page: relative hrefs without the apikey; no `_embedded` at all when there are no items."""
    clean = {k: v for k, v in query.items() if k.lower() != "apikey"}
    total_pages = (total + size - 1) // size if size else 0

    def href(number: int) -> dict[str, str]:
        return {"href": f"{BASE}/{path}?{urlencode({**clean, 'page': number, 'size': size})}"}

    links: dict[str, Any] = {"self": {"href": f"{BASE}/{path}?{urlencode(clean)}"}}
    if total_pages:
        links["first"] = href(0)
        links["last"] = href(total_pages - 1)
    if page + 1 < total_pages:
        links["next"] = href(page + 1)
    if page > 0:
        links["prev"] = href(page - 1)
    body: dict[str, Any] = {
        "_links": links,
        "page": {"size": size, "totalElements": total, "totalPages": total_pages, "number": page},
    }
    if items:
        body = {"_embedded": {key: items}, **body}
    return body
