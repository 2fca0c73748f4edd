"""Prometheus metrics and the per-minute job counters behind the admin console's throughput.

bullmq for Python has no `getMetrics`, so the worker records every finished attempt twice: in this
process's Prometheus histogram/counters (scraped from the worker) and in Redis per-minute counters
`{QUEUE_PREFIX}:metrics:{queue}:{completed|failed}:{epoch_minute}` (2 h TTL) that any process can read — the
admin console draws its sparklines from those. Job counts by state are read from Redis at scrape time.
Upstream HTTP counters (`theset_upstream_*`) live in core/http.py and share the default registry.

Histograms live in the process that observes them: the web app's `/metrics` shows queue state (from
Redis, including last-hour completed/failed counts), while job durations are exported by each worker
on `WORKER_METRICS_PORT` when that is set (one port per worker process; Prometheus scrapes each).
"""

from __future__ import annotations

import time
from typing import Any

import redis.asyncio as aioredis
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    start_http_server,
)

from theset.core.config import get_settings
from theset.core.logging import get_logger
from theset.core.queues import JOB_STATES

log = get_logger(__name__)

MINUTE_KEY = "{prefix}:metrics:{queue}:{outcome}:{minute}"
MINUTE_TTL_S = 2 * 3600
OUTCOMES = ("completed", "failed")

JOB_DURATION = Histogram(
    "theset_job_duration_seconds",
    "Wall time of one job attempt, by queue, job name and outcome.",
    ["queue", "job", "outcome"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 1800),
)
JOBS_COMPLETED = Counter("theset_jobs_completed_total", "Job attempts that completed.", ["queue", "job"])
JOB_FAILURES = Counter(
    "theset_job_failures_total", "Job attempts that failed (each retry counts).", ["queue", "job"]
)
QUEUE_JOBS = Gauge("theset_queue_jobs", "Jobs in each queue by state (read at scrape).", ["queue", "state"])
QUEUE_LAST_HOUR = Gauge(
    "theset_queue_jobs_last_hour",
    "Job attempts finished in the last hour, from the shared per-minute counters (read at scrape).",
    ["queue", "outcome"],
)
QUEUE_PAUSED = Gauge("theset_queue_paused", "1 when the queue is paused (read at scrape).", ["queue"])
# The SSE endpoints inc() on connect and dec() on disconnect.
SSE_CONNECTIONS = Gauge("theset_sse_connections", "Open server-sent-event connections in this process.")


def epoch_minute(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // 60)


def minute_key(queue: str, outcome: str, minute: int) -> str:
    return MINUTE_KEY.format(prefix=get_settings().queue_prefix, queue=queue, outcome=outcome, minute=minute)


_pending_minutes: dict[tuple[str, str, int], int] = {}
_job_series: dict[tuple[str, str, str], tuple[Any, Any]] = {}


def _series(queue: str, job_name: str, outcome: str) -> tuple[Any, Any]:
    """The labelled duration and count series of one (queue, job, outcome), looked up once: prometheus'
    `labels()` costs more than the rest of a no-op job's bookkeeping."""
    key = (queue, job_name, outcome)
    series = _job_series.get(key)
    if series is None:
        counter = JOBS_COMPLETED if outcome == "completed" else JOB_FAILURES
        series = _job_series[key] = (
            JOB_DURATION.labels(queue, job_name, outcome),
            counter.labels(queue, job_name),
        )
    return series


def observe_job(queue: str, job_name: str, outcome: str, duration_s: float) -> None:
    """Worker hook for one finished attempt, with no I/O per job: the per-minute counts are
    buffered here and written by `flush_minute_counts` about once a second, so a busy worker pays one
    Redis round trip per second for metrics instead of one per job."""
    duration, count = _series(queue, job_name, outcome)
    duration.observe(duration_s)
    count.inc()
    key = (queue, outcome, epoch_minute())
    _pending_minutes[key] = _pending_minutes.get(key, 0) + 1


async def flush_minute_counts(redis: aioredis.Redis) -> int:
    """Write the buffered per-minute counts; on failure they are kept for the next flush."""
    if not _pending_minutes:
        return 0
    batch = dict(_pending_minutes)
    _pending_minutes.clear()
    try:
        async with redis.pipeline(transaction=False) as pipe:
            for (queue, outcome, minute), count in batch.items():
                key = minute_key(queue, outcome, minute)
                pipe.incrby(key, count)
                pipe.expire(key, MINUTE_TTL_S)
            await pipe.execute()
    except BaseException as exc:  # cancelled mid-flush (worker shutdown) included: keep the counts
        for series_key, count in batch.items():
            _pending_minutes[series_key] = _pending_minutes.get(series_key, 0) + count
        if not isinstance(exc, Exception):
            raise
        log.warning("per-minute job counters not written", error=str(exc)[:200])
        return 0
    return sum(batch.values())


async def per_minute(redis: aioredis.Redis, queue: str, minutes: int = 60) -> dict[str, list[int]]:
    """Completed and failed attempts per minute, oldest first, ending with the current minute."""
    now = epoch_minute()
    span = range(now - minutes + 1, now + 1)
    values = await redis.mget([minute_key(queue, outcome, m) for outcome in OUTCOMES for m in span])
    counts = [int(v or 0) for v in values]
    return {outcome: counts[i * minutes : (i + 1) * minutes] for i, outcome in enumerate(OUTCOMES)}


async def refresh_queue_gauges(queues: Any) -> None:
    """Read job counts from Redis into the gauges (called by /metrics before rendering)."""
    from theset.core.queue_names import QUEUE_NAMES
    from theset.core.redis import get_redis

    for name in QUEUE_NAMES:
        queue = queues.get(name)
        counts = await queue.getJobCounts(*JOB_STATES)
        for state in JOB_STATES:
            QUEUE_JOBS.labels(name, state).set(counts.get(state, 0))
        QUEUE_PAUSED.labels(name).set(1 if await queue.isPaused() else 0)
        series = await per_minute(get_redis(), name)
        for outcome, values in series.items():
            QUEUE_LAST_HOUR.labels(name, outcome).set(sum(values))


async def render_latest(queues: Any | None = None) -> tuple[bytes, str]:
    """The Prometheus exposition of the default registry (ours, core/http.py's, process metrics)."""
    if queues is not None:
        try:
            await refresh_queue_gauges(queues)
        except Exception as exc:  # a scrape should still show the process metrics
            log.warning("queue gauges not refreshed", error=str(exc)[:200])
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


_exporter_port: int | None = None


def start_worker_exporter() -> int | None:
    """Serve this worker's metrics on WORKER_METRICS_PORT (unset: no listener). Idempotent."""
    global _exporter_port
    settings = get_settings()
    if settings.worker_metrics_port is None or _exporter_port is not None:
        return _exporter_port
    _exporter_port = settings.worker_metrics_port
    start_http_server(_exporter_port, addr=settings.worker_metrics_addr)
    log.info("worker metrics exported", port=_exporter_port)
    return _exporter_port
