"""Sign-in attempts per client address: past MAX_FAILURES unsuccessful attempts within WINDOW_S the
address gets 429 until the window passes. The attempt is counted before the password is checked (one
atomic INCR), so concurrent guesses cannot all slip past the limit; a successful sign-in clears it."""

from __future__ import annotations

import redis.asyncio as aioredis
from fastapi import Request

from theset.core.config import get_settings

MAX_FAILURES = 10
WINDOW_S = 900
LOCKED_MESSAGE = "too many failed sign-ins from this address; try again in 15 minutes"


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _key(scope: str, client: str) -> str:
    return f"{get_settings().queue_prefix}:login-failures:{scope}:{client}"


async def attempt(redis: aioredis.Redis, scope: str, client: str) -> bool:
    """Count one attempt; False when this address has no attempts left."""
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(_key(scope, client))
        pipe.expire(_key(scope, client), WINDOW_S)
        count, _ = await pipe.execute()
    return int(count) <= MAX_FAILURES


async def clear(redis: aioredis.Redis, scope: str, client: str) -> None:
    await redis.delete(_key(scope, client))
