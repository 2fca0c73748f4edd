"""Logic of the recurring jobs; tasks.py only opens sessions and logs."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import redis.asyncio as aioredis
from sqlalchemy.ext.asyncio import AsyncSession

from theset.core.logging import get_logger
from theset.core.queue_names import QUEUE_NAMES
from theset.core.queues import QueueRegistry, clean_older_than, heartbeat_key, heartbeats, queue_config
from theset.imports import service as imports_service
from theset.maintenance import repository

log = get_logger(__name__)

ACTIVE_SYNC_AGE = timedelta(hours=6)
ACTIVE_SYNC_BATCH = 500
STALE_IMPORT_AGE = timedelta(hours=24)
UNIDENTIFIED_ARTIST_AGE = timedelta(days=1)
STALE_IMPORT_MESSAGE = "import stopped making progress for over 24 h; marked failed by the weekly clean-up"


async def enqueue_refreshes(
    session: AsyncSession, artist_ids: list[uuid.UUID], *, deep: bool
) -> dict[str, Any]:
    enqueued = 0
    for artist_id in artist_ids:
        if await imports_service.enqueue_artist_refresh(session, artist_id, deep=deep):
            enqueued += 1
    return {"selected": len(artist_ids), "enqueued": enqueued}


async def sync_active_artists(session: AsyncSession, *, now: datetime | None = None) -> dict[str, Any]:
    now = now or datetime.now(UTC)
    ids = await repository.artists_due_for_sync(session, now - ACTIVE_SYNC_AGE, ACTIVE_SYNC_BATCH)
    return await enqueue_refreshes(session, ids, deep=False)


async def deep_sync_trending(session: AsyncSession, limit: int) -> dict[str, Any]:
    ids = await repository.top_trending_imported(session, limit)
    return await enqueue_refreshes(session, ids, deep=True)


async def clean_queues(registry: QueueRegistry, queue_names: tuple[str, ...] = QUEUE_NAMES) -> dict[str, int]:
    """Finished jobs past their queue's retention. bullmq prunes by age only when another job of the
    queue finishes, so a queue that went quiet would keep its old jobs for ever without this."""
    removed: dict[str, int] = {}
    for name in queue_names:
        queue, cfg = registry.get(name), queue_config(name)
        removed[name] = await clean_older_than(queue, "completed", cfg.keep_completed_age_s * 1000)
        removed[name] += await clean_older_than(queue, "failed", cfg.keep_failed_age_s * 1000)
    return removed


async def trim_heartbeats(redis: aioredis.Redis, *, now: float | None = None) -> list[str]:
    """Remove heartbeats of workers that stopped beating (crashed without deregistering)."""
    stale = [beat["id"] for beat in await heartbeats(redis, now=now) if not beat["alive"]]
    if stale:
        await redis.hdel(heartbeat_key(), *stale)  # type: ignore[misc]
    return stale


async def fail_stale_imports(session: AsyncSession, *, now: datetime | None = None) -> list[uuid.UUID]:
    now = now or datetime.now(UTC)
    return await repository.fail_stale_imports(session, now - STALE_IMPORT_AGE, STALE_IMPORT_MESSAGE)


async def delete_unidentified_artists(
    session: AsyncSession, *, now: datetime | None = None
) -> list[uuid.UUID]:
    now = now or datetime.now(UTC)
    return await repository.delete_unidentified_artists(session, now - UNIDENTIFIED_ARTIST_AGE)
