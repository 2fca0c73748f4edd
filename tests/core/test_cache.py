"""The read cache's single flight: concurrent misses of one key in a process share one load."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from theset.core import cache


async def test_concurrent_misses_of_a_key_run_one_load_and_each_get_a_copy(redis_client: Any) -> None:
    release = asyncio.Event()
    calls = 0

    async def load() -> dict[str, Any]:
        nonlocal calls
        calls += 1
        await release.wait()
        return {"shows": [1, 2, 3]}

    callers = [asyncio.create_task(cache.cached("flight:a", 60, load)) for _ in range(5)]
    async with asyncio.timeout(30):  # a guard against hanging, not a measurement
        while _waiters("flight:a") < 4:  # the other four missed too and wait for the first one's load
            await asyncio.sleep(0.001)
    release.set()
    results = await asyncio.gather(*callers)
    assert calls == 1
    assert all(r == {"shows": [1, 2, 3]} for r in results)
    assert len({id(r) for r in results}) == 5  # nobody shares an object another caller may change
    assert await cache.read("flight:a") == {"shows": [1, 2, 3]}
    assert cache._loading == {}


def _waiters(key: str) -> int:
    """Callers waiting for the load in flight for `key` (each one's shield is a done-callback on it)."""
    running = cache._loading.get(key)
    return len(running._callbacks or ()) if running is not None else 0  # type: ignore[attr-defined]


async def test_when_the_first_load_fails_the_waiters_load_for_themselves(redis_client: Any) -> None:
    release = asyncio.Event()
    calls = 0

    async def load() -> str:
        nonlocal calls
        calls += 1
        if calls == 1:
            await release.wait()
            raise RuntimeError("database went away")
        return "fresh"

    first = asyncio.create_task(cache.cached("flight:b", 60, load))
    async with asyncio.timeout(30):
        while "flight:b" not in cache._loading:
            await asyncio.sleep(0.001)
        second = asyncio.create_task(cache.cached("flight:b", 60, load))
        while _waiters("flight:b") < 1:
            await asyncio.sleep(0.001)
    release.set()
    with pytest.raises(RuntimeError):
        await first
    assert await second == "fresh" and calls == 2
    assert cache._loading == {}
