"""`GET /api/shows/{id}/stream`: a `snapshot` first (or, with `Last-Event-ID`, the events missed while
away when the show's log still has them), then the show's live events until the maximum lifetime.
Only listens: it shares the process's one pub/sub connection (core/events.Hub) and starts no work."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

from theset.core.clock import Clock
from theset.core.db import session_scope
from theset.core.events import EXPIRED, RESYNC, Event, get_hub
from theset.votes import live
from theset.votes.fans import Fan
from theset.votes.view import show_for_fan


async def snapshot(show_id: uuid.UUID, fan: Fan | None, clock: Clock) -> Event:
    """The show's setlists as GET /api/shows/{id} shapes them, numbered with the show's latest event
    id (read first: an event published while the snapshot is read is relayed after it, never lost)."""
    event_id = await live.current_id(show_id)
    async with session_scope() as session:
        detail = await show_for_fan(session, show_id, fan, clock())
    data = {"type": "snapshot", **detail.model_dump(mode="json", include={"setlists", "votes_left"})}
    return Event(event_id, data)


async def show_events(
    show_id: uuid.UUID, fan: Fan | None, clock: Clock, *, last_event_id: int | None, max_lifetime_s: float
) -> AsyncIterator[Event]:
    async with get_hub().listen(live.channel(show_id)) as listener:
        listener.expire_in(max_lifetime_s)
        missed = await live.events_after(show_id, last_event_id) if last_event_id is not None else None
        if missed is None:
            first = await snapshot(show_id, fan, clock)
            sent = first.id
            yield first
        else:
            sent = last_event_id or 0
            for event in missed:
                sent = event.id
                yield event
        while (received := await listener.get()) is not EXPIRED:
            if received is RESYNC:
                fresh = await snapshot(show_id, fan, clock)
                sent = max(sent, fresh.id)
                yield fresh
            elif received.id > sent:
                sent = received.id
                yield received
