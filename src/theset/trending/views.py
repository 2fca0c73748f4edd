"""Artist page views, counted cheaply: a Redis hash of counters per (artist, UTC day), folded into
PostgreSQL by the hourly trending job. A page view never writes to the database.

A browser (client address + User-Agent, hashed) counts once per artist per minute, so reloads do not
inflate the count; requests that look like bots or scripts are not counted at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import uuid
from datetime import UTC, date, datetime
from typing import Any

import redis.asyncio as aioredis
from sqlalchemy.ext.asyncio import AsyncSession

from theset.core import cache
from theset.core.db import on_commit
from theset.core.keys import redis_key
from theset.core.logging import get_logger
from theset.trending import repository

log = get_logger(__name__)


def pending_key() -> str:
    return redis_key("views", "pending")


def folding_key(batch: str) -> str:
    """A batch being folded into PostgreSQL; `*` matches them all."""
    return redis_key("views", "folding", batch)


def seen_key(artist_id: object, visitor_id: str) -> str:
    return redis_key("views", "seen", artist_id, visitor_id)


SEEN_TTL_S = 60
BOT_UA = re.compile(
    r"bot|crawl|spider|slurp|preview|monitor|curl|wget|httpx|python|java/|go-http|okhttp|headless|wrk", re.I
)


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or BOT_UA.search(user_agent) is not None


def visitor(client: str, user_agent: str) -> str:
    return hashlib.blake2b(f"{client}\x00{user_agent}".encode(), digest_size=12).hexdigest()


async def record(artist_id: uuid.UUID, client: str, user_agent: str, today: date | None = None) -> bool:
    """Count one view unless it is a bot or the same browser saw this artist within a minute.
    Best effort: with Redis down the view is simply not counted."""
    if is_bot(user_agent):
        return False
    day = (today or datetime.now(UTC).date()).isoformat()

    async def _count(r: aioredis.Redis) -> bool:
        seen = seen_key(artist_id, visitor(client, user_agent))
        first = await r.set(seen, 1, nx=True, ex=SEEN_TTL_S)
        if first:
            await r.hincrby(pending_key(), f"{artist_id}|{day}", 1)  # type: ignore[misc]
        return bool(first)

    return await cache.guarded(_count, False)


def _parse(raw: dict[Any, Any]) -> dict[tuple[uuid.UUID, date], int]:
    counts: dict[tuple[uuid.UUID, date], int] = {}
    for field, value in raw.items():
        name = field.decode() if isinstance(field, bytes) else field
        try:
            artist, day = name.split("|")
            key = (uuid.UUID(artist), date.fromisoformat(day))
        except ValueError:
            continue
        counts[key] = counts.get(key, 0) + int(value)
    return counts


async def fold(redis: aioredis.Redis, session: AsyncSession) -> int:
    """Move the pending counters into PostgreSQL: the hash is renamed first (new views start a fresh
    one), added to the rows, and the renamed copy is deleted once the caller's transaction commits.
    A batch left behind by a crash between rename and commit is folded by the next run."""
    batch = folding_key(uuid.uuid4().hex)
    with contextlib.suppress(aioredis.ResponseError):  # raised when no views are pending
        await redis.rename(pending_key(), batch)
    keys = [k async for k in redis.scan_iter(match=folding_key("*"), count=100)]
    total = 0
    for key in keys:
        counts = _parse(await redis.hgetall(key))  # type: ignore[misc]
        await repository.add_page_views(session, counts)
        total += sum(counts.values())
    if keys:
        on_commit(session, lambda: redis.delete(*keys))
    return total
