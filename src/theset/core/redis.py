"""Redis clients.

Workers' bullmq connections keep socket_timeout None: a shorter timeout than a blocking pop stalls
workers (docs/architecture.md, "Measured decisions"). Everything else (the process-wide client of
`get_redis`, the queues web requests add jobs to) makes only short calls, so it gets
REDIS_TIMEOUT_SECONDS for connecting and for every reply, and a single retry (a connection dropped by a
Redis restart): with Redis down or frozen a request answers 503 in seconds (core/errors.RedisUnavailable)
instead of hanging."""

from __future__ import annotations

from typing import Any

import hiredis
import redis.asyncio as aioredis
from redis.asyncio.connection import BlockingConnectionPool, Connection
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.commands.core import AsyncScript
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import DataError
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


def request_connection_kwargs() -> dict[str, Any]:
    timeout = get_settings().redis_timeout_seconds
    return {
        **connection_kwargs(),
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
        "retry": Retry(ExponentialBackoff(cap=0.5, base=0.05), 1),
    }


def create_redis(url: str | None = None, **overrides: Any) -> aioredis.Redis:
    kwargs = {**connection_kwargs(), "decode_responses": True, **overrides}
    return aioredis.Redis.from_url(url or get_settings().redis_url, **kwargs)


class HiredisPackingConnection(Connection):
    """Packs commands with hiredis, as redis-py's synchronous client already does; its asyncio client
    packs them in Python. bullmq's job scripts carry ~25 arguments each, and packing them was a third of a
    worker's CPU per job (profiled while writing bench/bench_queue.py)."""

    def pack_command(self, *args: Any) -> list[bytes]:
        if isinstance(args[0], str):
            args = tuple(args[0].encode().split()) + args[1:]
        elif b" " in args[0]:
            args = tuple(args[0].split()) + args[1:]
        try:
            return [hiredis.pack_command(args)]
        except TypeError as exc:  # None, bool, … : the same error redis-py's own encoder raises
            raise DataError(str(exc)) from exc


def create_worker_redis(max_connections: int, url: str | None = None) -> aioredis.Redis:
    """A pooled client for one bullmq Worker. bullmq's default is a single connection behind a lock, so a
    worker's concurrent jobs wait for each other's Redis round trips; a pool lets `concurrency` jobs
    finish at once. Blocking pool: a burst past the limit waits for a connection instead of failing."""
    pool = BlockingConnectionPool.from_url(
        url or get_settings().redis_url,
        max_connections=max_connections,
        timeout=None,
        connection_class=HiredisPackingConnection,
        decode_responses=True,
        **connection_kwargs(),
    )
    return aioredis.Redis.from_pool(pool)  # closing the client closes its pool


def lua_script(source: str) -> AsyncScript:
    """A Lua script for a module-level constant: its SHA-1 is computed once, each call sends EVALSHA with
    only the keys and arguments, and redis-py loads the script again on NOSCRIPT (a restarted or flushed
    Redis). Call it with `client=`; it is bound to no client (the source is bytes, so redis-py needs no
    client's encoder to hash it)."""
    return AsyncScript(None, source.encode())  # type: ignore[arg-type]


def get_redis() -> aioredis.Redis:
    """The process-wide client for app code (cache, pub/sub publish, limits)."""
    url = get_settings().redis_url
    client = _clients.get(url)
    if client is None:
        client = _clients[url] = create_redis(url, **request_connection_kwargs())
    return client


async def close_redis() -> None:
    # The events hub's pub/sub connection comes from these clients' pools: close it first.
    from theset.core.events import close_hub  # imported here: events builds on this module

    await close_hub()
    for client in list(_clients.values()):
        await client.aclose()
    _clients.clear()
