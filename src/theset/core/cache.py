"""The read cache: cache-aside in Redis with TTLs and tag invalidation, failing soft to PostgreSQL.

`cached(key, ttl, load, tags=…)` returns the cached JSON value or runs `load()` (a PostgreSQL read) and
stores its result. Every cached key is also added to a set per tag (`artist:<id>`, `show:<id>`,
`trending`), so `invalidate("artist:<id>")` drops all of an artist's pages without scanning Redis.

When Redis fails, reads go straight to `load()` and a breaker skips Redis for `RETRY_AFTER_S` seconds, so
a dead Redis costs one failed round trip per interval rather than a connect timeout per request. The state
change is logged once each way (down, back up), and `/readyz` reports it. Nothing here is needed for
correctness: a missing or stale cache only costs a database read.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

import orjson
import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from theset.core.config import get_settings
from theset.core.keys import redis_key
from theset.core.logging import get_logger

log = get_logger(__name__)
T = TypeVar("T")


def entry_key(key: str) -> str:
    return redis_key("cache", key)


def tag_key(tag: str) -> str:
    return redis_key("cache-tag", tag)


RETRY_AFTER_S = 5.0
TAG_TTL_S = 3 * 24 * 3600 + 60  # outlives the longest entry TTL (trending, 3 days)


class _Breaker:
    """Redis health as the read path sees it: down after a failure, retried after RETRY_AFTER_S."""

    def __init__(self) -> None:
        self.down_since: float | None = None
        self.error = ""

    def usable(self) -> bool:
        return self.down_since is None or time.monotonic() - self.down_since >= RETRY_AFTER_S

    def failed(self, exc: BaseException) -> None:
        if self.down_since is None:
            log.warning("redis unavailable: serving from PostgreSQL", error=str(exc)[:200])
        self.down_since = time.monotonic()
        self.error = str(exc)[:200] or type(exc).__name__

    def succeeded(self) -> None:
        if self.down_since is not None:
            log.warning("redis is back: read cache resumed")
        self.down_since = None
        self.error = ""


breaker = _Breaker()
_clients: dict[str, aioredis.Redis] = {}


def cache_redis() -> aioredis.Redis:
    """A client of its own with no retries and short timeouts: a read must never wait on a dead Redis
    (the shared client retries for seconds, which suits jobs, not page views)."""
    url = get_settings().redis_url
    client = _clients.get(url)
    if client is None:
        client = _clients[url] = aioredis.Redis.from_url(
            url,
            decode_responses=True,
            socket_timeout=0.5,
            socket_connect_timeout=0.5,
            retry=Retry(NoBackoff(), 0),
        )
    return client


async def close_cache() -> None:
    for client in list(_clients.values()):
        await client.aclose()
    _clients.clear()


def degraded() -> dict[str, Any] | None:
    """None when the cache works; otherwise why it is bypassed."""
    if breaker.down_since is None:
        return None
    return {"redis": "unavailable", "since_s": round(time.monotonic() - breaker.down_since, 1)}


async def guarded(op: Callable[[aioredis.Redis], Awaitable[T]], default: T) -> T:
    """Run a best-effort Redis operation (cache, view counter, session lookup for a page): `default` when
    Redis is down, and the breaker keeps later calls from waiting on it."""
    if not breaker.usable():
        return default
    try:
        result = await op(cache_redis())
    except (RedisError, OSError) as exc:
        breaker.failed(exc)
        return default
    breaker.succeeded()
    return result


# Loads running in this process, by key: concurrent misses of one key wait for the first one's result
# instead of each running the same query (20 fans opening a page whose entry an import just dropped).
_loading: dict[str, asyncio.Future[bytes | None]] = {}


async def cached(key: str, ttl_s: int, load: Callable[[], Awaitable[T]], tags: Iterable[str] = ()) -> T:
    if not get_settings().read_cache:
        return await load()
    raw = await guarded(lambda r: r.get(entry_key(key)), None)
    if raw is not None:
        value: T = orjson.loads(raw)
        return value
    running = _loading.get(key)
    if running is not None:
        shared = await asyncio.shield(running)
        if shared is not None:  # each caller gets its own copy, as from Redis
            copy: T = orjson.loads(shared)
            return copy
        return await load()  # the first load failed or was cancelled: try for ourselves
    future: asyncio.Future[bytes | None] = asyncio.get_running_loop().create_future()
    _loading[key] = future
    try:
        value = await load()
        encoded = orjson.dumps(value)
    except BaseException:
        future.set_result(None)  # the waiters load for themselves
        raise
    finally:
        _loading.pop(key, None)
    future.set_result(encoded)
    await store(key, ttl_s, encoded, tags)
    return value


async def store(key: str, ttl_s: int, value: Any, tags: Iterable[str] = ()) -> None:
    """Cache `value` (JSON-ready, or already encoded as bytes) for `ttl_s` under `key` and `tags`."""
    encoded = value if isinstance(value, bytes) else orjson.dumps(value)

    async def _write(r: aioredis.Redis) -> None:
        async with r.pipeline(transaction=False) as pipe:
            pipe.set(entry_key(key), encoded, ex=ttl_s)
            for tag in tags:
                pipe.sadd(tag_key(tag), key)
                pipe.expire(tag_key(tag), TAG_TTL_S)
            await pipe.execute()

    await guarded(_write, None)


async def read(key: str) -> Any | None:
    if not get_settings().read_cache:
        return None
    raw = await guarded(lambda r: r.get(entry_key(key)), None)
    return orjson.loads(raw) if raw is not None else None


async def read_many(keys: list[str]) -> list[Any | None]:
    """Several entries in one round trip (MGET); None for each missing one."""
    if not get_settings().read_cache or not keys:
        return [None] * len(keys)
    raws = await guarded(lambda r: r.mget([entry_key(k) for k in keys]), [None] * len(keys))
    return [orjson.loads(raw) if raw is not None else None for raw in raws]


async def invalidate(*tags: str) -> None:
    """Drop every entry stored under these tags. Called after the commit that changed the data; if
    Redis is down the TTLs bound how stale an entry can get once it is back."""

    async def _drop(r: aioredis.Redis) -> None:
        for tag in tags:
            keys = await r.smembers(tag_key(tag))  # type: ignore[misc]
            names = [entry_key(k.decode() if isinstance(k, bytes) else k) for k in keys]
            await r.delete(*names, tag_key(tag))

    await guarded(_drop, None)


def artist_tag(artist_id: object) -> str:
    return f"artist:{artist_id}"


def show_tag(show_id: object) -> str:
    return f"show:{show_id}"
