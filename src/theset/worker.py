"""The worker process: one bullmq Worker (core/slot_worker.py) per queue, graceful shutdown, heartbeat.

Shutdown on SIGTERM/SIGINT: stop taking jobs, let in-flight jobs finish for up to
WORKER_SHUTDOWN_TIMEOUT seconds, then hand the rest back to the queue (moved to wait without using an
attempt) so another worker resumes them at once instead of after a stalled-lock timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, NoReturn

import orjson
from bullmq import DelayedError, Job, UnrecoverableError

# Importing the worker's task list registers every task it runs (worker_tasks.TASK_MODULES).
from theset import worker_tasks  # noqa: F401
from theset.core import metrics, schedules, tasks
from theset.core.config import get_settings
from theset.core.logging import get_logger
from theset.core.queues import (
    PENDING_STATES,
    effective_concurrency,
    get_registry,
    heartbeat_key,
    queue_config,
)
from theset.core.redis import create_worker_redis, get_redis
from theset.core.slot_worker import SlotWorker

log = get_logger(__name__)
_stdlib_log = logging.getLogger(__name__)
HEARTBEAT_INTERVAL_S = 5.0
HEARTBEAT_TTL_S = 30
METRICS_FLUSH_INTERVAL_S = 1.0


# Connections a worker needs beyond one per job slot: the blocking marker wait, lock renewal, stalled checks.
EXTRA_CONNECTIONS = 3


class JobTimeout(Exception):
    """The job ran past its queue's timeout (distinct from a TimeoutError raised inside the task)."""


async def _with_timeout(work: Any, seconds: float) -> Any:
    scope = asyncio.timeout(seconds)
    try:
        async with scope:
            return await work
    except TimeoutError:
        if scope.expired():
            raise JobTimeout(f"job exceeded its {seconds:g}s timeout") from None
        raise


@dataclass
class InFlight:
    job: Job
    token: str
    task: asyncio.Task[Any]
    started: float = field(default_factory=time.monotonic)


class WorkerProcess:
    def __init__(
        self,
        queues: list[str],
        *,
        lock_duration_ms: int | None = None,
        stalled_interval_ms: int | None = None,
        drain_delay_s: int = 5,
        prefix: str | None = None,
        register_schedules: bool = False,
    ) -> None:
        settings = get_settings()
        self.queues = queues
        self.register_schedules = register_schedules
        self.prefix = prefix or settings.queue_prefix
        self.id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.workers: dict[str, SlotWorker] = {}
        self.inflight: dict[str, InFlight] = {}
        self.processed = 0
        self.failed = 0
        self._handing_back = False
        self._heartbeat: asyncio.Task[None] | None = None
        self._recovery: asyncio.Task[None] | None = None
        self._opts = {
            "lockDuration": lock_duration_ms or settings.worker_lock_duration_ms,
            "stalledInterval": stalled_interval_ms or settings.worker_stalled_interval_ms,
            "drainDelay": drain_delay_s,
        }

    # --- job execution ---------------------------------------------------------------------------
    def _processor(self, queue_name: str) -> Any:
        cfg = queue_config(queue_name)

        async def process(job: Job, token: str) -> Any:
            fn = tasks.lookup(queue_name, job.name)
            if fn is None:
                self.failed += 1
                await self._observe(queue_name, job, time.perf_counter(), f"no task {job.name!r}")
                raise UnrecoverableError(f"no task {job.name!r} registered on queue {queue_name!r}")
            if self._handing_back:  # fetched in the last moments of a shutdown past its timeout
                await self._hand_back(queue_name, job, token)
            ctx = tasks.JobContext(job=job, queue_name=queue_name, token=token)
            key = f"{queue_name}:{job.id}:{token}"
            started = time.perf_counter()
            # The task runs in the worker slot's own asyncio task (no extra task per job); that slot task
            # is what a shutdown past its timeout cancels to hand the job back.
            self.inflight[key] = InFlight(job, token, asyncio.current_task())  # type: ignore[arg-type]
            try:
                try:
                    result = await _with_timeout(fn(ctx, job.data or {}), cfg.timeout_s)
                finally:
                    self.inflight.pop(key, None)
            except asyncio.CancelledError:
                if not self._handing_back:
                    raise
                await self._hand_back(queue_name, job, token)
            except DelayedError:  # the task deferred itself (e.g. upstream 429): not a failure
                raise
            except JobTimeout:
                self.failed += 1
                await self._observe(queue_name, job, started, f"timed out after {cfg.timeout_s:g}s")
                raise
            except Exception as exc:
                self.failed += 1
                await self._observe(queue_name, job, started, f"{type(exc).__name__}: {exc}")
                log.warning("job failed", queue=queue_name, job_id=job.id, job=job.name, error=str(exc)[:500])
                raise
            self.processed += 1
            await self._observe(queue_name, job, started)
            if _stdlib_log.isEnabledFor(logging.DEBUG):  # a dropped structlog call still costs per job
                ms = round((time.perf_counter() - started) * 1000)
                log.debug("job done", queue=queue_name, job_id=job.id, ms=ms)
            return result

        return process

    async def _hand_back(self, queue_name: str, job: Job, token: str) -> NoReturn:
        """Back to the queue at once, without using an attempt, for another worker to resume."""
        await job.moveToDelayed(int(time.time() * 1000), token)
        log.warning("job handed back on shutdown", queue=queue_name, job_id=job.id, job=job.name)
        raise DelayedError()

    async def _observe(self, queue_name: str, job: Job, started: float, error: str | None = None) -> None:
        """Metrics hook (core/metrics.py). A failed attempt is also written to the job's log, so a dead
        letter keeps its whole attempt history next to bullmq's per-attempt stack traces."""
        outcome = "failed" if error else "completed"
        metrics.observe_job(queue_name, job.name, outcome, time.perf_counter() - started)
        if error:
            at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            attempt = f"{int(job.attemptsMade) + 1}/{job.opts.get('attempts', 1)}"
            with contextlib.suppress(Exception):
                await job.log(f"{at} attempt {attempt} failed: {error[:500]}")

    # --- lifecycle -------------------------------------------------------------------------------
    async def _start_worker(self, name: str) -> SlotWorker:
        concurrency = effective_concurrency(name)
        opts: dict[str, Any] = {
            **self._opts,
            "connection": create_worker_redis(concurrency + EXTRA_CONNECTIONS),
            "prefix": self.prefix,
            "concurrency": concurrency,
            "name": self.id,
        }
        worker = SlotWorker(name, self._processor(name), opts)
        # Without knowing the server version bullmq rounds block timeouts (and so delays and
        # backoffs) up to whole seconds.
        if worker.blockingRedisConnection is not None:
            await worker.blockingRedisConnection.getRedisVersion()
        worker.on("error", lambda err, *_: log.error("worker error", error=str(err)))
        return worker

    async def start(self) -> None:
        for name in self.queues:
            self.workers[name] = await self._start_worker(name)
        self._heartbeat = asyncio.ensure_future(self._heartbeat_loop())
        metrics.start_worker_exporter()
        if self.register_schedules:
            try:
                await schedules.register_schedules()
            except Exception as exc:  # jobs still run; the recovery loop retries the registration
                log.error("schedules not registered", error=str(exc)[:500])
            await self.recover()
            self._recovery = asyncio.ensure_future(self._recovery_loop())
        log.info("worker started", worker_id=self.id, queues=self.queues)

    async def recover(self) -> None:
        """Make Redis match PostgreSQL again after it lost data: schedulers back, orphaned runs requeued.
        A timer in every worker rather than a scheduled job: the schedules are what may have vanished."""
        from theset.imports.recovery import requeue_orphaned_runs

        for name, step in (
            ("schedules", schedules.reassert_schedules),
            ("orphaned runs", requeue_orphaned_runs),
        ):
            try:
                await step()
            except Exception as exc:  # Redis or PostgreSQL down: the next round tries again
                log.warning("recovery step failed", step=name, error=str(exc)[:300])

    async def _recovery_loop(self) -> None:
        while True:
            await asyncio.sleep(get_settings().recovery_interval_seconds)
            await self.recover()

    async def stop(self, timeout_s: float | None = None) -> None:
        timeout_s = get_settings().worker_shutdown_timeout if timeout_s is None else timeout_s
        log.info("worker stopping", worker_id=self.id, in_flight=len(self.inflight), timeout_s=timeout_s)
        if self._recovery is not None:  # no re-enqueueing while this worker hands its jobs back
            self._recovery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._recovery
        closing = asyncio.ensure_future(asyncio.gather(*(w.close() for w in self.workers.values())))
        done, _ = await asyncio.wait({closing}, timeout=timeout_s)
        if not done:
            self._handing_back = True
            for flight in list(self.inflight.values()):
                flight.task.cancel()
            await closing
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._heartbeat  # a flush it was in the middle of puts its counts back first
        await metrics.flush_minute_counts(get_redis())
        await get_redis().hdel(heartbeat_key(), self.id)  # type: ignore[misc]
        log.info("worker stopped", worker_id=self.id, processed=self.processed, failed=self.failed)

    async def _heartbeat_loop(self) -> None:
        """Heartbeat every few seconds; buffered per-minute job counts every second."""
        redis = get_redis()
        beats = 0
        while True:
            if beats % int(HEARTBEAT_INTERVAL_S / METRICS_FLUSH_INTERVAL_S) == 0:
                try:
                    beat = orjson.dumps(self.heartbeat()).decode()
                    await redis.hset(heartbeat_key(), self.id, beat)  # type: ignore[misc]
                except Exception as exc:  # a missed beat is not worth crashing the worker
                    log.warning("heartbeat failed", error=str(exc))
            await metrics.flush_minute_counts(redis)
            beats += 1
            await asyncio.sleep(METRICS_FLUSH_INTERVAL_S)

    def heartbeat(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "queues": self.queues,
            "in_flight": len(self.inflight),
            "processed": self.processed,
            "failed": self.failed,
            "at": time.time(),
            "ttl": HEARTBEAT_TTL_S,
        }


def resolve_queues(requested: list[str] | None) -> list[str]:
    available = tasks.queues_with_tasks()
    if not requested:
        return available
    unknown = [name for name in requested if name not in available]
    if unknown:
        raise ValueError(f"no tasks on queue(s): {', '.join(unknown)}; available: {', '.join(available)}")
    return requested


async def run_worker(queues: list[str] | None = None, *, shutdown_timeout: float | None = None) -> None:
    """Run until SIGTERM/SIGINT, then shut down gracefully."""
    process = WorkerProcess(resolve_queues(queues), register_schedules=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await process.start()
    await stop.wait()
    await process.stop(shutdown_timeout)


async def pending_jobs(process: WorkerProcess) -> int:
    total = 0
    for name in process.queues:
        job_counts = await get_registry().get(name).getJobCounts(*PENDING_STATES)
        total += sum(job_counts.values())
    return total


async def run_until_drained(
    queues: list[str], *, timeout_s: float = 60.0, poll_s: float = 0.05
) -> WorkerProcess:
    """Burst mode: process until every listed queue has nothing pending, then stop.

    Used by tests, `theset worker --burst` and one-shot maintenance runs.
    """
    process = WorkerProcess(queues, drain_delay_s=1)
    await process.start()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    try:
        while await pending_jobs(process) > 0 or process.inflight:
            if loop.time() > deadline:
                raise TimeoutError(f"queues {queues} not drained within {timeout_s:g}s")
            await asyncio.sleep(poll_s)
    finally:
        await process.stop(timeout_s=5)
    return process
