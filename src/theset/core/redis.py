"""Redis clients. socket_timeout stays None: a shorter timeout than a blocking pop stalls workers
(research/queue-eval.md); health checks and retries keep dead connections from hanging forever."""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from theset.core.config import get_settings

_clients: dict[str, aioredis.Redis] = {}


def connection_kwargs() -> dict[str, Any]:
    return {
        "socket_timeout": None,
        "socket_connect_timeout": 5,
        "socket_keepalive": True,
        "health_check_interval": 30,
        "retry": Retry(ExponentialBackoff(cap=2, base=0.05), 5),
        "retry_on_error": [RedisConnectionError, RedisTimeoutError],
    }


def create_redis(url: str | None = None, **overrides: Any) -> aioredis.Redis:
    kwargs = {**connection_kwargs(), "decode_responses": True, **overrides}
    return aioredis.Redis.from_url(url or get_settings().redis_url, **kwargs)


def get_redis() -> aioredis.Redis:
    """The process-wide client for app code (cache, pub/sub publish, limits)."""
    url = get_settings().redis_url
    client = _clients.get(url)
    if client is None:
        client = _clients[url] = create_redis(url)
    return client


async def close_redis() -> None:
    for client in list(_clients.values()):
        await client.aclose()
    _clients.clear()
