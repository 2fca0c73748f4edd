"""What the operator watches: per-queue overview, throughput, workers, Redis health and schedulers."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import redis.asyncio as aioredis
from bullmq import Queue

from theset.admin.monitoring_schemas import (
    DeclaredSchedulerOut,
    HealthOut,
    MissingSchedulerOut,
    OrphanedRunOut,
    QueueSummaryOut,
    QueueWorkersOut,
    RedisClientsOut,
    RedisDownOut,
    RedisMemoryOut,
    RedisUpOut,
    SchedulerOut,
    SchedulersOut,
    ThroughputOut,
    WorkerBeatOut,
    WorkersOut,
)
from theset.admin.service import get_queue, job_counts, queue_policy
from theset.core import metrics, schedules
from theset.core.logging import redact_text
from theset.core.queue_names import QUEUE_NAMES
from theset.core.queues import QueueRegistry, heartbeats

THROUGHPUT_MINUTES = 60


async def _first_of_each_priority(queue: Queue) -> list[str]:
    """The head of every priority band of the prioritized set. bullmq scores a job priority·2³² plus an
    insertion counter, so each band's first member is its oldest; a few reads however long the backlog."""
    key, heads = queue.toKey("prioritized"), []
    floor: int | str = "-inf"
    while found := await queue.client.zrangebyscore(key, floor, "+inf", start=0, num=1, withscores=True):
        job_id, score = found[0]
        heads.append(str(job_id))
        floor = ((int(score) >> 32) + 1) << 32
    return heads


async def oldest_waiting_ms(queue: Queue, *, now_ms: int | None = None) -> int | None:
    """Age of the longest-waiting job in wait/paused (list tails) and prioritized (band heads)."""
    client = queue.client
    candidates: list[str] = []
    for key in ("wait", "paused"):
        tail = await client.lindex(queue.toKey(key), -1)
        if tail:
            candidates.append(str(tail))
    candidates += await _first_of_each_priority(queue)
    if not candidates:
        return None
    async with client.pipeline(transaction=False) as pipe:
        for job_id in candidates:
            pipe.hget(queue.toKey(job_id), "timestamp")
        stamps = [int(t) for t in await pipe.execute() if t]
    if not stamps:
        return None
    now_ms = int(time.time() * 1000) if now_ms is None else now_ms
    return max(now_ms - min(stamps), 0)


def _bullmq_worker_count(clients: list[dict[str, Any]]) -> int | None:
    if clients and clients[0].get("name") == "CLIENT LIST not supported":
        return None
    return len(clients)


async def queue_summary(
    registry: QueueRegistry, redis: aioredis.Redis, name: str, beats: list[dict[str, Any]]
) -> QueueSummaryOut:
    queue = get_queue(registry, name)
    counts, paused, clients, series, oldest = await asyncio.gather(
        job_counts(queue),
        queue.isPaused(),
        queue.get_workers(),
        metrics.per_minute(redis, name, THROUGHPUT_MINUTES),
        oldest_waiting_ms(queue),
    )
    ours = [b["id"] for b in beats if b["alive"] and name in (b.get("queues") or [])]
    return QueueSummaryOut(
        name=name,
        counts=counts,
        paused=bool(paused),
        workers=QueueWorkersOut(connections=_bullmq_worker_count(clients), processes=ours),
        throughput=ThroughputOut(
            minutes=THROUGHPUT_MINUTES,
            completed=series["completed"],
            failed=series["failed"],
            completed_per_minute=round(sum(series["completed"]) / THROUGHPUT_MINUTES, 2),
            failed_per_minute=round(sum(series["failed"]) / THROUGHPUT_MINUTES, 2),
        ),
        oldest_waiting_ms=oldest,
        policy=queue_policy(name),
    )


async def overview(registry: QueueRegistry, redis: aioredis.Redis) -> list[QueueSummaryOut]:
    beats = await heartbeats(redis)
    return list(await asyncio.gather(*(queue_summary(registry, redis, n, beats) for n in QUEUE_NAMES)))


def _text(value: object) -> str | None:
    # redis-py turns INFO values that look like numbers into numbers; these are words.
    return None if value is None else str(value)


async def redis_health(redis: aioredis.Redis) -> RedisUpOut:
    started = time.perf_counter()
    await redis.ping()  # type: ignore[misc]
    latency_ms = round((time.perf_counter() - started) * 1000, 2)
    server, memory, clients = await asyncio.gather(
        redis.info("server"), redis.info("memory"), redis.info("clients")
    )
    return RedisUpOut(
        ping_ms=latency_ms,
        version=_text(server.get("redis_version")),
        uptime_s=server.get("uptime_in_seconds"),
        memory=RedisMemoryOut(
            used=_text(memory.get("used_memory_human")),
            peak=_text(memory.get("used_memory_peak_human")),
            maxmemory=_text(memory.get("maxmemory_human")),
            policy=_text(memory.get("maxmemory_policy")),
        ),
        clients=RedisClientsOut(
            connected=clients.get("connected_clients"), blocked=clients.get("blocked_clients")
        ),
    )


async def health(redis: aioredis.Redis) -> HealthOut:
    redis_info: RedisUpOut | RedisDownOut
    try:
        redis_info = await asyncio.wait_for(redis_health(redis), timeout=3)
    except Exception as exc:
        redis_info = RedisDownOut(error=redact_text(str(exc))[:300] or type(exc).__name__)
    beats = [WorkerBeatOut.model_validate(b) for b in await heartbeats(redis)] if redis_info.ok else []
    alive = [b for b in beats if b.alive]
    missing: list[MissingSchedulerOut] = []
    orphans: list[OrphanedRunOut] = []
    error = None
    try:
        missing, orphans = await _recovery(redis_info.ok)
    except Exception as exc:  # PostgreSQL down: still report Redis and the workers, which matter most then
        error = type(exc).__name__
    healthy = redis_info.ok and alive and error is None and not missing and not orphans
    return HealthOut(
        status="ok" if healthy else "degraded",
        redis=redis_info,
        workers=WorkersOut(alive=len(alive), stale=len(beats) - len(alive), heartbeats=beats),
        missing_schedulers=missing,
        orphaned_runs=orphans,
        recovery_error=error,
    )


async def _recovery(redis_ok: bool) -> tuple[list[MissingSchedulerOut], list[OrphanedRunOut]]:
    """What Redis should hold and does not (it lost its data): job schedulers, and the jobs of import
    runs PostgreSQL says are open. Workers put both back (imports/recovery.py) within a minute."""
    if not redis_ok:
        return [], []
    from theset.imports.recovery import orphaned_runs

    missing = await schedules.missing_schedules()
    orphans = await orphaned_runs()
    return (
        [MissingSchedulerOut(id=s.id, queue=s.queue) for s in missing],
        [OrphanedRunOut(artist_id=str(artist_id), job_id=job_id) for artist_id, job_id in orphans],
    )


async def schedulers(registry: QueueRegistry) -> SchedulersOut:
    rows = await schedules.list_schedulers(registry)
    registered = {(r["queue"], r["id"]) for r in rows}
    missing = [
        DeclaredSchedulerOut(id=s.id, queue=s.queue, pattern=s.pattern)
        for s in schedules.SCHEDULES
        if (s.queue, s.id) not in registered
    ]
    return SchedulersOut(schedulers=[SchedulerOut.model_validate(r) for r in rows], missing=missing)
