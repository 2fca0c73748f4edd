"""What the operator watches, as the admin API returns it: queues (GET /api/admin/queues[/{name}]),
worker and Redis health (GET /api/admin/health) and job schedulers (GET /api/admin/schedulers)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, JsonValue

from theset.core.schemas import ApiModel


# --- queues -------------------------------------------------------------------------------------------
class QueueWorkersOut(ApiModel):
    # bullmq's worker connections (None where Redis refuses CLIENT LIST), and our worker processes
    # (heartbeat ids) that serve this queue.
    connections: int | None
    processes: list[str]


class ThroughputOut(ApiModel):
    """Completed and failed attempts per minute over the last `minutes`, oldest first."""

    minutes: int
    completed: list[int]
    failed: list[int]
    completed_per_minute: float
    failed_per_minute: float


class QueuePolicyOut(ApiModel):
    concurrency: int
    attempts: int
    backoff_ms: int
    timeout_s: int | float  # as configured: 1800 stays 1800 on the wire
    default_priority: int


class QueueSummaryOut(ApiModel):
    name: str
    counts: dict[str, int]
    paused: bool
    workers: QueueWorkersOut
    throughput: ThroughputOut
    oldest_waiting_ms: int | None
    policy: QueuePolicyOut


class QueuesOut(ApiModel):
    queues: list[QueueSummaryOut]


# --- health -------------------------------------------------------------------------------------------
class RedisMemoryOut(ApiModel):
    used: str | None
    peak: str | None
    maxmemory: str | None
    policy: str | None


class RedisClientsOut(ApiModel):
    connected: int | None
    blocked: int | None


class RedisUpOut(ApiModel):
    ok: Literal[True] = True
    ping_ms: float
    version: str | None
    uptime_s: int | None
    memory: RedisMemoryOut
    clients: RedisClientsOut


class RedisDownOut(ApiModel):
    ok: Literal[False] = False
    error: str


class WorkerBeatOut(ApiModel):
    """A worker process's heartbeat (worker.py writes it, core.queues.heartbeats reads it back); `ageS`
    and `alive` are worked out on reading. A heartbeat that was not valid JSON has only those and `id`."""

    id: str
    pid: int | None = None
    host: str | None = None
    queues: list[str] | None = None
    in_flight: int | None = Field(default=None, alias="in_flight")
    processed: int | None = None
    failed: int | None = None
    at: float | None = None
    ttl: int | float | None = None
    age_s: float | None
    alive: bool


class WorkersOut(ApiModel):
    alive: int
    stale: int
    heartbeats: list[WorkerBeatOut]


class MissingSchedulerOut(ApiModel):
    id: str
    queue: str


class OrphanedRunOut(ApiModel):
    """An import run PostgreSQL says is open but whose job Redis no longer has."""

    artist_id: str
    job_id: str


class HealthOut(ApiModel):
    """GET /api/admin/health: `ok` when Redis answers, a worker is alive and nothing needs recovering.
    The last three say what Redis should hold and does not; `recoveryError` only when PostgreSQL could
    not be asked."""

    status: Literal["ok", "degraded"]
    redis: RedisUpOut | RedisDownOut
    workers: WorkersOut
    missing_schedulers: list[MissingSchedulerOut]
    orphaned_runs: list[OrphanedRunOut]
    recovery_error: str | None = Field(default=None, exclude_if=lambda error: error is None)


# --- schedulers ---------------------------------------------------------------------------------------
class SchedulerOut(ApiModel):
    """A registered job scheduler; `next` is its next run in epoch milliseconds."""

    id: str
    queue: str
    job_name: str | None
    pattern: str | None
    every: int | None
    tz: str | None
    next: int | None
    iteration_count: int | None
    data: JsonValue
    declared: bool
    description: str


class DeclaredSchedulerOut(ApiModel):
    """A schedule the code declares (core/schedules.py) that Redis does not have."""

    id: str
    queue: str
    pattern: str


class SchedulersOut(ApiModel):
    schedulers: list[SchedulerOut]
    missing: list[DeclaredSchedulerOut]
