"""Votes, fan-added songs and the live stream of a show (DESIGN.md §Voting, fans and predictions)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response
from sqlalchemy.exc import IntegrityError
from sse_starlette import EventSourceResponse

from theset.core.clock import ClockDep
from theset.core.config import get_settings
from theset.core.csrf import same_site_write
from theset.core.deps import SessionDep, StatementSessionDep
from theset.core.errors import NotFound, Unauthorized
from theset.core.events import Event
from theset.core.sse import open_stream, parse_last_event_id
from theset.shows.repository import show_with_venue
from theset.users.throttle import client_address
from theset.votes import service
from theset.votes.fans import fan_of, remember_anon, voting_fan
from theset.votes.schemas import AddedSongOut, AddSongBody, ShowForFanOut, VoteBody, VoteOut
from theset.votes.stream import show_events
from theset.votes.view import show_for_fan

router = APIRouter(prefix="/api/shows", tags=["votes"])
WriteGuard = Depends(same_site_write)


@router.get("/{show_id}", tags=["shows"], response_model=ShowForFanOut)
async def get_show(
    show_id: uuid.UUID, request: Request, session: SessionDep, clock: ClockDep
) -> ShowForFanOut:
    """The show with its setlists; each song says whether the caller voted for it, each setlist whether
    it is locked, and `votesLeft` how many votes the caller has left on it."""
    return await show_for_fan(session, show_id, await fan_of(request, reading=True), clock())


def _stale_session() -> Unauthorized:
    # The session named an account that no longer exists (the vote's foreign key refused it).
    return Unauthorized("your session has ended: sign in again")


@router.post("/{show_id}/votes", response_model=VoteOut, dependencies=[WriteGuard])
async def vote(
    show_id: uuid.UUID,
    body: VoteBody,
    request: Request,
    response: Response,
    session: StatementSessionDep,
    clock: ClockDep,
) -> VoteOut:
    """Up-vote a song of the show's predicted setlist; voting again for it changes nothing."""
    fan = await voting_fan(request)
    try:
        result = await service.vote(session, fan, show_id, body.setlist_song_id, clock())
    except IntegrityError:
        raise _stale_session() from None
    remember_anon(request, response, fan)
    return VoteOut.model_validate(result, from_attributes=True)


@router.delete("/{show_id}/votes/{setlist_song_id}", response_model=VoteOut, dependencies=[WriteGuard])
async def unvote(
    show_id: uuid.UUID, setlist_song_id: uuid.UUID, request: Request, session: SessionDep, clock: ClockDep
) -> VoteOut:
    """Undo the caller's vote (idempotent); it gives the vote back for this show."""
    fan = await fan_of(request)
    if fan is None:  # never voted from this browser: nothing to undo
        found = await service.unvote_preview(session, show_id, setlist_song_id, clock())
        return VoteOut.model_validate(found, from_attributes=True)
    result = await service.unvote(session, fan, show_id, setlist_song_id, clock())
    return VoteOut.model_validate(result, from_attributes=True)


@router.post("/{show_id}/songs", status_code=201, response_model=AddedSongOut, dependencies=[WriteGuard])
async def add_song(
    show_id: uuid.UUID,
    body: AddSongBody,
    request: Request,
    response: Response,
    session: SessionDep,
    clock: ClockDep,
) -> AddedSongOut:
    """Add a studio song of the show's artist to the predicted setlist; it counts as the adder's vote."""
    fan = await voting_fan(request)
    try:
        added = await service.add_song(session, fan, show_id, body.song_id, clock())
    except IntegrityError:
        raise _stale_session() from None
    remember_anon(request, response, fan)
    return AddedSongOut.model_validate(added, from_attributes=True)


@router.get("/{show_id}/stream", response_class=EventSourceResponse)
async def stream(
    show_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    clock: ClockDep,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
) -> EventSourceResponse:
    """Server-Sent Events: `snapshot`, then `votes` (coalesced), `song-added`, `locked`, `actual`."""
    if await show_with_venue(session, show_id) is None:
        raise NotFound(f"show {show_id} not found")
    fan = await fan_of(request)
    settings = get_settings()

    def events() -> AsyncIterator[Event]:
        return show_events(
            show_id,
            fan,
            clock,
            last_event_id=parse_last_event_id(last_event_id),
            max_lifetime_s=settings.sse_max_lifetime_seconds,
        )

    return await open_stream(client_address(request), events)
