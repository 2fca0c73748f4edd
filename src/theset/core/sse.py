"""The SSE response of the live streams: sse-starlette's, without a cancel scope per message.

sse-starlette wraps every send in `anyio.move_on_after(send_timeout)`, a cancel scope entered and left
per event and listener even when there is no timeout (ours: a stalled reader only stalls its own stream,
and its listener queue falls back to a fresh snapshot). One vote fans out to every listener of a show
in one burst, so per-listener costs add up: profiled with 500 listeners on one web process, the scope
was about a fifth of the Python time of each delivery (the rest is the socket write itself)."""

from __future__ import annotations

from sse_starlette import EventSourceResponse
from starlette.types import Message, Send


class EventStream(EventSourceResponse):
    async def _send_with_timeout(self, send: Send, message: Message) -> None:
        # Overrides a private method of the pinned sse-starlette: with no send timeout, send directly.
        if self.send_timeout is None:
            await send(message)
            return
        await super()._send_with_timeout(send, message)
