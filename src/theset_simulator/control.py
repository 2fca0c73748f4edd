"""/_sim/: the simulator's own control and truth endpoints. The app never calls these; tests and tools do."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response

from theset_simulator.responses import fail, json_response
from theset_simulator.roster import ROSTER
from theset_simulator.state import state_of
from theset_simulator.truth import artist_summary, artist_truth

router = APIRouter(prefix="/_sim", tags=["simulator control"])


@router.get("/artists")
async def artists(request: Request) -> Response:
    catalog = state_of(request).catalog
    return json_response({"artists": [artist_summary(catalog, spec.key) for spec in ROSTER]})


@router.get("/truth/{tm_attraction_id}")
async def truth(request: Request, tm_attraction_id: str) -> Response:
    catalog = state_of(request).catalog
    key = catalog.key_by_tm(tm_attraction_id)
    if key is None:
        raise fail(
            {"error": {"code": "not_found", "message": f"no artist with tmAttractionId {tm_attraction_id}"}},
            404,
        )
    return json_response(artist_truth(catalog, key))


@router.get("/stats")
async def stats(request: Request) -> Response:
    state = state_of(request)
    limits = state.limits
    body = state.stats.snapshot()
    body["quotas"] = {
        "ticketmaster_daily_used": limits.tm_quota.used,
        "spotify_tokens_issued": len(state.tokens),
    }
    return json_response(body)


@router.get("/config")
async def get_config(request: Request) -> Response:
    return json_response(state_of(request).options.model_dump(mode="json"))


@router.post("/config")
async def set_config(request: Request) -> Response:
    """Change any SimOptions field at run time, e.g. {"spotify_profile": "extended", "fault_rate": 0.1}."""
    state = state_of(request)
    changes: Any = await request.json()
    if not isinstance(changes, dict):
        raise fail({"error": {"code": "invalid", "message": "expected a JSON object of option changes"}}, 422)
    try:
        options = state.configure(changes)
    except ValidationError as exc:
        details = exc.errors(include_url=False, include_context=False)
        raise fail(
            {"error": {"code": "invalid", "message": "invalid options", "details": details}}, 422
        ) from exc
    return json_response(options.model_dump(mode="json"))


@router.post("/reset")
async def reset(request: Request) -> Response:
    """Back to the startup options; counters, rate-limit windows, quotas and tokens emptied."""
    state = state_of(request)
    state.reset()
    return json_response(state.options.model_dump(mode="json"))


@router.post("/expire-tokens")
async def expire_tokens(request: Request) -> Response:
    """Make every issued Spotify token expired now, to test a client's refresh on 401."""
    state = state_of(request)
    now = state.clock()
    for token in state.tokens:
        state.tokens[token] = now
    return json_response({"expired": len(state.tokens)})
