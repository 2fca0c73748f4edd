"""The process's one pub/sub connection: shared by every listener of a channel, released with the last."""

from __future__ import annotations

import asyncio
import os

import pytest

from theset.core.events import LISTENER_QUEUE_SIZE, RESYNC, Event, get_hub, publish
from theset.core.redis import get_redis

pytestmark = pytest.mark.usefixtures("redis_client")
WAIT_S = 20
P = os.environ.get("THESET_TEST_QUEUE_PREFIX", "theset-test")  # channels are server-wide, not per db


async def _numsub(channel: str) -> int:
    [(_, count)] = await get_redis().pubsub_numsub(channel)
    return int(count)


async def _unsubscribed(channel: str) -> bool:
    """UNSUBSCRIBE is only written, not awaited: poll until Redis has handled it (bounded)."""
    async with asyncio.timeout(WAIT_S):
        while await _numsub(channel) != 0:
            await asyncio.sleep(0.02)
    return True


async def test_listeners_of_a_channel_share_one_subscription() -> None:
    hub = get_hub()
    async with hub.listen(f"{P}:hub-test:a") as first:
        async with hub.listen(f"{P}:hub-test:a") as second, hub.listen(f"{P}:hub-test:b") as other:
            assert await _numsub(f"{P}:hub-test:a") == 1 and hub.listener_count() == 3
            await publish(f"{P}:hub-test:a", Event(7, {"n": 1}))
            assert (
                await asyncio.wait_for(first.get(), WAIT_S)
                == await asyncio.wait_for(second.get(), WAIT_S)
                == Event(7, {"n": 1})
            )
            await publish(f"{P}:hub-test:b", Event(1, {"n": 2}))
            assert await asyncio.wait_for(other.get(), WAIT_S) == Event(1, {"n": 2})
        assert await _numsub(f"{P}:hub-test:a") == 1  # still one listener left
        assert await _unsubscribed(f"{P}:hub-test:b")
    assert await _unsubscribed(f"{P}:hub-test:a") and hub.listener_count() == 0


async def test_a_listener_that_falls_behind_is_told_to_resync() -> None:
    async with get_hub().listen(f"{P}:hub-test:slow") as slow:
        for n in range(LISTENER_QUEUE_SIZE + 1):
            slow.offer(Event(n, {}))
        assert await asyncio.wait_for(slow.get(), WAIT_S) is RESYNC
