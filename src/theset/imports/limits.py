"""Import kickoffs per client address: each one may create an artist row and costs upstream quota, so one
address gets IMPORT_KICKOFFS_PER_MINUTE of them a minute (a fixed window: one atomic INCR, no clock games)."""

from __future__ import annotations

import time

import redis.asyncio as aioredis

from theset.core.config import get_settings
from theset.core.errors import TooManyRequests
from theset.core.keys import redis_key

WINDOW_S = 60


async def check_kickoff(redis: aioredis.Redis, client: str) -> None:
    """Count one kickoff from `client`; TooManyRequests (429) past the per-minute allowance."""
    allowed = get_settings().import_kickoffs_per_minute
    if allowed <= 0:
        return
    window = int(time.time() // WINDOW_S)
    key = redis_key("import-kickoffs", client, window)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(key)
        pipe.expire(key, WINDOW_S * 2)
        count, _ = await pipe.execute()
    if int(count) > allowed:
        raise TooManyRequests(f"too many imports requested from this address; at most {allowed} a minute")
