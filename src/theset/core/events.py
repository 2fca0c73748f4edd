"""Cross-process events over Redis pub/sub, and the SSE plumbing that relays them.

Web and worker are separate processes, so progress never travels through an in-process emitter: the
writer commits the new state, then publishes it; the SSE endpoint subscribes *before* reading the current
state so nothing published in between is lost, and drops anything not newer than what it already sent.

Listeners never hold a Redis connection of their own: each web process has one `Hub`, whose single
pub/sub connection is subscribed to every channel some listener of this process wants, and which fans
each message out in process to that channel's listeners (import progress and show streams alike).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import orjson
from sse_starlette.event import ServerSentEvent

from theset.core.keys import redis_key
from theset.core.logging import get_logger
from theset.core.redis import get_redis, lua_script

log = get_logger(__name__)

LISTENER_QUEUE_SIZE = 256
READ_TIMEOUT_S = 5.0
SUBSCRIBE_TIMEOUT_S = 10.0


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

    def data_json(self) -> str:
        return orjson.dumps(self.data).decode()

    @cached_property
    def sse_frame(self) -> bytes:
        """The event as SSE bytes (`event:` from data["type"] when it has one), encoded once however many
        listeners it goes to: the hub hands every listener of a channel the same Event."""
        return ServerSentEvent(data=self.data_json(), id=str(self.id), event=self.data.get("type")).encode()


# Put on a listener's queue when it may have missed messages (it fell behind, or the hub's connection
# was re-established): the relay then re-reads the current state instead of trusting the stream.
RESYNC = Event(-1, {})


async def publish(channel: str, event: Event) -> None:
    await get_redis().publish(channel, event.encode())


# Put on a listener's queue when its stream's lifetime is over (`Listener.expire_in`).
EXPIRED = Event(-2, {})


@dataclass(eq=False)
class Listener:
    channel: str
    queue: asyncio.Queue[Event] = field(default_factory=lambda: asyncio.Queue(LISTENER_QUEUE_SIZE))
    _expiry: asyncio.TimerHandle | None = field(default=None, repr=False)
    _expired: bool = field(default=False, repr=False)

    def expire_in(self, seconds: float) -> None:
        """Queue EXPIRED after `seconds`: one timer for the stream's whole life, so a stream relaying many
        events (`get()`) does not arm and cancel a timeout per event — with a thousand listeners of one
        show, that was a thousand timer-heap pushes in every fan-out."""
        self._expiry = asyncio.get_running_loop().call_later(max(seconds, 0), self._expire)

    async def get(self) -> Event:
        """The next event (EXPIRED once the time given to `expire_in` is up)."""
        return await self.queue.get()

    def _expire(self) -> None:
        self._expired = True
        self.offer(EXPIRED)

    def close(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()

    def offer(self, event: Event) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            # A listener this far behind gets a fresh state rather than stale queued events (or, once
            # its time is up, only the news that it is).
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(EXPIRED if self._expired else RESYNC)


class Hub:
    """One pub/sub connection for the whole process; SUBSCRIBE when a channel gets its first listener,
    UNSUBSCRIBE when it loses its last. `listen()` returns once Redis confirmed the subscription."""

    def __init__(self) -> None:
        self._pubsub: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._listeners: dict[str, set[Listener]] = {}
        # Redis answers (un)subscribe requests in order: one future per SUBSCRIBE not yet confirmed.
        self._pending: dict[str, deque[asyncio.Future[None]]] = {}
        self._lock = asyncio.Lock()

    def listener_count(self, channel: str | None = None) -> int:
        if channel is not None:
            return len(self._listeners.get(channel, ()))
        return sum(len(group) for group in self._listeners.values())

    @asynccontextmanager
    async def listen(self, channel: str) -> AsyncIterator[Listener]:
        listener = Listener(channel)
        try:
            await self._join(listener)
            yield listener
        finally:
            listener.close()
            await asyncio.shield(self._leave(listener))

    async def _join(self, listener: Listener) -> None:
        async with self._lock:
            group = self._listeners.setdefault(listener.channel, set())
            group.add(listener)
            if len(group) == 1:
                confirmed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                pending = self._pending.setdefault(listener.channel, deque())
                pending.append(confirmed)
                try:
                    await self._ensure_pubsub().subscribe(listener.channel)
                except BaseException:
                    pending.remove(confirmed)  # never sent: no confirmation will come for it
                    raise
                self._ensure_reader()
            queued = self._pending.get(listener.channel)
            waiting = queued[-1] if queued else None
        if waiting is not None:
            # Redis unreachable must not hang a stream forever: the caller's request fails instead.
            await asyncio.wait_for(asyncio.shield(waiting), SUBSCRIBE_TIMEOUT_S)

    async def _leave(self, listener: Listener) -> None:
        async with self._lock:
            group = self._listeners.get(listener.channel)
            if group is None:
                return
            group.discard(listener)
            if not group:
                del self._listeners[listener.channel]
                try:
                    await self._pubsub.unsubscribe(listener.channel)
                except Exception as exc:  # the reader reconnects and re-subscribes only live channels
                    log.debug("unsubscribe failed", channel=listener.channel, error=str(exc))

    def _ensure_pubsub(self) -> Any:
        if self._pubsub is None:
            self._pubsub = get_redis().pubsub()
        return self._pubsub

    def _ensure_reader(self) -> None:
        if self._reader is None or self._reader.done():
            self._reader = asyncio.get_running_loop().create_task(self._read(), name="events-hub")

    async def _read(self) -> None:
        backoff = 0.05
        while True:
            try:
                message = await self._pubsub.get_message(timeout=READ_TIMEOUT_S)
                backoff = 0.05
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis restarted or the link broke: redis-py re-subscribes on connect
                log.warning("pub/sub connection lost; reconnecting", error=str(exc)[:200])
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 2.0)
                continue
            if message is not None:
                try:
                    self._dispatch(message)
                except Exception as exc:  # one odd message must not stop every stream of the process
                    log.warning("pub/sub message not dispatched", error=str(exc)[:200])

    def _dispatch(self, message: dict[str, Any]) -> None:
        kind, channel = message.get("type"), message.get("channel")
        if kind == "subscribe" and isinstance(channel, str):
            pending = self._pending.get(channel)
            if pending:
                future = pending.popleft()
                if not future.done():
                    future.set_result(None)
            else:  # a re-subscription after a reconnect: messages may have been missed meanwhile
                for listener in self._listeners.get(channel, ()):
                    listener.offer(RESYNC)
            return
        if kind != "message" or not isinstance(channel, str):
            return
        listeners = self._listeners.get(channel)
        if not listeners:
            return
        try:
            event = Event.decode(message["data"])
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            log.warning("dropping malformed event", channel=channel)
            return
        for listener in listeners:
            listener.offer(event)

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        if self._pubsub is not None:
            try:
                await self._pubsub.aclose()
            except Exception as exc:
                log.debug("pubsub close failed", error=str(exc))
        for pending in self._pending.values():
            for future in pending:
                future.cancel()
        self._pubsub = self._reader = None
        self._listeners.clear()
        self._pending.clear()


_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}
_background: set[asyncio.Task[None]] = set()


def spawn(coro: Coroutine[Any, Any, None]) -> None:
    """Run a short follow-up (a coalesced flush) beside the request; close_hub() cancels leftovers."""
    task = asyncio.get_running_loop().create_task(coro)
    _background.add(task)
    task.add_done_callback(_background.discard)


def get_hub() -> Hub:
    """The process's hub (one per event loop: tests run each in a loop of its own)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        for stale in [other for other in _hubs if other.is_closed()]:
            del _hubs[stale]
        hub = _hubs[loop] = Hub()
    return hub


async def close_hub() -> None:
    loop = asyncio.get_running_loop()
    for task in [t for t in _background if t.get_loop() is loop]:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
    hub = _hubs.pop(loop, None)
    if hub is not None:
        await hub.close()


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
    async with get_hub().listen(channel) as listener:
        listener.expire_in(max_lifetime_s)
        sent = last_event_id
        resync = True
        while True:
            if resync:
                resync = False
                state = await current()
                if state is not None:
                    if state.id > sent:
                        sent = state.id
                        yield state
                    if is_terminal(state):
                        return
            event = await listener.get()
            if event is EXPIRED:
                return
            if event is RESYNC:
                resync = True
                continue
            if event.id <= sent:
                continue
            sent = event.id
            yield event
            if is_terminal(event):
                return


class StreamSlots:
    """Open SSE streams per client address across every web process, so one address cannot hold
    thousands of sockets and listeners by spreading them over the processes: a Redis counter per
    address. The route checks `full()` before answering (a clear 429); the stream itself takes the slot
    when it starts and frees it when it ends, so a stream that never started holds none. Each take
    extends the counter's life to one stream lifetime past it, so a process killed with streams open
    (its frees never sent) holds its slots at most that long."""

    @staticmethod
    def _key(address: str) -> str:
        return redis_key("sse-streams", address)

    async def count(self, address: str) -> int:
        return int(await get_redis().get(self._key(address)) or 0)

    async def full(self, address: str, limit: int) -> bool:
        return await self.count(address) >= limit

    @asynccontextmanager
    async def hold(self, address: str, lifetime_s: float) -> AsyncIterator[None]:
        key = self._key(address)
        async with get_redis().pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, int(lifetime_s) + SLOT_MARGIN_S)
            await pipe.execute()
        try:
            yield
        finally:
            await asyncio.shield(self._free(key))

    @staticmethod
    async def _free(key: str) -> None:
        try:
            await _FREE_SLOT(keys=[key], client=get_redis())
        except Exception as exc:  # the counter's expiry frees it later
            log.warning("stream slot not freed", error=str(exc)[:200])


SLOT_MARGIN_S = 60
# Never below zero: a counter that expired while its streams were still open (a stream outliving a
# restarted Redis) must not count the next ones short.
_FREE_SLOT = lua_script(
    """
local left = redis.call('DECR', KEYS[1])
if left <= 0 then redis.call('DEL', KEYS[1]) end
return left
"""
)
STREAM_SLOTS = StreamSlots()
