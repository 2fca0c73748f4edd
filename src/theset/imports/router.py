"""Kickoff, progress stream and status of artist imports."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from sse_starlette import EventSourceResponse

from theset.artists.schemas import ImportStatusOut
from theset.core.config import get_settings
from theset.core.db import session_scope
from theset.core.deps import RedisDep, SessionDep
from theset.core.events import Event, relay
from theset.core.sse import open_stream, parse_last_event_id
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

    async def current() -> Event | None:
        async with session_scope() as fresh:
            status = await service.current_status(fresh, artist_id)
            return status_event(status)

    def events() -> AsyncIterator[Event]:
        return relay(
            channel(artist_id),
            current,
            last_event_id=parse_last_event_id(last_event_id) or 0,
            is_terminal=is_terminal,
            max_lifetime_s=get_settings().sse_max_lifetime_seconds,
        )

    return await open_stream(client_address(request), events)
