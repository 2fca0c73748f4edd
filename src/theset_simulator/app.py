"""The simulator's ASGI app: the four upstream APIs at their real paths, plus /_sim/ control endpoints."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response

from theset_simulator import control
from theset_simulator.apis import (
    musicbrainz,
    setlistfm,
    spotify,
    spotify_accounts,
    spotify_search,
    ticketmaster,
)
from theset_simulator.faults import UpstreamMiddleware
from theset_simulator.options import SimOptions
from theset_simulator.responses import Reply, json_response, reply_handler
from theset_simulator.state import SimState

# Idle connections stay open for a minute, as the real APIs' load balancers keep them (uvicorn's default
# is 5 s, the same as httpx's idle expiry: a client reusing a connection just as the server drops it then
# gets a read error). Longer than the clients' expiry, the clients always close first.
KEEP_ALIVE_S = 60


def create_app(options: SimOptions | None = None) -> FastAPI:
    state = SimState(options or SimOptions())
    app = FastAPI(
        title="TheSet upstream simulator",
        docs_url="/_sim/docs",
        openapi_url="/_sim/openapi.json",
        redoc_url=None,
    )
    app.state.sim = state
    for module in (ticketmaster, spotify_accounts, spotify, spotify_search, setlistfm, musicbrainz, control):
        app.include_router(module.router)
    app.add_exception_handler(Reply, reply_handler)
    app.add_api_route(
        "/{path:path}", not_found, methods=["GET", "POST", "PUT", "DELETE"], include_in_schema=False
    )
    app.add_middleware(UpstreamMiddleware, state=state)
    return app


async def not_found(request: Request, path: str) -> Response:
    """Unknown paths answer in the shape of the API whose prefix they carry."""
    if path.startswith("spotify"):
        return json_response({"error": {"status": 404, "message": "Service not found"}}, 404)
    if path.startswith("ticketmaster"):
        body = {
            "fault": {
                "faultstring": "Unable to identify proxy for host: default and url: /" + path,
                "detail": {"errorcode": "messaging.adaptors.http.flow.ApplicationNotFound"},
            }
        }
        return json_response(body, 404)
    if path.startswith("musicbrainz"):
        return json_response(
            {"error": "Not Found", "help": "For usage, please see: https://musicbrainz.org/development/mmd"},
            404,
        )
    return json_response({"message": "Not Found"}, 404)
