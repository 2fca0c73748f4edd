"""Ticketmaster Discovery v2: attractions and every event of an attraction.

The key rides in the `apikey` query parameter, so URLs only ever reach logs and errors redacted
(core/http.py). Deep paging is capped (`size*page < 1000`, DIS1035 past it), so a query whose
`totalElements` exceeds the cap is split into date windows, halved until each one fits. One listing with
`includeTBA=yes&includeTBD=yes` returns dated, TBA and TBD events together; only split windows need the
undated ones asked for separately. Results are deduplicated by id.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from theset.core.config import Settings
from theset.core.http import UpstreamBadRequest, UpstreamClient, UpstreamNotFound
from theset.core.logging import get_logger
from theset.providers._client import ProviderClient
from theset.providers._parse import (
    as_dict,
    as_float,
    as_int,
    as_str,
    best_image_url,
    dicts,
    parse_datetime_utc,
    parse_iso_date,
    parse_time,
    spotify_artist_id,
)
from theset.providers.types import TmAttraction, TmEvent, TmVenue

log = get_logger(__name__)

PROVIDER = "ticketmaster"
MUSIC_SEGMENT_ID = "KZFzniwnSyZfZ7v7nJ"
_STATUS = {
    "onsale": "onsale",
    "offsale": "offsale",
    "canceled": "cancelled",
    "cancelled": "cancelled",
    "postponed": "postponed",
    "rescheduled": "rescheduled",
}
_GENRE_PLACEHOLDERS = {"undefined", "other", ""}


def format_tm_datetime(moment: datetime) -> str:
    """The only format Discovery accepts for date filters: YYYY-MM-DDTHH:mm:ssZ (else DIS1015)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def normalize_status(code: Any) -> str:
    text = (as_str(code) or "onsale").lower()
    return _STATUS.get(text, text)


# How far past its start a continuing date window reaches: further than Ticketmaster lists events ahead.
FAR_AHEAD = timedelta(days=10 * 366)
# A continuing listing starts this far before the last start read (ties and date-only events re-read).
RE_READ = timedelta(days=1)


def _window(start: datetime, end: datetime) -> dict[str, str]:
    return {"startDateTime": format_tm_datetime(start), "endDateTime": format_tm_datetime(end)}


async def _unseen(events: AsyncIterator[TmEvent], seen: set[str]) -> AsyncIterator[TmEvent]:
    """The events whose id is not in `seen` yet (windows share edges; listings overlap)."""
    async for event in events:
        if event.id not in seen:
            seen.add(event.id)
            yield event


def _halves(start: datetime, end: datetime) -> tuple[tuple[datetime, datetime], tuple[datetime, datetime]]:
    """A date window cut in two at its middle second (the halves share the edge; events are deduped)."""
    middle = start + timedelta(seconds=int((end - start).total_seconds() // 2))
    return (start, middle), (middle, end)


def parse_venue(raw: dict[str, Any]) -> TmVenue | None:
    venue_id = as_str(raw.get("id"))
    if not venue_id:
        return None
    address = as_dict(raw.get("address"))
    lines = [as_str(address.get(k)) for k in ("line1", "line2", "line3")]
    state = as_dict(raw.get("state"))
    country = as_dict(raw.get("country"))
    location = as_dict(raw.get("location"))
    return TmVenue(
        id=venue_id,
        name=as_str(raw.get("name")),
        city=as_str(as_dict(raw.get("city")).get("name")),
        state=as_str(state.get("name")),
        state_code=as_str(state.get("stateCode")),
        country=as_str(country.get("name")),
        country_code=as_str(country.get("countryCode")),
        address=", ".join(line for line in lines if line) or None,
        postal_code=as_str(raw.get("postalCode")),
        timezone=as_str(raw.get("timezone")),
        latitude=as_float(location.get("latitude")),
        longitude=as_float(location.get("longitude")),
        url=as_str(raw.get("url")),
    )


def parse_event(raw: Any) -> TmEvent | None:
    raw = as_dict(raw)
    event_id = as_str(raw.get("id"))
    if not event_id:
        return None
    dates = as_dict(raw.get("dates"))
    start = as_dict(dates.get("start"))
    embedded = as_dict(raw.get("_embedded"))
    venues = [v for v in (parse_venue(x) for x in dicts(embedded.get("venues"))) if v is not None]
    venue = venues[0] if venues else None
    sale_start = parse_datetime_utc(as_dict(as_dict(raw.get("sales")).get("public")).get("startDateTime"))
    if sale_start is not None and sale_start.year <= 1900:
        sale_start = None  # the 1900-01-01T…Z placeholder
    return TmEvent(
        id=event_id,
        name=as_str(raw.get("name")) or "",
        url=as_str(raw.get("url")),
        image_url=best_image_url(raw.get("images"), prefer_ratio="16_9"),
        local_date=parse_iso_date(start.get("localDate")),
        local_time=parse_time(start.get("localTime")),
        date_time=parse_datetime_utc(start.get("dateTime")),
        timezone=as_str(dates.get("timezone")) or (venue.timezone if venue else None),
        status=normalize_status(as_dict(dates.get("status")).get("code")),
        date_tba=start.get("dateTBA") is True,
        date_tbd=start.get("dateTBD") is True,
        time_tba=start.get("timeTBA") is True,
        no_specific_time=start.get("noSpecificTime") is True,
        public_sale_start=sale_start,
        venue=venue,
        attraction_ids=tuple(
            aid for aid in (as_str(a.get("id")) for a in dicts(embedded.get("attractions"))) if aid
        ),
    )


def parse_attraction(raw: Any) -> TmAttraction | None:
    raw = as_dict(raw)
    attraction_id = as_str(raw.get("id"))
    if not attraction_id:
        return None
    links = as_dict(raw.get("externalLinks"))
    spotify_id = next(
        (sid for sid in (spotify_artist_id(link.get("url")) for link in dicts(links.get("spotify"))) if sid),
        None,
    )
    mbid = next((as_str(link.get("id")) for link in dicts(links.get("musicbrainz")) if link.get("id")), None)
    homepage = next(
        (as_str(link.get("url")) for link in dicts(links.get("homepage")) if link.get("url")), None
    )
    genre = None
    for classification in dicts(raw.get("classifications")):
        name = as_str(as_dict(classification.get("genre")).get("name"))
        if name and name.lower() not in _GENRE_PLACEHOLDERS:
            genre = name
            break
    return TmAttraction(
        id=attraction_id,
        name=as_str(raw.get("name")) or "",
        url=as_str(raw.get("url")),
        image_url=best_image_url(raw.get("images"), prefer_ratio="16_9"),
        spotify_id=spotify_id,
        mbid=mbid,
        homepage_url=homepage,
        genre=genre,
    )


class TicketmasterClient(ProviderClient):
    def __init__(self, http: UpstreamClient, *, page_size: int = 199, paging_cap: int = 1000) -> None:
        super().__init__(http)
        self.page_size = page_size  # 200 is disputed (DIS1036 seen); 199 is safe
        self.paging_cap = paging_cap  # documented: size * page < 1000
        # Items one query can reach: pages 0..n while page * size < cap (1,194 at size 199).
        self.reachable = ((paging_cap - 1) // page_size + 1) * page_size
        self.min_window = timedelta(hours=1)

    provider = PROVIDER

    @classmethod
    def http_config(cls, settings: Settings) -> tuple[str, dict[str, Any]]:
        key = settings.ticketmaster_key
        options = {"params": {"apikey": key}, "headers": {"Accept": "application/json"}, "secrets": [key]}
        return settings.ticketmaster_url, options

    # --- attractions ------------------------------------------------------------------------------
    async def get_attraction(self, attraction_id: str) -> TmAttraction:
        """One attraction with its external links; unknown id -> UpstreamNotFound."""
        body = await self.http.get_json(f"attractions/{attraction_id}.json")
        attraction = parse_attraction(body)
        if attraction is None:
            raise UpstreamNotFound(PROVIDER, f"attraction {attraction_id} has no id in its answer")
        return attraction

    async def search_attractions(self, keyword: str, size: int = 10) -> list[TmAttraction]:
        body = await self.http.get_json(
            "attractions.json",
            {"keyword": keyword, "size": min(size, self.page_size), "segmentId": MUSIC_SEGMENT_ID},
        )
        found = (
            parse_attraction(a) for a in dicts(as_dict(as_dict(body).get("_embedded")).get("attractions"))
        )
        return [a for a in found if a is not None]

    # --- events -----------------------------------------------------------------------------------
    async def iter_events(self, attraction_id: str) -> AsyncIterator[TmEvent]:
        """Every event of the attraction, each id once. One listing with TBA and TBD events included
        (`includeTBA=yes&includeTBD=yes`, date order, undated last), paged: 1 + ceil(events / page size)
        calls with the attraction. Past the paging cap the listing is read as deep as it pages, the dated
        rest comes from one date window starting where it stopped, and the undated events (which dated
        windows leave out) from their own `only` listings, and then only if some are still missing."""
        seen: set[str] = set()
        base = {"attractionId": attraction_id}
        listing = {**base, "includeTBA": "yes", "includeTBD": "yes"}
        first = await self._page(listing, 0)
        total = self._total(first)
        last_start: datetime | None = None
        reached_undated = False
        async for event in _unseen(self._iter_pages(listing, first), seen):
            start = self._start_of(event)
            last_start = start or last_start
            reached_undated = reached_undated or start is None
            yield event
        if total <= self.reachable:
            return
        if last_start is not None and not reached_undated:  # the dated events go on past the cap
            async for event in _unseen(self._iter_dated_from(base, last_start), seen):
                yield event
        if len(seen) >= total:
            return
        for only in ({**base, "includeTBA": "only"}, {**base, "includeTBD": "only"}):
            async for event in _unseen(self._iter_query(only), seen):
                yield event

    async def _iter_dated_from(self, params: dict[str, str], last_start: datetime) -> AsyncIterator[TmEvent]:
        """The dated events from the day before `last_start` on (ties and date-only events are re-read,
        not lost), each listing read as deep as it pages and the next one starting where it stopped.
        A single day with more events than a listing reaches falls back to halving date windows."""
        resume = last_start - RE_READ
        while True:
            dated = {**params, **_window(resume, resume + FAR_AHEAD)}
            first = await self._page(dated, 0)
            reached: datetime | None = None
            async for event in self._iter_pages(dated, first):
                reached = self._start_of(event) or reached
                yield event
            if self._total(first) <= self.reachable or reached is None:
                return
            if reached - RE_READ <= resume:  # no progress: one day holds more than a listing reaches
                async for event in self._iter_window(params, resume, resume + FAR_AHEAD):
                    yield event
                return
            resume = reached - RE_READ

    async def _page(self, params: dict[str, str], page: int) -> dict[str, Any]:
        query = {"sort": "date,asc", **params, "size": str(self.page_size), "page": str(page)}
        return as_dict(await self.http.get_json("events.json", query))

    @staticmethod
    def _events(body: dict[str, Any]) -> list[TmEvent]:
        raw = dicts(as_dict(body.get("_embedded")).get("events"))
        return [e for e in (parse_event(r) for r in raw) if e is not None]

    @staticmethod
    def _total(body: dict[str, Any]) -> int:
        return as_int(as_dict(body.get("page")).get("totalElements")) or 0

    async def _iter_query(self, params: dict[str, str]) -> AsyncIterator[TmEvent]:
        first = await self._page(params, 0)
        if self._total(first) > self.reachable:
            log.warning("ticketmaster query exceeds paging cap", total=self._total(first), **params)
        async for event in self._iter_pages(params, first):
            yield event

    async def _iter_pages(self, params: dict[str, str], first: dict[str, Any]) -> AsyncIterator[TmEvent]:
        """Page 0 (already fetched) and the rest, never past the paging cap."""
        body, page = first, 0
        total_pages = as_int(as_dict(first.get("page")).get("totalPages")) or 0
        while True:
            events = self._events(body)
            for event in events:
                yield event
            page += 1
            if not events or page >= total_pages or page * self.page_size >= self.paging_cap:
                return
            try:
                body = await self._page(params, page)
            except UpstreamBadRequest as exc:
                if exc.code != "DIS1035":
                    raise
                log.warning("ticketmaster paging depth exceeded", page=page, **params)
                return

    @staticmethod
    def _start_of(event: TmEvent) -> datetime | None:
        if event.date_time is not None:
            return event.date_time
        if event.local_date is not None:
            return datetime(event.local_date.year, event.local_date.month, event.local_date.day, tzinfo=UTC)
        return None

    async def _iter_window(
        self, params: dict[str, str], start: datetime, end: datetime
    ) -> AsyncIterator[TmEvent]:
        windowed = {**params, **_window(start, end)}
        first = await self._page(windowed, 0)
        if self._total(first) > self.reachable and end - start > self.min_window:
            for lo, hi in _halves(start, end):
                async for event in self._iter_window(params, lo, hi):
                    yield event
            return
        if self._total(first) > self.reachable:
            log.warning("ticketmaster window still exceeds paging cap", total=self._total(first))
        async for event in self._iter_pages(windowed, first):
            yield event
