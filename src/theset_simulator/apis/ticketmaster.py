"""Ticketmaster Discovery v2 under /ticketmaster/discovery/v2: events, attractions, venues and its limits."""

from __future__ import annotations

import re
import zlib
from datetime import UTC, datetime, time
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from theset_simulator.apis import tm_render
from theset_simulator.model import Event
from theset_simulator.responses import Reply, fail, int_param, json_response
from theset_simulator.state import SimState, state_of

router = APIRouter(prefix="/ticketmaster/discovery/v2")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")  # the only accepted form (DIS1015 otherwise)
RESULTS_CAP = 10_000
SORTS = {
    "relevance,desc",
    "relevance,asc",
    "date,asc",
    "date,desc",
    "name,asc",
    "name,desc",
    "id,asc",
    "name,date,asc",
    "name,date,desc",
    "date,name,asc",
    "date,name,desc",
    "onSaleStartDate,asc",
    "random",
    "venueName,asc",
    "venueName,desc",
    "distance,asc",
    "distance,date,asc",
}


def _error(code: str, detail: str, status: str = "400 BAD_REQUEST", link: str = "about") -> dict[str, Any]:
    href = {"href": f"/discovery/v2/errors.html#{code}"}
    return {"errors": [{"_links": {link: href}, "code": code, "detail": detail, "status": status}]}


def guard(request: Request) -> SimState:
    """API key, then spike arrest, then the daily quota (400s and 404s still use up quota; 401s do not)."""
    state = state_of(request)
    options = state.options
    key = request.query_params.get("apikey")
    if key != options.ticketmaster_api_key:
        body = {"fault": {"faultstring": "Invalid ApiKey", "detail": {"errorcode": "oauth.v2.InvalidApiKey"}}}
        raise fail(body, 401)
    now = state.clock()
    if state.limits.tm_spike.hit(now) is not None:
        rate = options.ticketmaster_rate_per_s
        faultstring = (
            f"Spike arrest violation. Allowed rate : MessageRate{{messagesPerPeriod={rate:g}, "
            "periodInMicroseconds=1000000, maxBurstMessageCount=1.0}"
        )
        body = {
            "fault": {
                "faultstring": faultstring,
                "detail": {"errorcode": "policies.ratelimit.SpikeArrestViolation"},
            }
        }
        raise fail(body, 429)
    if not state.limits.tm_quota.take(now):
        faultstring = f"Rate limit quota violation. Quota limit  exceeded. Identifier : {key}"
        body = {
            "fault": {
                "faultstring": faultstring,
                "detail": {"errorcode": "policies.ratelimit.QuotaViolation"},
            }
        }
        raise fail(body, 429)
    return state


def ok(state: SimState, body: dict[str, Any]) -> Response:
    quota = state.limits.tm_quota
    if quota.limit <= 0:  # quota switched off (a test convenience): no quota to report
        return json_response(body)
    headers = {
        "Rate-Limit": str(quota.limit),
        "Rate-Limit-Available": str(quota.available()),
        "Rate-Limit-Over": "0",
        "Rate-Limit-Reset": str(int(quota.reset_at(state.clock()) * 1000)),  # epoch milliseconds
    }
    return json_response(body, headers=headers)


def paging(request: Request, state: SimState) -> tuple[int, int]:
    size = int_param(request, "size", 20)
    page = int_param(request, "page", 0)
    if size is None or page is None or size < 0 or page < 0:
        raise fail(_error("DIS1001", "Invalid value for paging parameter"), 400)
    cap = state.options.ticketmaster_max_size
    if size > cap:
        raise fail(_error("DIS1036", f'Query param "size" must be less than {cap + 1}'), 400)
    # Documented: page*size < 1000. Observed: page 5 at size 200 (offset 1000) still served.
    too_deep = page * size > 1000 if state.options.ticketmaster_paging_cap == 1200 else page * size >= 1000
    if too_deep:
        detail = "API Limits Exceeded: Max paging depth exceeded. (page * size) must be less than 1,000"
        raise fail(_error("DIS1035", detail), 400)
    return size, page


def parse_datetime(request: Request, name: str) -> datetime | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not DATE_RE.match(raw):
        detail = (
            "Query param with date must be of valid format YYYY-MM-DDTHH:mm:ssZ "
            "{example: 2016-12-08T00:00:00Z}"
        )
        raise fail(_error("DIS1015", detail, link="self"), 400)
    return datetime.strptime(raw, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def include_mode(request: Request, name: str, dated: bool, excluded_by_default: bool) -> str:
    raw = (request.query_params.get(name) or "").lower()
    if raw in ("yes", "no", "only"):
        return raw
    return "no" if dated or excluded_by_default else "yes"


def event_start(event: Event) -> datetime | None:
    if event.utc:
        return event.utc
    if event.local_date:
        return datetime.combine(event.local_date, time(0, 0), UTC)
    return None


def select_events(request: Request, state: SimState) -> list[tuple[Event, str]]:
    params = request.query_params
    start, end = parse_datetime(request, "startDateTime"), parse_datetime(request, "endDateTime")
    dated = start is not None or end is not None
    tba = include_mode(request, "includeTBA", dated, state.options.ticketmaster_tba_excluded_by_default)
    tbd = include_mode(request, "includeTBD", dated, state.options.ticketmaster_tba_excluded_by_default)
    candidates = _candidates(request, state)
    if ids := params.get("id"):
        wanted = set(ids.split(","))
        candidates = [c for c in candidates if c[0].id in wanted]
    if venue := params.get("venueId"):
        candidates = [c for c in candidates if c[0].venue.id == venue]
    if keyword := (params.get("keyword") or "").strip().lower():
        candidates = [
            c for c in candidates if keyword in c[0].name.lower() or keyword in c[0].venue.name.lower()
        ]
    if country := params.get("countryCode"):
        candidates = [c for c in candidates if c[0].venue.city.country_code == country.upper()]
    selected = []
    for event, key in candidates:
        if not _flag_ok(event.date_tba, tba) or not _flag_ok(event.date_tbd, tbd):
            continue
        moment = event_start(event)
        if moment is not None and ((start and moment < start) or (end and moment > end)):
            continue
        selected.append((event, key))
    return selected


def _flag_ok(flag: bool, mode: str) -> bool:
    return flag if mode == "only" else (mode == "yes" or not flag)


def _candidates(request: Request, state: SimState) -> list[tuple[Event, str]]:
    catalog = state.catalog
    attraction_ids = request.query_params.get("attractionId")
    if not attraction_ids:
        return list(catalog.index.events.values())
    out: list[tuple[Event, str]] = []
    for tm_id in attraction_ids.split(","):
        key = catalog.key_by_tm(tm_id)
        if key is not None:
            out.extend(catalog.billed_events(key))
        else:  # a support act: it appears on other artists' events
            out.extend(pair for pair in catalog.index.events.values() if tm_id in pair[0].attractions)
    return out


def sort_events(events: list[tuple[Event, str]], sort: str) -> list[tuple[Event, str]]:
    far = datetime.max.replace(tzinfo=UTC)
    if sort.startswith("date"):
        # Undated (TBA/TBD) events sort last; many events tie on date and keep catalog order.
        ordered = sorted(events, key=lambda pair: event_start(pair[0]) or far)
        return ordered[::-1] if sort.startswith("date,desc") else ordered
    if sort == "id,asc":
        return sorted(events, key=lambda pair: pair[0].id)
    if sort.startswith("name"):
        ordered = sorted(events, key=lambda pair: (pair[0].name, event_start(pair[0]) or far))
        return ordered[::-1] if sort.endswith("desc") else ordered
    # relevance and the rest: a stable order that is neither by date nor by id
    return sorted(events, key=lambda pair: hash_order(pair[0].id))


def hash_order(value: str) -> int:
    return zlib.crc32(value.encode())


@router.get("/events.json")
@router.get("/events")
async def search_events(request: Request) -> Response:
    state = guard(request)
    size, page = paging(request, state)
    sort = request.query_params.get("sort", "relevance,desc")
    if sort not in SORTS:
        raise fail(_error("DIS1001", f"Invalid sort value: {sort}"), 400)
    matches = sort_events(select_events(request, state), sort)
    total = min(len(matches), RESULTS_CAP)
    window = matches[page * size : page * size + size] if size else []
    genres = {key: state.catalog.specs[key].genre for key in state.catalog.specs}
    items = [tm_render.event_json(state.catalog, event, genres.get(key)) for event, key in window]
    query = dict(request.query_params)
    return ok(state, tm_render.page_envelope("events.json", query, "events", items, size, page, total))


@router.get("/events/{event_id}")
async def get_event(request: Request, event_id: str) -> Response:
    state = guard(request)
    found = state.catalog.index.events.get(event_id.removesuffix(".json"))
    if found is None:
        raise _not_found(event_id)
    event, key = found
    return ok(state, tm_render.event_json(state.catalog, event, state.catalog.specs[key].genre))


@router.get("/attractions.json")
@router.get("/attractions")
async def search_attractions(request: Request) -> Response:
    state = guard(request)
    size, page = paging(request, state)
    catalog = state.catalog
    everyone = [ident.tm_id for ident in catalog.identities.values()] + [
        p.tm_id for p in catalog.people.values()
    ]
    bodies = [body for body in (tm_render.attraction_json(catalog, tm_id) for tm_id in everyone) if body]
    if wanted := request.query_params.get("id"):
        bodies = [b for b in bodies if b["id"] in wanted.split(",")]
    if keyword := (request.query_params.get("keyword") or "").strip().lower():
        bodies = [b for b in bodies if all(word in b["name"].lower() for word in keyword.split())]
    window = bodies[page * size : page * size + size]
    query = dict(request.query_params)
    return ok(
        state,
        tm_render.page_envelope("attractions.json", query, "attractions", window, size, page, len(bodies)),
    )


@router.get("/attractions/{attraction_id}")
async def get_attraction(request: Request, attraction_id: str) -> Response:
    state = guard(request)
    body = tm_render.attraction_json(state.catalog, attraction_id.removesuffix(".json"))
    if body is None:
        raise _not_found(attraction_id)
    return ok(state, body)


@router.get("/venues/{venue_id}")
async def get_venue(request: Request, venue_id: str) -> Response:
    state = guard(request)
    venue = next((v for v in state.catalog.venues if v.id == venue_id.removesuffix(".json")), None)
    if venue is None:
        raise _not_found(venue_id)
    return ok(state, tm_render.cached_venue_json(state.catalog, venue))


def _not_found(resource_id: str) -> Reply:
    detail = f"Resource not found with provided criteria (locale=en-us, id={resource_id})"
    return fail(_error("DIS1004", detail, status="404"), 404)
