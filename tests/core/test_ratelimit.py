"""The shared limiter against a real Redis: pacing, one budget across instances, pauses, quota."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

import pytest

from tests.conftest import TEST_QUEUE_PREFIX, TEST_REDIS_URL
from theset.core.ratelimit import RateLimiter, RateLimitWaitTooLong, limit_config_for
from theset.core.redis import create_redis


async def _timed(coro: Any) -> float:
    started = time.monotonic()
    await coro
    return time.monotonic() - started


async def test_acquisitions_are_paced_at_the_rate(redis_client: Any) -> None:
    limiter = RateLimiter(redis_client, "pace", 5.0)
    n = 8

    async def run() -> None:
        for _ in range(n):
            await limiter.acquire()

    elapsed = await _timed(run())
    ideal = (n - 1) / 5.0
    assert elapsed >= 0.8 * ideal
    assert elapsed < ideal + 3.0  # generous: only catches a limiter that sleeps far too long


async def test_concurrent_tasks_share_the_budget(redis_client: Any) -> None:
    limiter = RateLimiter(redis_client, "tasks", 10.0)
    elapsed = await _timed(asyncio.gather(*(limiter.acquire() for _ in range(11))))
    assert elapsed >= 0.8 * 1.0


async def test_two_instances_with_their_own_connections_share_one_budget(redis_client: Any) -> None:
    # Two "processes": separate clients and limiter objects, the same Redis key.
    other_redis = create_redis(TEST_REDIS_URL)
    try:
        first = RateLimiter(redis_client, "shared", 5.0)
        second = RateLimiter(other_redis, "shared", 5.0)
        grants: list[float] = []

        async def worker(limiter: RateLimiter, count: int) -> None:
            for _ in range(count):
                await limiter.acquire()
                grants.append(time.monotonic())

        elapsed = await _timed(asyncio.gather(worker(first, 5), worker(second, 5)))
        # Alone, each instance would finish its 5 calls in 0.8 s; sharing, 10 calls need 1.8 s.
        assert elapsed >= 0.8 * 1.8
        grants.sort()
        gaps = [b - a for a, b in itertools.pairwise(grants)]
        assert min(gaps) >= 0.1  # never two calls closer than about half the 0.2 s interval
        # A third limiter for another provider is not slowed down by this one.
        other = RateLimiter(redis_client, "other-provider", 5.0)
        assert await _timed(other.acquire()) < 0.5
    finally:
        await other_redis.aclose()


async def test_pause_blocks_every_instance_until_it_ends(redis_client: Any) -> None:
    other_redis = create_redis(TEST_REDIS_URL)
    try:
        first = RateLimiter(redis_client, "paused", 50.0)
        second = RateLimiter(other_redis, "paused", 50.0)
        await first.acquire()
        until = time.time() + 1.0
        await first.pause_until(until)
        assert await redis_client.get(f"{TEST_QUEUE_PREFIX}:ratelimit:paused:paused_until") is not None
        assert await second.paused_until() == pytest.approx(until, abs=0.01)
        waits = await asyncio.gather(_timed(first.acquire()), _timed(second.acquire()))
        assert all(w >= 0.8 for w in waits)
        assert await second.paused_until() is None
    finally:
        await other_redis.aclose()


async def test_pause_never_shortens_and_long_pause_raises_with_max_wait(redis_client: Any) -> None:
    limiter = RateLimiter(redis_client, "long", 5.0)
    far = time.time() + 3600
    await limiter.pause_until(far)
    await limiter.pause_until(time.time() + 1)  # a shorter pause from another process is ignored
    assert await limiter.paused_until() == pytest.approx(far, abs=0.01)
    with pytest.raises(RateLimitWaitTooLong) as info:
        await limiter.acquire(max_wait=5)
    assert info.value.reason == "paused"
    assert info.value.resume_at == pytest.approx(far, abs=2)
    await limiter.resume()
    assert await _timed(limiter.acquire(max_wait=5)) < 1.0


async def test_daily_quota_is_counted_and_enforced(redis_client: Any) -> None:
    limiter = RateLimiter(redis_client, "quota", 100.0, daily_quota=3)
    for _ in range(3):
        await limiter.acquire(max_wait=1)
    assert await limiter.quota_used() == 3
    ttl = await redis_client.pttl(f"{TEST_QUEUE_PREFIX}:ratelimit:quota:quota")
    assert 0 < ttl <= 86_400_000
    with pytest.raises(RateLimitWaitTooLong) as info:
        await limiter.acquire(max_wait=1)
    assert info.value.reason == "quota"
    assert info.value.resume_at > time.time() + 80_000
    assert await limiter.quota_used() == 3  # a refused call does not use quota


async def test_limits_come_from_settings() -> None:
    tm = limit_config_for("ticketmaster")
    assert tm.rate_per_s <= 5 and tm.daily_quota == 5000
    assert limit_config_for("musicbrainz").rate_per_s <= 1.0  # MusicBrainz allows 1/s on average
    assert limit_config_for("setlistfm").rate_per_s == 2.0
    with pytest.raises(ValueError):
        limit_config_for("nope")
