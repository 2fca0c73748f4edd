"""MusicBrainz WS/2 under /musicbrainz/ws/2: a meaningful User-Agent and ~1 request/second, or 403 / 503."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from theset_simulator.apis import mb_render
from theset_simulator.ids import is_isrc, is_mbid
from theset_simulator.responses import Reply, fail, int_param, json_response
from theset_simulator.state import SimState, state_of

router = APIRouter(prefix="/musicbrainz/ws/2")
HELP = "For usage, please see: https://musicbrainz.org/development/mmd"
RATE_MESSAGE = (
    "Your requests are exceeding the allowable rate limit. Please see "
    "https://wiki.musicbrainz.org/XMLWebService for more information."
)
XML_STUB = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!-- pass fmt=json or Accept: application/json for JSON -->\n'
    '<metadata xmlns="http://musicbrainz.org/ns/mmd-2.0#"/>'
)
QUERY_RE = re.compile(r'(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)')


def not_found() -> Reply:
    return fail({"error": "Not Found", "help": HELP}, 404)


def guard(request: Request) -> SimState:
    state = state_of(request)
    agent = request.headers.get("user-agent", "").strip()
    lowered = agent.lower()
    if not agent or any(lowered.startswith(p.lower()) for p in state.options.musicbrainz_blocked_user_agents):
        message = "Please provide a meaningful User-Agent, e.g. AppName/1.0 ( contact@example.org )"
        raise fail({"error": message, "help": HELP}, 403)
    if state.limits.musicbrainz.hit(state.clock()) is not None:
        raise fail({"error": RATE_MESSAGE}, 503)  # no Retry-After: its presence is unconfirmed
    wants_json = request.query_params.get("fmt") == "json" or "application/json" in request.headers.get(
        "accept", ""
    )
    if not wants_json:
        raise Reply(Response(XML_STUB, media_type="application/xml"))
    return state


def includes(request: Request) -> set[str]:
    return set((request.query_params.get("inc") or "").replace(" ", "+").split("+")) - {""}


def checked_mbid(value: str) -> str:
    if not is_mbid(value):
        raise fail({"error": "Invalid mbid.", "help": HELP}, 400)
    return value


@router.get("/artist/{mbid}")
async def get_artist(request: Request, mbid: str) -> Response:
    state = guard(request)
    key = state.catalog.key_by_mbid(checked_mbid(mbid))
    if key is None:
        namesake = next(
            (k for k, spec in state.catalog.specs.items()
             if spec.mb_namesake and mb_render.namesake_mbid(state.catalog, k) == mbid),
            None,
        )  # fmt: skip
        if namesake is None:
            raise not_found()
        return json_response(
            mb_render.namesake_json(state.catalog, namesake, "url-rels" in includes(request))
        )
    return json_response(mb_render.artist_json(state.catalog, key, "url-rels" in includes(request)))


@router.get("/artist")
async def search_artists(request: Request) -> Response:
    state = guard(request)
    query = (request.query_params.get("query") or "").lower()
    if not query:
        raise fail({"error": "You must provide a query", "help": HELP}, 400)
    words = [
        w for match in QUERY_RE.findall(query) for w in (match[1] or match[3] or match[4] or match[5]).split()
    ]
    limit, offset = _limit_offset(request)
    catalog = state.catalog
    scored = []
    for key, spec in catalog.specs.items():
        hits = sum(1 for w in words if w in spec.name.lower())
        if hits:
            exact = spec.name.lower() == " ".join(words)
            scored.append((100 if exact else 100 * hits // (len(spec.name.split()) + 1), key))
    scored.sort(key=lambda pair: -pair[0])
    artists = []
    for score, key in scored:
        artists.append({**mb_render.artist_json(catalog, key, False), "score": score})
        if catalog.specs[key].mb_namesake:
            artists.append({**mb_render.namesake_json(catalog, key, False), "score": score})
    return json_response(
        {
            "created": _now(),
            "count": len(artists),
            "offset": offset,
            "artists": artists[offset : offset + limit],
        }
    )


@router.get("/url")
async def lookup_url(request: Request) -> Response:
    state = guard(request)
    resource = request.query_params.get("resource", "")
    catalog = state.catalog
    for key in catalog.specs:
        for _kind, _type_id, url in mb_render.artist_urls(catalog, key):
            if url.rstrip("/") == resource.rstrip("/"):
                return json_response(_url_body(state, key, url, "artist-rels" in includes(request)))
    raise not_found()


def _url_body(state: SimState, key: str, url: str, with_artists: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"id": mb_render.stable_uuid("url", url), "resource": url}
    if with_artists:
        kind = next(k for k, _t, u in mb_render.artist_urls(state.catalog, key) if u == url)
        artist = mb_render.artist_json(state.catalog, key, False)
        body["relations"] = [
            {"type": kind, "target-type": "artist", "direction": "backward", "artist": artist}
        ]
    return body


@router.get("/isrc/{isrc}")
async def lookup_isrc(request: Request, isrc: str) -> Response:
    state = guard(request)
    if not is_isrc(isrc):
        raise fail({"error": "Invalid isrc.", "help": HELP}, 400)
    recordings = state.catalog.index.isrc.get(isrc.upper())
    if not recordings:
        raise not_found()
    inc = includes(request)
    items = [mb_render.recording_json(state.catalog, rec, inc) for rec in recordings]
    return json_response({"isrc": isrc.upper(), "recordings": items})


@router.get("/recording/{mbid}")
async def get_recording(request: Request, mbid: str) -> Response:
    state = guard(request)
    rec = state.catalog.index.recordings.get(checked_mbid(mbid))
    if rec is None:
        raise not_found()
    return json_response(mb_render.recording_json(state.catalog, rec, includes(request)))


@router.get("/release-group/{mbid}")
async def get_release_group(request: Request, mbid: str) -> Response:
    state = guard(request)
    entry = state.catalog.index.release_groups.get(checked_mbid(mbid))
    if entry is None:
        raise not_found()
    return json_response(mb_render.release_group_json(entry[0]))


@router.get("/release-group")
async def browse_release_groups(request: Request) -> Response:
    state = guard(request)
    artist = request.query_params.get("artist")
    if not artist:
        raise fail(
            {"error": "Browse requests need a linked entity (artist, release, ...)", "help": HELP}, 400
        )
    key = state.catalog.key_by_mbid(checked_mbid(artist))
    if key is None:
        raise not_found()
    limit, offset = _limit_offset(request)
    types = set((request.query_params.get("type") or "").lower().split("|")) - {""}
    groups = [g for g in state.catalog.artist(key).release_groups if g.in_musicbrainz]
    if types:
        groups = [
            g
            for g in groups
            if g.primary_type.lower() in types or any(t.lower() in types for t in g.secondary_types)
        ]
    groups.sort(key=lambda g: (g.first_release_date, g.title))
    return json_response(
        {
            "release-group-count": len(groups),
            "release-group-offset": offset,
            "release-groups": [mb_render.release_group_json(g) for g in groups[offset : offset + limit]],
        }
    )


@router.get("/release")
async def browse_releases(request: Request) -> Response:
    """`/release?artist={mbid}&inc=recordings+isrcs+release-groups`: every release of the artist that
    MusicBrainz knows, at most 100 a page, with recordings, their ISRCs and disambiguations."""
    state = guard(request)
    artist = request.query_params.get("artist")
    if not artist:
        raise fail(
            {"error": "Browse requests need a linked entity (artist, recording, ...)", "help": HELP}, 400
        )
    key = state.catalog.key_by_mbid(checked_mbid(artist))
    if key is None:
        raise not_found()
    limit, offset = _limit_offset(request)
    index = state.catalog.index
    releases = [
        (album, index.release_groups[album.release_group_id][0])
        for album in state.catalog.artist(key).own_albums
        if album.release_group_id in index.release_groups
    ]
    releases.sort(key=lambda pair: (pair[0].release_date, pair[0].name, pair[0].id))
    inc = includes(request)
    return json_response(
        {
            "release-count": len(releases),
            "release-offset": offset,
            "releases": [
                mb_render.browsed_release_json(a, g, inc) for a, g in releases[offset : offset + limit]
            ],
        }
    )


def _limit_offset(request: Request) -> tuple[int, int]:
    limit = int_param(request, "limit", 25)
    offset = int_param(request, "offset", 0)
    if limit is None or offset is None or limit < 1 or offset < 0:
        raise fail({"error": "Invalid limit or offset", "help": HELP}, 400)
    return min(limit, 100), offset  # MusicBrainz caps browse and search pages at 100


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
