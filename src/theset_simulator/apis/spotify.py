"""Spotify Web API under /spotify/v1, in the `development` (2026) or `extended` access profile."""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from theset_simulator.apis.spotify_render import Renderer
from theset_simulator.ids import is_spotify_id
from theset_simulator.model import Album, Track
from theset_simulator.responses import Reply, fail, int_param, json_response
from theset_simulator.state import SimState, state_of

router = APIRouter(prefix="/spotify/v1")
GROUP_ORDER = ("album", "single", "appears_on", "compilation")
BATCH_MAX = {"tracks": 50, "albums": 20, "artists": 50, "audio-features": 100}


def error(status: int, message: str, headers: dict[str, str] | None = None, **extra: Any) -> Reply:
    return fail({"error": {"status": status, "message": message, **extra}}, status, headers)


def guard(request: Request) -> SimState:
    """Bearer token, then the rolling window, then (development only) the daily quota."""
    state = state_of(request)
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if not token:
        raise error(401, "No token provided")
    expiry = state.tokens.get(token)
    if scheme.lower() != "bearer" or expiry is None:
        raise error(401, "Invalid access token")
    now = state.clock()
    if expiry <= now:
        challenge = (
            'Bearer realm="spotify", error="invalid_token", error_description="The access token expired"'
        )
        raise error(401, "The access token expired", {"WWW-Authenticate": challenge})
    wait = state.limits.spotify_window.hit(now)
    if wait is not None:
        raise error(429, "API rate limit exceeded", {"Retry-After": str(math.ceil(wait))})
    if not extended(state):
        wait = state.limits.spotify_quota.hit(now)
        if wait is not None:
            raise error(
                429, "Too many requests", {"Retry-After": str(math.ceil(wait))}, reason="QUOTA_EXCEEDED"
            )
    return state


def extended(state: SimState) -> bool:
    return state.options.spotify_profile == "extended"


def renderer(request: Request, state: SimState) -> Renderer:
    return Renderer(state.catalog, f"{str(request.base_url).rstrip('/')}/spotify/v1", extended(state))


def removed_in_development(state: SimState) -> None:
    # Batch endpoints, audio features and top tracks answer 403 to development-mode apps.
    if not extended(state):
        raise error(403, "Forbidden")


def limit_offset(
    request: Request, default: int, maximum: int, max_offset: int | None = None
) -> tuple[int, int]:
    limit = int_param(request, "limit", default)
    if limit is None or not 1 <= limit <= maximum:
        raise error(400, "Invalid limit")
    offset = int_param(request, "offset", 0)
    if offset is None or offset < 0 or (max_offset is not None and offset > max_offset):
        raise error(400, "Invalid offset")
    return limit, offset


def checked_id(value: str) -> str:
    if not is_spotify_id(value):
        raise error(400, "Invalid base62 id")
    return value


def batch_ids(request: Request, kind: str) -> list[str]:
    raw = request.query_params.get("ids")
    if not raw:
        raise error(400, "No ids provided" if raw is None else "Invalid ids")
    values = raw.split(",")
    if len(values) > BATCH_MAX[kind]:
        raise error(400, "Too many ids requested")
    return [checked_id(value) for value in values]


def find_album(state: SimState, album_id: str) -> Album:
    album = state.catalog.index.albums.get(checked_id(album_id))
    if album is None:
        raise error(404, "Resource not found")
    return album


def find_track(state: SimState, track_id: str) -> Track:
    track = state.catalog.index.tracks.get(checked_id(track_id))
    if track is None:
        raise error(404, "Resource not found")
    return track


def artist_body(state: SimState, render: Renderer, spotify_id: str) -> dict[str, Any] | None:
    key = state.catalog.key_by_spotify(spotify_id)
    if key is None and spotify_id not in state.catalog.people:
        return None
    return render.artist(spotify_id, state.catalog.artist(key) if key else None)


@router.get("/artists/{artist_id}/albums")
async def artist_albums(request: Request, artist_id: str) -> Response:
    state = guard(request)
    default, maximum = (20, 50) if extended(state) else (5, 10)
    limit, offset = limit_offset(request, default, maximum)
    key = state.catalog.key_by_spotify(checked_id(artist_id))
    if key is None and artist_id in state.catalog.people:
        # Guests and featured artists are real Spotify artists with no releases of their own here:
        # an empty list, as for any artist who only appears on others' albums (never a 404).
        query = {k: v for k, v in request.query_params.items() if k not in ("offset", "limit")}
        empty = renderer(request, state).paging(f"artists/{artist_id}/albums", query, [], limit, offset, 0)
        return json_response(empty)
    if key is None:
        raise error(404, "Resource not found")
    raw_groups = request.query_params.get("include_groups")
    groups = [g.strip() for g in raw_groups.split(",")] if raw_groups else list(GROUP_ORDER)
    if any(g not in GROUP_ORDER for g in groups):
        raise error(400, "Invalid include_groups")
    everything = state.catalog.artist(key).albums
    albums = sorted_albums(state, key, groups)
    total = len(albums)
    if raw_groups and state.options.spotify_albums_paging_bug:
        # rspotify#492: `total` counts what the filter removed, so `next` stays set over empty pages.
        total += len(everything) - len(albums) + 25
    render = renderer(request, state)
    items = []
    for album in albums[offset : offset + limit]:
        body = render.album(album)
        if extended(state):
            body["album_group"] = album.group
        items.append(body)
    query = {k: v for k, v in request.query_params.items() if k not in ("offset", "limit")}
    return json_response(render.paging(f"artists/{artist_id}/albums", query, items, limit, offset, total))


def sorted_albums(state: SimState, key: str, groups: list[str]) -> list[Album]:
    """Spotify's order: by group (album, single, appears_on, compilation), newest first; memoised."""
    memo_key = ("spotify-albums", key, *sorted(groups))
    memo = state.catalog.memo
    if memo_key not in memo:
        wanted = [a for a in state.catalog.artist(key).albums if a.group in groups]
        memo[memo_key] = sorted(wanted, key=lambda a: (GROUP_ORDER.index(a.group), _negated(a.release_date)))
    albums: list[Album] = memo[memo_key]
    return albums


def _negated(release_date: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in release_date.split("-"))


@router.get("/artists/{artist_id}/top-tracks")
async def top_tracks(request: Request, artist_id: str) -> Response:
    state = guard(request)
    removed_in_development(state)
    if not request.query_params.get("market"):
        raise error(400, "Missing market")
    key = state.catalog.key_by_spotify(checked_id(artist_id))
    if key is None:
        raise error(404, "Resource not found")
    render = renderer(request, state)
    albums = {a.id: a for a in state.catalog.artist(key).own_albums}
    tracks = sorted((t for a in albums.values() for t in a.tracks), key=lambda t: -t.popularity)[:10]
    return json_response({"tracks": [render.track(t, albums[t.album_id]) for t in tracks]})


@router.get("/artists/{artist_id}")
async def get_artist(request: Request, artist_id: str) -> Response:
    state = guard(request)
    body = artist_body(state, renderer(request, state), checked_id(artist_id))
    if body is None:
        raise error(404, "Resource not found")
    return json_response(body)


@router.get("/artists")
async def several_artists(request: Request) -> Response:
    state = guard(request)
    removed_in_development(state)
    render = renderer(request, state)
    return json_response({"artists": [artist_body(state, render, i) for i in batch_ids(request, "artists")]})


@router.get("/albums/{album_id}/tracks")
async def album_tracks(request: Request, album_id: str) -> Response:
    state = guard(request)
    limit, offset = limit_offset(request, 20, 50)
    album = find_album(state, album_id)
    render = renderer(request, state)
    items = [render.track(t) for t in album.tracks[offset : offset + limit]]
    query = {k: v for k, v in request.query_params.items() if k not in ("offset", "limit")}
    return json_response(
        render.paging(f"albums/{album.id}/tracks", query, items, limit, offset, len(album.tracks))
    )


@router.get("/albums/{album_id}")
async def get_album(request: Request, album_id: str) -> Response:
    state = guard(request)
    return json_response(renderer(request, state).album(find_album(state, album_id), full=True))


@router.get("/albums")
async def several_albums(request: Request) -> Response:
    state = guard(request)
    removed_in_development(state)
    render = renderer(request, state)
    found = [state.catalog.index.albums.get(i) for i in batch_ids(request, "albums")]
    return json_response({"albums": [render.album(a, full=True) if a else None for a in found]})


@router.get("/tracks/{track_id}")
async def get_track(request: Request, track_id: str) -> Response:
    state = guard(request)
    track = find_track(state, track_id)
    return json_response(renderer(request, state).track(track, state.catalog.index.albums[track.album_id]))


@router.get("/tracks")
async def several_tracks(request: Request) -> Response:
    state = guard(request)
    removed_in_development(state)
    render = renderer(request, state)
    index = state.catalog.index
    found = [index.tracks.get(i) for i in batch_ids(request, "tracks")]
    return json_response(
        {"tracks": [render.track(t, index.albums[t.album_id]) if t else None for t in found]}
    )


@router.get("/audio-features/{track_id}")
async def audio_features_one(request: Request, track_id: str) -> Response:
    state = guard(request)
    removed_in_development(state)
    return json_response(renderer(request, state).audio_features(find_track(state, track_id)))


@router.get("/audio-features")
async def audio_features(request: Request) -> Response:
    state = guard(request)
    removed_in_development(state)
    render = renderer(request, state)
    found = [state.catalog.index.tracks.get(i) for i in batch_ids(request, "audio-features")]
    return json_response({"audio_features": [render.audio_features(t) if t else None for t in found]})
