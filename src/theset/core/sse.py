"""The SSE response of the live streams: sse-starlette's, without a cancel scope per message.

sse-starlette wraps every send in `anyio.move_on_after(send_timeout)`, a cancel scope entered and left
per event and listener even when there is no timeout (ours: a stalled reader only stalls its own stream,
and its listener queue falls back to a fresh snapshot). One vote fans out to every listener of a show
in one burst, so per-listener costs add up: profiled with 500 listeners on one web process, the scope
was about a fifth of the Python time of each delivery (the rest is the socket write itself)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from sse_starlette import EventSourceResponse
from starlette.types import Message, Send

from theset.core.config import get_settings
from theset.core.errors import TooManyRequests
from theset.core.events import STREAM_SLOTS, Event
from theset.core.metrics import SSE_CONNECTIONS


class EventStream(EventSourceResponse):
    async def _send_with_timeout(self, send: Send, message: Message) -> None:
        # Overrides a private method of the pinned sse-starlette: with no send timeout, send directly.
        if self.send_timeout is None:
            await send(message)
            return
        await super()._send_with_timeout(send, message)


def parse_last_event_id(raw: str | None) -> int | None:
    """The `Last-Event-ID` a reconnecting browser sends; None when absent or not a number."""
    try:
        return max(int(raw), 0) if raw else None
    except ValueError:
        return None


async def open_stream(address: str, events: Callable[[], AsyncIterator[Event]]) -> EventStream:
    """An SSE response for one client: 429 when its address already holds its share of streams; the
    stream takes a slot when it starts and frees it when it ends, and heartbeats keep proxies from
    closing a quiet one. `events` is called only once the response starts."""
    settings = get_settings()
    if await STREAM_SLOTS.full(address, settings.sse_max_streams_per_address):
        raise TooManyRequests("too many open streams from this address; close some pages and retry")

    async def frames() -> AsyncIterator[bytes]:
        SSE_CONNECTIONS.inc()
        try:
            async with STREAM_SLOTS.hold(address, settings.sse_max_lifetime_seconds):
                async for event in events():
                    yield event.sse_frame
        finally:
            SSE_CONNECTIONS.dec()

    return EventStream(frames(), ping=int(settings.sse_heartbeat_seconds))
