"""Latency, injected faults and call counting for the upstream APIs, as one raw ASGI middleware.

It wraps the whole app (outside FastAPI's own middleware), so a dropped connection really closes the socket
before any response starts. `/_sim/` is never delayed, faulted or counted.
"""

from __future__ import annotations

import anyio
import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from theset_simulator.state import SimState

PREFIXES = (
    ("/ticketmaster/", "ticketmaster"),
    ("/spotify-accounts/", "spotify-accounts"),
    ("/spotify/", "spotify"),
    ("/setlistfm/", "setlistfm"),
    ("/musicbrainz/", "musicbrainz"),
)


class DroppedConnection(Exception):
    """Raised when no real transport is at hand (in-process ASGI tests): the client sees a broken call."""


def api_for(path: str) -> str | None:
    for prefix, api in PREFIXES:
        if path.startswith(prefix):
            return api
    return None


def fault_body(api: str, status: int) -> tuple[bytes, str]:
    """Each upstream's own 5xx body: Apigee faults, Spotify's error object, AWS API Gateway, nginx HTML."""
    if api == "ticketmaster":
        code = {500: "InternalServerError", 502: "UnexpectedEOFAtTarget", 503: "ServiceUnavailable"}[status]
        body = {
            "fault": {
                "faultstring": f"{code}",
                "detail": {"errorcode": f"messaging.adaptors.http.flow.{code}"},
            }
        }
        return orjson.dumps(body), "application/json"
    if api.startswith("spotify"):
        message = {500: "Server error.", 502: "Bad gateway.", 503: "Service unavailable"}[status]
        return orjson.dumps({"error": {"status": status, "message": message}}), "application/json"
    if api == "setlistfm":
        message = {500: "Internal server error", 502: "Bad Gateway", 503: "Service Unavailable"}[status]
        return orjson.dumps({"message": message}), "application/json"
    title = {
        500: "500 Internal Server Error",
        502: "502 Bad Gateway",
        503: "503 Service Temporarily Unavailable",
    }
    html = f"<html><head><title>{title[status]}</title></head><body><h1>{title[status]}</h1></body></html>"
    return html.encode(), "text/html"


class UpstreamMiddleware:
    def __init__(self, app: ASGIApp, state: SimState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        api = api_for(scope["path"]) if scope["type"] == "http" else None
        if api is None:
            await self.app(scope, receive, send)
            return
        options = self.state.options
        delay_ms = options.latency_ms + self.state.fault_rng.uniform(0, options.jitter_ms)
        if delay_ms > 0:
            await anyio.sleep(delay_ms / 1000)
        if options.fault_kinds and self.state.fault_rng.random() < options.fault_rate:
            await self._fault(api, scope, receive, send, self.state.fault_rng.choice(options.fault_kinds))
            return
        status = 0

        async def counting_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, counting_send)
        self.state.stats.record(api, _endpoint(scope), status)

    async def _fault(self, api: str, scope: Scope, receive: Receive, send: Send, kind: str) -> None:
        self.state.stats.fault(api, _endpoint(scope), kind)
        if kind == "drop":
            await _drop(receive)
            return
        if kind == "timeout":
            await anyio.sleep(self.state.options.fault_timeout_s)
            await _send(send, 504, b'{"message":"Endpoint request timed out"}', "application/json")
            return
        body, media = fault_body(api, int(kind))
        await _send(send, int(kind), body, media)


def _endpoint(scope: Scope) -> str:
    # The matched route template ("/spotify/v1/tracks/{id}") keeps the stats small; unmatched paths stay raw.
    route = scope.get("route")
    path = getattr(route, "path", None) or scope["path"]
    return f"{scope['method']} {path}"


async def _drop(receive: Receive) -> None:
    # uvicorn's protocol object is reachable from its receive callable; closing its transport ends the TCP
    # connection without a byte of response, which is what a real dropped connection looks like.
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    if transport is None:
        raise DroppedConnection("connection dropped by the simulator")
    transport.close()
    await anyio.sleep(0.01)  # let uvicorn see the disconnect, so it does not try to answer 500


async def _send(send: Send, status: int, body: bytes, media: str) -> None:
    headers = [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
