"""setlist.fm API 1.0 under /setlistfm/rest/1.0: `x-api-key`, JSON only on request, 404 for empty results."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from theset_simulator.responses import Reply, fail, int_param, json_response
from theset_simulator.setlists import artist_ref
from theset_simulator.state import SimState, state_of

router = APIRouter(prefix="/setlistfm/rest/1.0")
PER_PAGE = 20
DATE_RE = re.compile(r"^\d{2}-\d{2}-\d{4}$")  # dd-MM-yyyy
XML_STUB = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    "<!-- setlist.fm answers XML unless the request sends Accept: application/json -->\n<setlists/>"
)


def api_error(status: int, reason: str, message: str) -> Reply:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000+0000")
    return fail({"code": status, "status": reason, "message": message, "timestamp": stamp}, status)


def guard(request: Request) -> SimState:
    # The gateway in front of setlist.fm (AWS API Gateway) answers auth and throttling, in its own shapes.
    state = state_of(request)
    if request.headers.get("x-api-key") != state.options.setlistfm_api_key:
        raise fail({"message": "Forbidden"}, 403)
    now = state.clock()
    if state.limits.setlistfm_rate.hit(now) is not None:
        raise fail({"message": "Too Many Requests"}, 429)  # observed without Retry-After
    if state.limits.setlistfm_quota.hit(now) is not None:
        raise fail({"message": "Limit Exceeded"}, 429)
    if "application/json" not in request.headers.get("accept", ""):
        raise Reply(Response(XML_STUB, media_type="application/xml"))
    return state


def page_number(request: Request) -> int:
    page = int_param(request, "p", 1)
    if page is None or page < 1:
        raise api_error(400, "Bad Request", "page must be a positive number")
    return page


def paged(kind: str, key: str, items: list[dict[str, Any]], page: int, per_page: int = PER_PAGE) -> Response:
    window = items[(page - 1) * per_page : page * per_page]
    if not window:  # an empty search, and a page past the end, are 404s rather than empty lists
        raise api_error(404, "Not Found", "not found")
    return json_response(
        {"type": kind, "itemsPerPage": per_page, "page": page, "total": len(items), key: window}
    )


def artist_json(state: SimState, key: str) -> dict[str, Any]:
    ident = state.catalog.identities[key]
    return artist_ref(state.catalog.specs[key], ident.mbid, ident.tm_web_number)


@router.get("/artist/{mbid}/setlists")
async def artist_setlists(request: Request, mbid: str) -> Response:
    state = guard(request)
    page = page_number(request)
    key = state.catalog.key_by_mbid(mbid)
    if key is None:
        raise api_error(404, "Not Found", f"unknown mbid: {mbid}")
    return paged("setlists", "setlist", state.catalog.artist(key).setlists, page)


@router.get("/artist/{mbid}")
async def get_artist(request: Request, mbid: str) -> Response:
    state = guard(request)
    key = state.catalog.key_by_mbid(mbid)
    if key is None:
        raise api_error(404, "Not Found", f"unknown mbid: {mbid}")
    return json_response(artist_json(state, key))


@router.get("/setlist/{setlist_id}")
async def get_setlist(request: Request, setlist_id: str) -> Response:
    state = guard(request)
    setlist = state.catalog.index.setlists.get(setlist_id)
    if setlist is None:
        raise api_error(404, "Not Found", f"unknown setlistId: {setlist_id}")
    return json_response(setlist)


@router.get("/search/setlists")
async def search_setlists(request: Request) -> Response:
    state = guard(request)
    page = page_number(request)
    params = request.query_params
    if (date := params.get("date")) and not DATE_RE.match(date):
        raise api_error(400, "Bad Request", "date must be of format dd-MM-yyyy")
    keys = {
        "artistMbid",
        "artistName",
        "date",
        "year",
        "venueName",
        "venueId",
        "cityName",
        "tourName",
        "countryCode",
        "artistTmid",
    }
    if not any(params.get(k) for k in keys):
        raise api_error(400, "Bad Request", "at least one search parameter must be given")
    found = [s for s in state.catalog.index.setlists.values() if _setlist_matches(s, params)]
    found.sort(key=lambda s: _sortable(s["eventDate"]), reverse=True)
    return paged("setlists", "setlist", found, page)


def _sortable(event_date: str) -> str:
    day, month, year = event_date.split("-")
    return f"{year}{month}{day}"


def _setlist_matches(setlist: dict[str, Any], params: Any) -> bool:
    artist, venue = setlist["artist"], setlist["venue"]
    checks = {
        "artistMbid": lambda v: artist["mbid"] == v,
        "artistName": lambda v: v.lower() in artist["name"].lower(),
        "artistTmid": lambda v: str(artist["tmid"]) == v,
        "date": lambda v: setlist["eventDate"] == v,
        "year": lambda v: setlist["eventDate"].endswith(v),
        "venueName": lambda v: v.lower() in venue["name"].lower(),
        "venueId": lambda v: venue["id"] == v,
        "cityName": lambda v: v.lower() == venue["city"]["name"].lower(),
        "countryCode": lambda v: v.upper() == venue["city"]["country"]["code"],
        "tourName": lambda v: v.lower() == setlist.get("tour", {}).get("name", "").lower(),
    }
    return all(check(params[name]) for name, check in checks.items() if params.get(name))


@router.get("/search/artists")
async def search_artists(request: Request) -> Response:
    state = guard(request)
    page = page_number(request)
    name = (request.query_params.get("artistName") or "").lower()
    mbid = request.query_params.get("artistMbid")
    if not name and not mbid:
        raise api_error(400, "Bad Request", "at least one search parameter must be given")
    keys = [
        k
        for k, spec in state.catalog.specs.items()
        if (not name or name in spec.name.lower()) and (not mbid or state.catalog.identities[k].mbid == mbid)
    ]
    return paged("artists", "artist", [artist_json(state, k) for k in keys], page, per_page=30)
