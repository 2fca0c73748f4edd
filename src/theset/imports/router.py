"""Kickoff, progress stream and status of artist imports."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Header, Request, Response
from sse_starlette import EventSourceResponse

from theset.artists.schemas import ImportStatusOut
from theset.core.config import get_settings
from theset.core.db import session_scope
from theset.core.deps import RedisDep, SessionDep
from theset.core.errors import TooManyRequests
from theset.core.events import STREAM_SLOTS, Event, relay
from theset.core.metrics import SSE_CONNECTIONS
from theset.imports import service
from theset.imports.limits import check_kickoff
from theset.imports.progress import channel, is_terminal, status_event
from theset.imports.schemas import ImportRequest, ImportStarted
from theset.users.throttle import client_address

router = APIRouter(prefix="/api/artists", tags=["imports"])


@router.post("/import", response_model=ImportStarted)
async def start_import(
    body: ImportRequest, request: Request, session: SessionDep, redis: RedisDep
) -> Response:
    """Phase 1: the artist row exists when this returns; the full import runs on the workers.
    Rows are hidden from every public list until the identity phase confirms the attraction."""
    await check_kickoff(redis, client_address(request))
    started = await service.request_import(session, body.tm_attraction_id, body.name)
    # Serialised directly: the model is already validated, and this is the hottest route.
    return Response(started.model_dump_json(), media_type="application/json")


@router.get("/{artist_id}/status", response_model=ImportStatusOut)
async def import_status(artist_id: uuid.UUID, session: SessionDep) -> ImportStatusOut:
    return ImportStatusOut.model_validate(await service.current_status(session, artist_id))


def _parse_last_event_id(raw: str | None) -> int:
    try:
        return max(int(raw or 0), 0)
    except ValueError:
        return 0


@router.get("/{artist_id}/stream", response_class=EventSourceResponse)
async def import_stream(
    artist_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
) -> EventSourceResponse:
    """Server-Sent Events: the current state first, then every change until completed/failed.
    Only subscribes — opening or re-opening it never starts or restarts work."""
    await service.current_status(session, artist_id)  # 404 before the stream opens
    settings = get_settings()
    address = client_address(request)
    if await STREAM_SLOTS.full(address, settings.sse_max_streams_per_address):
        raise TooManyRequests("too many open streams from this address; close some pages and retry")

    async def current() -> Event | None:
        async with session_scope() as fresh:
            status = await service.current_status(fresh, artist_id)
            return status_event(status)

    async def events() -> AsyncIterator[dict[str, Any]]:
        SSE_CONNECTIONS.inc()
        try:
            async with STREAM_SLOTS.hold(address, settings.sse_max_lifetime_seconds):
                async for event in relay(
                    channel(artist_id),
                    current,
                    last_event_id=_parse_last_event_id(last_event_id),
                    is_terminal=is_terminal,
                    max_lifetime_s=settings.sse_max_lifetime_seconds,
                ):
                    yield {"id": str(event.id), "data": orjson.dumps(event.data).decode()}
        finally:
            SSE_CONNECTIONS.dec()

    return EventSourceResponse(events(), ping=int(settings.sse_heartbeat_seconds))
