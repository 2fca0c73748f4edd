"""A bullmq Worker that runs its jobs the way Node's bullmq does: one loop per concurrency slot, each
finished job handing back the next one in the same Redis round trip.

bullmq-Python's own `Worker.run` fetches every job with a separate `moveToActive` call after a
`moveToFinished(fetch_next=False)`, and dispatches through one `asyncio.wait(FIRST_COMPLETED)` over all
in-flight tasks, which costs O(concurrency) per job. Measured here that capped a worker near 2k no-op
jobs/s whatever its concurrency (`bench/bench_queue.py`). This subclass keeps everything else of the
library — the Lua scripts, locks and their renewal, stalled-job checks, job schedulers, pause and close —
and replaces only the dispatch loop:

- `concurrency` slot coroutines; a slot that finishes a job asks `moveToFinished` for the next one
  (`fetch_next`, exactly as Node's worker does), so a busy slot costs one script call per job;
- when the queue runs dry exactly one slot blocks on the queue's marker (as bullmq does); idle slots sleep
  until a slot that got a job wakes one more, so a burst ramps every slot up without a thundering herd.
"""

from __future__ import annotations

import asyncio
import collections
import functools
import json
import time
import types
from typing import Any

import bullmq.job
import orjson
from bullmq import Job, Worker
from bullmq.custom_errors import DelayedError, UnrecoverableError, WaitingChildrenError
from bullmq.timer import Timer


def _loads(text: str | bytes) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # what orjson refuses and json accepts (NaN, Infinity)
        return json.loads(text)


def use_fast_job_parsing() -> None:
    """Parse job hashes with orjson: `Job.fromJSON` decodes four JSON fields per job with the standard
    library, 15 % of a no-op job's cost here (bench/bench_queue.py). Same results, json staying the
    fallback for what orjson rejects (NaN), except integers beyond 64 bits, which orjson reads as floats:
    no producer of ours writes those, and Node's (JSON.stringify) cannot. Idempotent."""
    bullmq.job.json = types.SimpleNamespace(loads=_loads, dumps=json.dumps)


SLOT_ERROR_PAUSE_S = 0.5


class SlotWorker(Worker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_fast_job_parsing()
        self._idle: collections.deque[asyncio.Future[None]] = collections.deque()
        self._tokens = 0

    # --- the dispatch loop -----------------------------------------------------------------------
    async def run(self) -> None:
        if self.running:  # type: ignore[has-type]  # (bullmq is untyped)
            raise RuntimeError("Worker is already running")
        await self._ensure_client_names()
        self.lockManager.start()
        self.stalledCheckTimer = Timer(
            self.opts["stalledInterval"] / 1000, self.runStalledJobsCheck, self.emit
        )
        self.running = True
        try:
            while not self.closing:
                if self.paused:
                    await self.resume_event.wait()
                    continue
                slots = {asyncio.ensure_future(self._slot()) for _ in range(int(self.opts["concurrency"]))}
                self.processing = slots
                await asyncio.wait(slots)  # slots end only on pause or close
        finally:
            self.running = False
            if not self.closing:  # cancelled from outside: do not leave slots or the lock timer behind
                for slot in self.processing:
                    slot.cancel()
                if self.processing:
                    await asyncio.gather(*self.processing, return_exceptions=True)
            if self.stalledCheckTimer is not None:
                self.stalledCheckTimer.stop()
            await self.lockManager.close()

    def _stopping(self) -> bool:
        return self.closing or self.paused

    async def _slot(self) -> None:
        try:
            job: Job | None = None
            # A job already fetched is run even when a pause or close came in meanwhile: moveToFinished
            # may have locked the next job just before `_stopping()` turned true, and dropping it would
            # strand it in `active` until a stalled-job check (at the cost of a stall count).
            while job is not None or not self._stopping():
                try:
                    job = await (self._next_job() if job is None else self.processJob(job, job.token))
                except Exception as err:  # a slot must not die quietly: the worker would lose concurrency
                    self.emit("error", err)
                    job = None
                    await asyncio.sleep(SLOT_ERROR_PAUSE_S)
        finally:
            self._wake_all()  # idle slots must see the pause/close too

    def _token(self) -> str:
        self._tokens += 1
        return f"{self.id}:{self._tokens}"

    async def _next_job(self) -> Job | None:
        """A job for this slot, or None when the worker is pausing or closing."""
        while not self._stopping():
            token = self._token()
            job = await self.retryIfFailed(
                functools.partial(self.moveToActive, token),
                # connection errors wait and retry; others are reported and read as "no job yet"
                {"delay_in_ms": self.opts["runRetryDelay"], "only_emit_error": True},
            )
            if job is not None:
                self._wake_one()  # there may be more where this came from
                self.emit("active", job, "waiting")
                return job
            if self.waiting is None:
                await self._block_until_marker()
            else:
                await self._sleep_until_woken()
        return None

    async def _block_until_marker(self) -> None:
        """Exactly one slot waits on Redis for the queue's next marker (a new or due job)."""
        self.waiting = asyncio.ensure_future(self.waitForJob())
        try:
            self.blockUntil = await self.waiting
        except asyncio.CancelledError:
            if not self._stopping():
                raise
        except Exception as err:  # connection trouble: waitForJob already slept briefly; try again
            self.emit("error", err)
        finally:
            self.waiting = None

    async def _sleep_until_woken(self) -> None:
        woken: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._idle.append(woken)
        await woken

    def _wake_one(self) -> None:
        while self._idle:
            woken = self._idle.popleft()
            if not woken.done():
                woken.set_result(None)
                return

    def _wake_all(self) -> None:
        while self._idle:
            woken = self._idle.popleft()
            if not woken.done():
                woken.set_result(None)

    async def close(self, force: bool = False) -> None:
        self.closing = True  # before waking, so the woken slots see it and end
        self._wake_all()
        await super().close(force)

    # --- one job ---------------------------------------------------------------------------------
    async def processJob(self, job: Job, token: str) -> Job | None:
        """Run one job; on success return the next job fetched by the same `moveToFinished` call."""
        next_job: Job | None = None
        try:
            self._apply_worker_retention(job)
            self.jobs.add((job, token))
            controller = self.lockManager.track_job(
                job.id, token, int(time.time() * 1000), should_create_controller=self._processor_wants_signal
            )
            if job.deferredFailure:
                await job.moveToFailed(UnrecoverableError(job.deferredFailure), token)
                self.emit("failed", job, UnrecoverableError(job.deferredFailure))
                return None
            if controller is not None:
                result = await self.processor(job, token, controller.signal)
            else:
                result = await self.processor(job, token)
            if not self.forceClosing:
                next_job = await self._complete(job, result, token)
            self.emit("completed", job, result)
        except (DelayedError, WaitingChildrenError):
            return None
        except Exception as err:
            try:
                if not self.forceClosing:
                    await job.moveToFailed(err, token)
                self.emit("failed", job, err)
            except Exception as move_err:
                self.emit("error", move_err, job)
        finally:
            self.jobs.discard((job, token))
            self.lockManager.untrack_job(job.id)
        return next_job

    def _apply_worker_retention(self, job: Job) -> None:
        for option in ("removeOnComplete", "removeOnFail"):
            if option not in job.opts and option in self.opts:
                job.opts[option] = self.opts[option]

    async def _complete(self, job: Job, result: Any, token: str) -> Job | None:
        finished = await self.backend.moveToCompleted(
            job, result, job.opts.get("removeOnComplete", False), token, fetch_next=not self._stopping()
        )
        job.returnvalue = result
        job.attemptsMade = job.attemptsMade + 1
        # [job data, id, rate-limit ms, next delayed timestamp]; all empty when nothing was fetched
        job_data, job_id, limit_until, delay_until = finished["result"] or (None, None, 0, 0)
        # moveToFinished locks the next job with the finished job's token, as Node's worker relies on;
        # with no job, this still records the drained state and the next delayed job's due time
        next_job = await self.nextJobFromJobData(
            job_data, job_id, limit_until or 0, delay_until or 0, token=token
        )
        if next_job is not None:
            self.emit("active", next_job, "waiting")
        return next_job
