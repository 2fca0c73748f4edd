"""Cross-process events over Redis pub/sub, and the SSE plumbing that relays them.

Web and worker are separate processes, so progress never travels through an in-process emitter: the
writer commits the new state, then publishes it; the SSE endpoint subscribes *before* reading the current
state so nothing published in between is lost, and drops anything not newer than what it already sent.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson

from theset.core.logging import get_logger
from theset.core.redis import get_redis

log = get_logger(__name__)


@dataclass(frozen=True)
class Event:
    id: int
    data: dict[str, Any]

    def encode(self) -> str:
        return orjson.dumps({"id": self.id, "data": self.data}).decode()

    @staticmethod
    def decode(raw: str | bytes) -> Event:
        payload = orjson.loads(raw)
        return Event(int(payload["id"]), dict(payload["data"]))


async def publish(channel: str, event: Event) -> None:
    await get_redis().publish(channel, event.encode())


async def relay(
    channel: str,
    current: Callable[[], Awaitable[Event | None]],
    *,
    last_event_id: int = 0,
    is_terminal: Callable[[Event], bool],
    max_lifetime_s: float,
) -> AsyncIterator[Event]:
    """Yield the current state (unless the client already has it), then newer published events,
    until a terminal event or the maximum lifetime."""
    pubsub = get_redis().pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(channel)
    deadline = time.monotonic() + max_lifetime_s
    try:
        state = await current()
        sent = last_event_id
        if state is not None:
            if state.id > sent:
                sent = state.id
                yield state
            if is_terminal(state):
                return
        while (remaining := deadline - time.monotonic()) > 0:
            message = await pubsub.get_message(timeout=min(remaining, 5.0))
            if message is None or message.get("type") != "message":
                continue
            try:
                event = Event.decode(message["data"])
            except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
                log.warning("dropping malformed event", channel=channel)
                continue
            if event.id <= sent:
                continue
            sent = event.id
            yield event
            if is_terminal(event):
                return
    finally:
        await asyncio.shield(_close(pubsub, channel))


async def _close(pubsub: Any, channel: str) -> None:
    try:
        await pubsub.unsubscribe(channel)
        await pubsub.aclose()
    except Exception as exc:  # the connection may already be gone with the client
        log.debug("pubsub close failed", error=str(exc))
