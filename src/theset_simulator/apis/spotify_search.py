"""GET /spotify/v1/search: artists, albums and tracks, with the field filters (artist:, isrc:, ...)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from theset_simulator.apis.spotify import artist_body, error, extended, guard, limit_offset, renderer
from theset_simulator.catalog import Catalog
from theset_simulator.model import Album, Track
from theset_simulator.responses import json_response

router = APIRouter(prefix="/spotify/v1")
TYPES = {"album", "artist", "playlist", "track", "show", "episode", "audiobook"}
TOKEN_RE = re.compile(r'(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)')


def parse_query(q: str) -> tuple[dict[str, str], list[str]]:
    filters: dict[str, str] = {}
    words: list[str] = []
    for quoted_key, quoted_value, key, value, phrase, word in TOKEN_RE.findall(q):
        if quoted_key or key:
            filters[(quoted_key or key).lower()] = (quoted_value or value).lower()
        else:
            words.extend((phrase or word).lower().split())
    return filters, words


def _matches(text: str, words: list[str]) -> bool:
    lowered = text.lower()
    return all(word in lowered for word in words)


def artist_ids(catalog: Catalog, filters: dict[str, str], words: list[str]) -> list[str]:
    wanted = words + filters.get("artist", "").split()
    everyone = [ident.spotify_id for ident in catalog.identities.values()] + list(catalog.people)
    found = [sid for sid in everyone if wanted and _matches(catalog.spotify_name(sid), wanted)]
    phrase = " ".join(wanted)
    return sorted(found, key=lambda sid: catalog.spotify_name(sid).lower() != phrase)  # exact name first


def _artist_ok(catalog: Catalog, ids: tuple[str, ...], filters: dict[str, str]) -> bool:
    name = filters.get("artist")
    return name is None or any(_matches(catalog.spotify_name(i), name.split()) for i in ids)


def tracks(catalog: Catalog, filters: dict[str, str], words: list[str]) -> list[Track]:
    index = catalog.index
    if "isrc" in filters:
        candidates = [t for t in index.tracks.values() if t.isrc.lower() == filters["isrc"]]
    else:
        wanted = words + filters.get("track", "").split()
        candidates = [t for t in index.tracks.values() if wanted and _matches(t.name, wanted)]
    return [t for t in candidates if _artist_ok(catalog, t.artist_ids, filters)]


def albums(catalog: Catalog, filters: dict[str, str], words: list[str]) -> list[Album]:
    index = catalog.index
    if "upc" in filters:
        candidates = [a for a in index.albums.values() if a.upc == filters["upc"]]
    else:
        wanted = words + filters.get("album", "").split()
        candidates = [a for a in index.albums.values() if wanted and _matches(a.name, wanted)]
    return [a for a in candidates if _artist_ok(catalog, a.artist_ids, filters)]


@router.get("/search")
async def search(request: Request) -> Response:
    state = guard(request)
    q = request.query_params.get("q")
    if not q:
        raise error(400, "No search query")
    raw_types = request.query_params.get("type")
    if not raw_types:
        raise error(400, "Missing parameter type")
    types = [t.strip() for t in raw_types.split(",")]
    if any(t not in TYPES for t in types):
        raise error(400, "Bad search type field")
    # Development mode since February 2026: limit default 5, max 10; offset up to 1000.
    default, maximum = (20, 50) if extended(state) else (5, 10)
    limit, offset = limit_offset(request, default, maximum, max_offset=1000)
    filters, words = parse_query(q)
    render, catalog = renderer(request, state), state.catalog
    query = {k: v for k, v in request.query_params.items() if k not in ("offset", "limit")}
    body: dict[str, Any] = {}
    for kind in types:
        items: list[dict[str, Any]] = []
        total = 0
        if kind == "artist":
            found_artists = artist_ids(catalog, filters, words)
            total = len(found_artists)
            items = [artist_body(state, render, sid) or {} for sid in found_artists[offset : offset + limit]]
        elif kind == "track":
            found_tracks = tracks(catalog, filters, words)
            total = len(found_tracks)
            items = [
                render.track(t, catalog.index.albums[t.album_id])
                for t in found_tracks[offset : offset + limit]
            ]
        elif kind == "album":
            found_albums = albums(catalog, filters, words)
            total = len(found_albums)
            items = [render.album(a) for a in found_albums[offset : offset + limit]]
        body[f"{kind}s"] = render.paging("search", query, items, limit, offset, total)
    return json_response(body)
