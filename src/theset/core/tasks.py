"""Task registry: `@task(queue, name)` binds a coroutine to a job name on a queue.

Tasks take ids in `data`, open their own session, and are idempotent; the worker looks them up by
(queue, job name). Domain modules register on import; the worker's `theset.worker_tasks` lists them.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from bullmq import DelayedError, Job, UnrecoverableError

from theset.core.http import UpstreamAuthError, UpstreamBadRequest, UpstreamNotFound, UpstreamRateLimited
from theset.core.queues import queue_config

TaskFn = Callable[["JobContext", dict[str, Any]], Awaitable[Any]]

_TASKS: dict[tuple[str, str], TaskFn] = {}


@dataclass
class JobContext:
    job: Job
    queue_name: str
    token: str = ""

    @property
    def job_id(self) -> str:
        return str(self.job.id)

    @property
    def attempt(self) -> int:
        return int(getattr(self.job, "attemptsMade", 0)) + 1

    async def progress(self, value: int | dict[str, Any]) -> None:
        await self.job.updateProgress(value)

    async def log(self, line: str) -> None:
        await self.job.log(line)

    async def defer_until(self, epoch_s: float) -> NoReturn:
        """Park the job until `epoch_s` without spending an attempt (an upstream said "not now")."""
        await self.job.moveToDelayed(int(max(epoch_s, time.time() + 1) * 1000), self.token)
        raise DelayedError()

    async def settle_upstream_error(self, exc: Exception, message: str | None = None) -> NoReturn:
        """How every job that calls an upstream ends on an error: "not now" (429, spent quota, a shared
        pause) parks it without spending an attempt; an error no retry can fix fails it for good;
        anything else goes to bullmq's retries."""
        if (when := upstream_retry_at(exc)) is not None and self.token:
            await self.defer_until(when)
        if is_permanent(exc):
            raise UnrecoverableError(message or str(exc)[:500]) from exc
        raise exc


def uuid_field(data: dict[str, Any], key: str) -> uuid.UUID:
    """A job's id field; a malformed one fails the job for good (no retry can fix it)."""
    try:
        return uuid.UUID(str(data.get(key)))
    except ValueError:
        raise UnrecoverableError(f"{key} is not a UUID: {str(data.get(key))[:80]!r}") from None


def upstream_retry_at(exc: BaseException) -> float | None:
    """The epoch second an upstream that said "not now" may be called again (None: it did not say so).
    A local wait that would be too long reaches jobs as UpstreamRateLimited too (core/http.py)."""
    return exc.retry_at if isinstance(exc, UpstreamRateLimited) and exc.retry_at else None


def is_permanent(exc: BaseException) -> bool:
    """The upstream does not know the thing, or our request or credentials are wrong."""
    return isinstance(exc, UpstreamNotFound | UpstreamBadRequest | UpstreamAuthError)


def task(queue_name: str, job_name: str) -> Callable[[TaskFn], TaskFn]:
    queue_config(queue_name)

    def register(fn: TaskFn) -> TaskFn:
        key = (queue_name, job_name)
        if key in _TASKS and _TASKS[key] is not fn:
            raise ValueError(f"task {job_name!r} already registered on {queue_name!r}")
        _TASKS[key] = fn
        return fn

    return register


def lookup(queue_name: str, job_name: str) -> TaskFn | None:
    return _TASKS.get((queue_name, job_name))


def queues_with_tasks() -> list[str]:
    return sorted({queue for queue, _ in _TASKS})


def registered() -> dict[tuple[str, str], TaskFn]:
    return dict(_TASKS)
