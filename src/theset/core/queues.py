"""The BullMQ queue registry: one queue per kind of work, each with its own policy.

Pitfalls handled here (docs/architecture.md, "Measured decisions"): connections never get a socket
timeout shorter than a blocking pop (redis-py 7 is pinned and `socket_timeout` stays None), event
streams are bounded through the queue's meta hash, and jobs are only ever added after the transaction
that creates their rows.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import orjson
import redis.asyncio as aioredis
from bullmq import Queue
from sqlalchemy.ext.asyncio import AsyncSession

from theset.core import queue_names as q
from theset.core.config import get_settings
from theset.core.db import on_commit
from theset.core.logging import get_logger
from theset.core.redis import create_redis, get_redis, request_connection_kwargs

log = get_logger(__name__)

# BullMQ: 1 is the highest priority; jobs without a priority go before all prioritised ones.
PRIORITY_USER = 1
PRIORITY_NORMAL = 5
PRIORITY_BACKGROUND = 10

HOUR = 3600
DAY = 24 * HOUR


@dataclass(frozen=True)
class QueueConfig:
    name: str
    concurrency: int
    attempts: int = 3
    backoff_ms: int = 2000
    timeout_s: float = 300.0
    keep_completed_age_s: int = DAY
    keep_completed_count: int = 1000
    keep_failed_age_s: int = 7 * DAY
    keep_failed_count: int = 10000
    max_events: int = 5000
    default_priority: int = PRIORITY_NORMAL
    extra: dict[str, Any] = field(default_factory=dict)

    def job_options(self) -> dict[str, Any]:
        return {
            "attempts": self.attempts,
            "backoff": {"type": "exponential", "delay": self.backoff_ms},
            "removeOnComplete": {"age": self.keep_completed_age_s, "count": self.keep_completed_count},
            "removeOnFail": {"age": self.keep_failed_age_s, "count": self.keep_failed_count},
        }


QUEUE_CONFIGS: dict[str, QueueConfig] = {
    c.name: c
    for c in (
        QueueConfig(
            q.ARTIST_IMPORT,
            concurrency=4,
            attempts=5,
            backoff_ms=3000,
            timeout_s=1800,
            default_priority=PRIORITY_USER,
        ),
        QueueConfig(q.TICKETMASTER_SYNC, concurrency=2, attempts=5, backoff_ms=5000, timeout_s=900),
        QueueConfig(q.SPOTIFY_SYNC, concurrency=3, attempts=5, backoff_ms=5000, timeout_s=900),
        QueueConfig(q.CATALOG_SYNC, concurrency=2, attempts=5, backoff_ms=5000, timeout_s=1800),
        QueueConfig(q.VENUE_SYNC, concurrency=2, attempts=3, timeout_s=300),
        QueueConfig(q.SETLIST_SYNC, concurrency=2, attempts=4, backoff_ms=10000, timeout_s=900),
        QueueConfig(q.MUSICBRAINZ_SYNC, concurrency=1, attempts=4, backoff_ms=5000, timeout_s=900),
        QueueConfig(
            q.TRENDING_CALC, concurrency=1, attempts=2, timeout_s=300, default_priority=PRIORITY_BACKGROUND
        ),
        QueueConfig(
            q.SCHEDULED_SYNC, concurrency=1, attempts=2, timeout_s=1800, default_priority=PRIORITY_BACKGROUND
        ),
        QueueConfig(
            q.VOTE_EVENTS,
            concurrency=20,
            attempts=5,
            backoff_ms=500,
            timeout_s=30,
            keep_completed_age_s=HOUR,
            keep_completed_count=5000,
        ),
        QueueConfig(
            q.CACHE_WARM, concurrency=4, attempts=2, timeout_s=120, default_priority=PRIORITY_BACKGROUND
        ),
        QueueConfig(
            q.CLEANUP, concurrency=1, attempts=2, timeout_s=1800, default_priority=PRIORITY_BACKGROUND
        ),
    )
}
assert set(QUEUE_CONFIGS) == set(q.QUEUE_NAMES)


def queue_config(name: str) -> QueueConfig:
    try:
        return QUEUE_CONFIGS[name]
    except KeyError:
        raise ValueError(f"unknown queue {name!r}") from None


JobState = Literal[
    "waiting", "prioritized", "active", "delayed", "paused", "waiting-children", "completed", "failed"
]
JOB_STATES: tuple[JobState, ...] = get_args(JobState)
# Jobs not yet finished for good: what "drained" waits for.
PENDING_STATES: tuple[JobState, ...] = tuple(s for s in JOB_STATES if s not in ("completed", "failed"))


def heartbeat_key() -> str:
    """The hash where every worker process writes its heartbeat (under the queue prefix, so two
    deployments sharing a Redis database keep their workers apart)."""
    return f"{get_settings().queue_prefix}:workers"


async def heartbeats(redis: aioredis.Redis, *, now: float | None = None) -> list[dict[str, Any]]:
    """Worker heartbeats, newest first; `alive` is False once a worker missed its TTL."""
    now = time.time() if now is None else now
    raw: dict[str, str] = await redis.hgetall(heartbeat_key())  # type: ignore[misc]
    beats = []
    for worker_id, payload in raw.items():
        try:
            beat = orjson.loads(payload)
        except orjson.JSONDecodeError:
            beat = {"id": worker_id}
        at = float(beat.get("at") or 0)
        beat["id"] = worker_id
        beat["ageS"] = round(now - at, 1) if at else None
        beat["alive"] = bool(at) and now - at <= float(beat.get("ttl") or 30)
        beats.append(beat)
    return sorted(beats, key=lambda b: -(b.get("at") or 0))


CLEAN_BATCH = 1000
CLEAN_MAX_BATCHES = 100  # at most 100k jobs per call: an admin request must answer


async def clean_older_than(queue: Queue, state: str, grace_ms: int, limit: int = 0) -> int:
    """Remove `state` jobs older than `grace_ms` in batches (one huge clean would block Redis);
    `limit` 0 means all of them. Returns how many were removed."""
    removed = 0
    for _ in range(CLEAN_MAX_BATCHES):
        batch_size = min(CLEAN_BATCH, limit - removed) if limit else CLEAN_BATCH
        batch = await queue.clean(grace_ms, batch_size, state)
        removed += len(batch)
        if len(batch) < batch_size or (limit and removed >= limit):
            break
    return removed


def effective_concurrency(name: str) -> int:
    return get_settings().concurrency_for(name, queue_config(name).concurrency)


class QueueRegistry:
    """Lazily opened bullmq.Queue objects, one per queue name, shared by the process."""

    def __init__(self, redis_url: str | None = None, prefix: str | None = None) -> None:
        settings = get_settings()
        self.redis_url = redis_url or settings.redis_url
        self.prefix = prefix or settings.queue_prefix
        self._queues: dict[str, Queue] = {}
        self._bounded: set[str] = set()

    def get(self, name: str) -> Queue:
        cfg = queue_config(name)
        queue = self._queues.get(name)
        if queue is None:
            # Our own client rather than a URL: bullmq's retries 20 times with backoff up to 20 s, so a
            # kickoff with Redis down hung for minutes. These calls never block, so they get the
            # request-path timeouts (the queue closes the client with itself).
            connection = create_redis(self.redis_url, **request_connection_kwargs())
            queue = self._queues[name] = Queue(
                name,
                {"connection": connection, "prefix": self.prefix, "defaultJobOptions": cfg.job_options()},
            )
        return queue

    async def bound_events(self, name: str) -> None:
        if name in self._bounded:
            return
        queue = self.get(name)
        await queue.client.hset(
            f"{self.prefix}:{name}:meta", "opts.maxLenEvents", queue_config(name).max_events
        )
        self._bounded.add(name)

    async def add(
        self,
        queue_name: str,
        job_name: str,
        data: dict[str, Any],
        *,
        job_id: str | None = None,
        priority: int | None = None,
        delay_ms: int | None = None,
        **extra: Any,
    ) -> str:
        await self.bound_events(queue_name)
        opts: dict[str, Any] = {"priority": priority or queue_config(queue_name).default_priority, **extra}
        if job_id:
            opts["jobId"] = job_id
        if delay_ms:
            opts["delay"] = delay_ms
        job = await self.get(queue_name).add(job_name, data, opts)
        return str(job.id)

    async def job_unfinished(self, queue_name: str, job_id: str) -> bool:
        """The job exists and has not completed or failed for good. One HMGET on the job's hash (bullmq
        sets `finishedOn` only at the end) instead of bullmq's state script, for hot paths."""
        key = f"{self.prefix}:{queue_name}:{job_id}"
        created, finished = await get_redis().hmget(key, ["timestamp", "finishedOn"])  # type: ignore[misc]
        return created is not None and finished is None

    async def job_exists(self, queue_name: str, job_id: str) -> bool:
        return bool(await get_redis().exists(f"{self.prefix}:{queue_name}:{job_id}"))

    async def close(self) -> None:
        for queue in self._queues.values():
            await queue.close()
        self._queues.clear()
        self._bounded.clear()


_registry: QueueRegistry | None = None


def get_registry() -> QueueRegistry:
    global _registry
    if _registry is None:
        _registry = QueueRegistry()
    return _registry


async def close_registry() -> None:
    global _registry
    if _registry is not None:
        await _registry.close()
    _registry = None


def enqueue_after_commit(
    session: AsyncSession, queue_name: str, job_name: str, data: dict[str, Any], **opts: Any
) -> None:
    """Buffer a job until `session`'s unit of work commits; a rollback drops it."""
    queue_config(queue_name)  # fail fast on a typo, inside the request

    async def _send() -> None:
        job_id = await get_registry().add(queue_name, job_name, data, **opts)
        log.info("job enqueued", queue=queue_name, job=job_name, job_id=job_id)

    on_commit(session, _send)
