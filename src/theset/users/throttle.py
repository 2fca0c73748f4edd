"""Failed sign-ins per client address: after MAX_FAILURES within WINDOW_S, further attempts get 429."""

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


async def locked_out(redis: aioredis.Redis, scope: str, client: str) -> bool:
    return int(await redis.get(_key(scope, client)) or 0) >= MAX_FAILURES


async def record_failure(redis: aioredis.Redis, scope: str, client: str) -> None:
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(_key(scope, client))
        pipe.expire(_key(scope, client), WINDOW_S)
        await pipe.execute()


async def clear(redis: aioredis.Redis, scope: str, client: str) -> None:
    await redis.delete(_key(scope, client))
