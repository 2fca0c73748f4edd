"""Queue operations behind the admin API and console: state, job lists, job detail and actions.

Everything reads and writes through bullmq's own Queue/Job methods (no hand-written Redis keys), so
the console stays correct across bullmq upgrades. Routers stay thin; auditing happens in `audited()`.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import redis.asyncio as aioredis
from bullmq import Job, Queue
from sqlalchemy.ext.asyncio import AsyncSession

from theset.admin.monitoring_schemas import QueuePolicyOut
from theset.admin.schemas import (
    DESTRUCTIVE_ACTIONS,
    ActionOptions,
    ActionOutcome,
    CleanedOutcome,
    DrainedOutcome,
    JobActionName,
    JobActionOutcome,
    JobDetailOut,
    JobListOut,
    JobSummaryOut,
    ObliteratedOutcome,
    PausedOutcome,
    PromotedOutcome,
    QueueActionName,
    QueueActionOutcome,
    RerunOutcome,
    RetriedOutcome,
)
from theset.core import audit
from theset.core.errors import Conflict, NotFound, TheSetError
from theset.core.logging import redact_value
from theset.core.queue_names import QUEUE_NAMES
from theset.core.queues import (
    JOB_STATES,
    JobState,
    QueueRegistry,
    clean_older_than,
    effective_concurrency,
    get_registry,
    queue_config,
)

CLEANABLE_STATES = ("completed", "failed", "wait", "delayed", "prioritized", "paused")
# Newest first for finished jobs; next-to-run first for pending ones.
ASCENDING_STATES = frozenset({"waiting", "prioritized", "delayed", "paused", "waiting-children", "active"})
MAX_PAGE_SIZE = 100


class ConfirmationRequired(TheSetError):
    status_code = 400
    code = "confirmation_required"


def get_queue(registry: QueueRegistry, name: str) -> Queue:
    if name not in QUEUE_NAMES:
        raise NotFound(f"unknown queue {name!r}; known queues: {', '.join(QUEUE_NAMES)}")
    return registry.get(name)


async def job_counts(queue: Queue) -> dict[str, int]:
    counts = await queue.getJobCounts(*JOB_STATES)
    return {state: int(counts.get(state, 0)) for state in JOB_STATES}


# --- jobs ---------------------------------------------------------------------------------------
def job_summary(job: Job, state: str | None = None) -> JobSummaryOut:
    return JobSummaryOut(
        id=str(job.id),
        name=job.name,
        state=state,
        attempts_made=int(job.attemptsMade or 0),
        attempts=int((job.opts or {}).get("attempts", 1) or 1),
        priority=int(job.priority or 0),
        progress=job.progress,
        timestamp=job.timestamp or None,
        processed_on=job.processedOn or None,
        finished_on=job.finishedOn or None,
        delay=int(job.delay or 0),
        failed_reason=job.failedReason,
    )


async def list_jobs(
    registry: QueueRegistry, name: str, state: JobState, page: int, page_size: int
) -> JobListOut:
    queue = get_queue(registry, name)
    page = max(page, 1)
    page_size = min(max(page_size, 1), MAX_PAGE_SIZE)
    start = (page - 1) * page_size
    jobs = await queue.getJobs([state], start, start + page_size - 1, state in ASCENDING_STATES)
    total = int((await queue.getJobCounts(state)).get(state, 0))
    return JobListOut(
        queue_name=name,
        state=state,
        page=page,
        page_size=page_size,
        total=total,
        pages=max((total + page_size - 1) // page_size, 1),
        jobs=[job_summary(job, state) for job in jobs],
    )


async def _job_or_404(queue: Queue, job_id: str) -> Job:
    job = await queue.getJob(job_id)
    if job is None:
        raise NotFound(f"job {job_id!r} not found in queue {queue.name!r} (it may have been removed)")
    return job


async def job_detail(registry: QueueRegistry, name: str, job_id: str) -> JobDetailOut:
    queue = get_queue(registry, name)
    job = await _job_or_404(queue, job_id)
    state = str(await job.getState())
    logs = await queue.getJobLogs(job_id)
    return JobDetailOut(
        **dict(job_summary(job, state)),
        queue_name=name,
        data=redact_value(None, job.data),
        opts=redact_value(None, dict(job.opts or {})),
        returnvalue=redact_value(None, job.returnvalue),
        attempts_started=int(job.attemptsStarted or 0),
        stalled_counter=int(job.stalledCounter or 0),
        stacktrace=list(getattr(job, "stacktrace", None) or []),
        logs=list(logs.get("logs") or []),
        log_count=int(logs.get("count") or 0),
        repeat_job_key=job.repeatJobKey,
    )


async def job_action(
    registry: QueueRegistry, name: str, job_id: str, action: JobActionName
) -> JobActionOutcome:
    queue = get_queue(registry, name)
    job = await _job_or_404(queue, job_id)
    state = str(await job.getState())
    if action == "retry":
        if state not in ("failed", "completed"):
            raise Conflict(f"job {job_id} is {state}; only failed or completed jobs can be retried")
        await job.retry(state, {"resetAttemptsMade": True, "resetAttemptsStarted": True})
    elif action == "promote":
        if state != "delayed":
            raise Conflict(f"job {job_id} is {state}; only delayed jobs can be promoted")
        await job.promote()
    else:
        if state == "active":
            raise Conflict(f"job {job_id} is running; wait for it to finish or fail before removing it")
        try:
            await job.remove()
        except Exception as exc:
            raise Conflict(str(exc)) from None
    after = "removed" if action == "remove" else str(await job.getState())
    return JobActionOutcome(previous_state=state, state=after)


# --- queue actions -----------------------------------------------------------------------------
def _int_option(options: ActionOptions, key: str, default: int, minimum: int = 0) -> int:
    raw = options.get(key, default)
    try:
        if not isinstance(raw, int | float | str):
            raise TypeError(raw)
        value = int(raw)
    except (TypeError, ValueError):
        raise TheSetError(f"options.{key} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise TheSetError(f"options.{key} must be at least {minimum}")
    return value


async def _clean(queue: Queue, options: ActionOptions) -> CleanedOutcome:
    state = str(options.get("state", "completed"))
    if state == "waiting":
        state = "wait"
    if state not in CLEANABLE_STATES:
        raise TheSetError(f"options.state must be one of {', '.join(CLEANABLE_STATES)}")
    grace_ms = _int_option(options, "graceMs", 0)
    limit = _int_option(options, "limit", 0)  # 0: everything older than the grace period
    removed = await clean_older_than(queue, state, grace_ms, limit)
    return CleanedOutcome(state=state, grace_ms=grace_ms, removed=removed)


async def _retry_failed(queue: Queue, options: ActionOptions) -> RetriedOutcome:
    before = await queue.getFailedCount()
    await queue.retryJobs({"state": "failed", "count": _int_option(options, "count", 1000, 1)})
    return RetriedOutcome(retried=before - await queue.getFailedCount())


async def _promote(queue: Queue, options: ActionOptions) -> PromotedOutcome:
    before = await queue.getDelayedCount()
    await queue.promoteJobs({"count": _int_option(options, "count", 1000, 1)})
    return PromotedOutcome(promoted=before - await queue.getDelayedCount())


async def _drain(queue: Queue, options: ActionOptions) -> DrainedOutcome:
    delayed = bool(options.get("delayed", False))
    before = await job_counts(queue)
    await queue.drain(delayed)
    after = await job_counts(queue)
    pending = ("waiting", "prioritized", "paused") + (("delayed",) if delayed else ())
    return DrainedOutcome(removed=sum(before[s] - after[s] for s in pending), delayed=delayed)


async def _obliterate(queue: Queue, options: ActionOptions) -> ObliteratedOutcome:
    try:
        await queue.obliterate(force=bool(options.get("force", False)))
    except Exception as exc:  # "Cannot obliterate queue with active jobs"
        raise Conflict(f"{exc}; pass options.force=true to obliterate anyway") from None
    return ObliteratedOutcome(obliterated=True)


async def _pause(queue: Queue, _: ActionOptions) -> PausedOutcome:
    await queue.pause()
    return PausedOutcome(paused=bool(await queue.isPaused()))


async def _resume(queue: Queue, _: ActionOptions) -> PausedOutcome:
    await queue.resume()
    return PausedOutcome(paused=bool(await queue.isPaused()))


QueueActionFn = Callable[[Queue, ActionOptions], Awaitable[QueueActionOutcome]]
QUEUE_ACTIONS: dict[str, QueueActionFn] = {
    "pause": _pause,
    "resume": _resume,
    "clean": _clean,
    "retry-failed": _retry_failed,
    "promote": _promote,
    "drain": _drain,
    "obliterate": _obliterate,
}


async def queue_action(
    registry: QueueRegistry, name: str, action: QueueActionName, options: ActionOptions
) -> QueueActionOutcome:
    queue = get_queue(registry, name)
    if action in DESTRUCTIVE_ACTIONS and options.get("confirm") != name:
        raise ConfirmationRequired(
            f"{action} removes jobs for good: repeat the queue name in options.confirm ({name!r}) to confirm"
        )
    return await QUEUE_ACTIONS[action](queue, options)


Outcome = TypeVar("Outcome", bound=ActionOutcome)


async def audited(
    redis: aioredis.Redis,
    actor: str,
    action: str,
    queue_name: str | None,
    options: ActionOptions,
    operation: Callable[[], Awaitable[Outcome]],
) -> Outcome:
    """Run an operator action and audit it, whether it succeeds or fails."""

    async def record(result: dict[str, Any], *, ok: bool = True) -> None:
        await audit.record(
            redis, actor=actor, action=action, queue=queue_name, options=dict(options), result=result, ok=ok
        )

    started = time.perf_counter()
    try:
        outcome = await operation()
    except Exception as exc:
        await record({"error": exc.message if isinstance(exc, TheSetError) else type(exc).__name__}, ok=False)
        raise
    outcome = outcome.model_copy(update={"ms": round((time.perf_counter() - started) * 1000, 1)})
    await record(outcome.model_dump(mode="json"))
    return outcome


def queue_policy(name: str) -> QueuePolicyOut:
    cfg = queue_config(name)
    return QueuePolicyOut(
        concurrency=effective_concurrency(name),
        attempts=cfg.attempts,
        backoff_ms=cfg.backoff_ms,
        timeout_s=cfg.timeout_s,
        default_priority=cfg.default_priority,
    )


# --- audited operator actions: one implementation for the JSON API and the console ------------------
async def audited_queue_action(
    redis: aioredis.Redis, actor: str, name: str, action: QueueActionName, options: ActionOptions
) -> QueueActionOutcome:
    return await audited(
        redis, actor, action, name, options, lambda: queue_action(get_registry(), name, action, options)
    )


async def audited_job_action(
    redis: aioredis.Redis, actor: str, name: str, job_id: str, action: JobActionName
) -> JobActionOutcome:
    async def operation() -> JobActionOutcome:
        return await job_action(get_registry(), name, job_id, action)

    return await audited(redis, actor, f"job-{action}", name, {"jobId": job_id}, operation)


async def audited_rerun(
    redis: aioredis.Redis, actor: str, session: AsyncSession, artist_id: uuid.UUID
) -> RerunOutcome:
    from theset.admin import import_console

    async def operation() -> RerunOutcome:
        return await import_console.rerun_import(session, artist_id)

    return await audited(redis, actor, "import-rerun", None, {"artistId": str(artist_id)}, operation)
