"""What the operator watches: per-queue overview, throughput, workers, Redis health and schedulers."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import redis.asyncio as aioredis
from bullmq import Queue

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
) -> dict[str, Any]:
    queue = get_queue(registry, name)
    counts, paused, clients, series, oldest = await asyncio.gather(
        job_counts(queue),
        queue.isPaused(),
        queue.get_workers(),
        metrics.per_minute(redis, name, THROUGHPUT_MINUTES),
        oldest_waiting_ms(queue),
    )
    ours = [b["id"] for b in beats if b["alive"] and name in (b.get("queues") or [])]
    return {
        "name": name,
        "counts": counts,
        "paused": bool(paused),
        "workers": {"connections": _bullmq_worker_count(clients), "processes": ours},
        "throughput": {
            "minutes": THROUGHPUT_MINUTES,
            "completed": series["completed"],
            "failed": series["failed"],
            "completedPerMinute": round(sum(series["completed"]) / THROUGHPUT_MINUTES, 2),
            "failedPerMinute": round(sum(series["failed"]) / THROUGHPUT_MINUTES, 2),
        },
        "oldestWaitingMs": oldest,
        "policy": queue_policy(name),
    }


async def overview(registry: QueueRegistry, redis: aioredis.Redis) -> list[dict[str, Any]]:
    beats = await heartbeats(redis)
    return list(await asyncio.gather(*(queue_summary(registry, redis, n, beats) for n in QUEUE_NAMES)))


async def redis_health(redis: aioredis.Redis) -> dict[str, Any]:
    started = time.perf_counter()
    await redis.ping()  # type: ignore[misc]
    latency_ms = round((time.perf_counter() - started) * 1000, 2)
    server, memory, clients = await asyncio.gather(
        redis.info("server"), redis.info("memory"), redis.info("clients")
    )
    return {
        "ok": True,
        "pingMs": latency_ms,
        "version": server.get("redis_version"),
        "uptimeS": server.get("uptime_in_seconds"),
        "memory": {
            "used": memory.get("used_memory_human"),
            "peak": memory.get("used_memory_peak_human"),
            "maxmemory": memory.get("maxmemory_human"),
            "policy": memory.get("maxmemory_policy"),
        },
        "clients": {
            "connected": clients.get("connected_clients"),
            "blocked": clients.get("blocked_clients"),
        },
    }


async def health(redis: aioredis.Redis) -> dict[str, Any]:
    try:
        redis_info = await asyncio.wait_for(redis_health(redis), timeout=3)
    except Exception as exc:
        redis_info = {"ok": False, "error": redact_text(str(exc))[:300] or type(exc).__name__}
    beats = await heartbeats(redis) if redis_info["ok"] else []
    alive = [b for b in beats if b["alive"]]
    try:
        recovery = await _recovery(redis_info["ok"])
    except Exception as exc:  # PostgreSQL down: still report Redis and the workers, which matter most then
        recovery = {"missingSchedulers": [], "orphanedRuns": [], "recoveryError": type(exc).__name__}
    healthy = (
        redis_info["ok"]
        and alive
        and "recoveryError" not in recovery
        and not recovery["missingSchedulers"]
        and not recovery["orphanedRuns"]
    )
    return {
        "status": "ok" if healthy else "degraded",
        "redis": redis_info,
        "workers": {"alive": len(alive), "stale": len(beats) - len(alive), "heartbeats": beats},
        **recovery,
    }


async def _recovery(redis_ok: bool) -> dict[str, Any]:
    """What Redis should hold and does not (it lost its data): job schedulers, and the jobs of import
    runs PostgreSQL says are open. Workers put both back (imports/recovery.py) within a minute."""
    if not redis_ok:
        return {"missingSchedulers": [], "orphanedRuns": []}
    from theset.imports.recovery import orphaned_runs

    missing = await schedules.missing_schedules()
    orphans = await orphaned_runs()
    return {
        "missingSchedulers": [{"id": s.id, "queue": s.queue} for s in missing],
        "orphanedRuns": [{"artistId": str(artist_id), "jobId": job_id} for artist_id, job_id in orphans],
    }


async def schedulers(registry: QueueRegistry) -> dict[str, Any]:
    rows = await schedules.list_schedulers(registry)
    registered = {(r["queue"], r["id"]) for r in rows}
    missing = [
        {"id": s.id, "queue": s.queue, "pattern": s.pattern}
        for s in schedules.SCHEDULES
        if (s.queue, s.id) not in registered
    ]
    return {"schedulers": rows, "missing": missing}
