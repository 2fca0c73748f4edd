"""Recurring jobs, declared once and registered idempotently as BullMQ job schedulers.

`register_schedules()` runs at every worker start. `upsertJobScheduler` is keyed by the schedule id
and runs as one Lua script, so any number of workers starting at once (or restarting) leave exactly
one scheduler per schedule, with one pending next-run job. Schedulers on these queues that are no
longer declared here are removed, so renaming a schedule does not leave a ghost running.
Cron patterns are five-field and evaluated in UTC. (The `repeat` option on `add()` is silently ignored
by bullmq for Python, hence schedulers.)
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from theset.core import queue_names as q
from theset.core.logging import get_logger
from theset.core.queues import PRIORITY_BACKGROUND, QueueRegistry, get_registry, queue_config

log = get_logger(__name__)
SCHEDULE_TZ = "UTC"


@dataclass(frozen=True)
class Schedule:
    id: str
    queue: str
    job_name: str
    pattern: str
    data: dict[str, Any] = field(default_factory=dict)
    priority: int = PRIORITY_BACKGROUND
    description: str = ""

    def job_options(self) -> dict[str, Any]:
        return {**queue_config(self.queue).job_options(), "priority": self.priority}


SCHEDULES: tuple[Schedule, ...] = (
    Schedule(
        "trending-hourly",
        q.TRENDING_CALC,
        "calculate-trending",
        "0 * * * *",
        description="Recompute artists.trending_score and the cached top 50",
    ),
    Schedule(
        "sync-active-artists",
        q.SCHEDULED_SYNC,
        "sync-active-artists",
        "0 */6 * * *",
        description="Refresh imported artists not synced for 6 h",
    ),
    Schedule(
        "deep-sync-trending",
        q.SCHEDULED_SYNC,
        "deep-sync-trending",
        "0 3 * * *",
        data={"limit": 50},
        description="Deep re-sync of the top trending artists, daily at 03:00 UTC",
    ),
    Schedule(
        "sync-past-setlists",
        q.SETLIST_SYNC,
        "sync-past-setlists",
        "15 * * * *",
        description="Fetch actual setlists for shows whose date has passed",
    ),
    Schedule(
        "lock-started-shows",
        q.VOTE_EVENTS,
        "lock-started-shows",
        "* * * * *",
        description="Lock the predicted setlists of shows that started or were cancelled (votes/tasks.py)",
    ),
    Schedule(
        "weekly-cleanup",
        q.CLEANUP,
        "weekly-cleanup",
        "0 4 * * 0",
        description="Old job data, stale import statuses, worker heartbeats (Sundays 04:00 UTC)",
    ),
)


def schedules_by_queue() -> dict[str, list[Schedule]]:
    grouped: dict[str, list[Schedule]] = {}
    for schedule in SCHEDULES:
        grouped.setdefault(schedule.queue, []).append(schedule)
    return grouped


async def _upsert(registry: QueueRegistry, schedule: Schedule) -> bool:
    queue = registry.get(schedule.queue)
    try:
        await queue.upsertJobScheduler(
            schedule.id,
            {"pattern": schedule.pattern, "tz": SCHEDULE_TZ},
            job_name=schedule.job_name,
            job_data=schedule.data,
            opts=schedule.job_options(),
        )
    except Exception as exc:
        # bullmq refuses an upsert whose next-run job id is taken by a job that is running right now
        # (SchedulerJobIdCollision); the scheduler itself already exists then, so carry on.
        if await queue.isJobScheduler(schedule.id):
            log.warning("schedule kept as is", schedule=schedule.id, reason=str(exc)[:200])
            return False
        raise
    return True


async def _prune(registry: QueueRegistry, queue_name: str, declared: set[str]) -> list[str]:
    queue = registry.get(queue_name)
    removed = []
    for scheduler in await queue.getJobSchedulers():
        key = str(scheduler.get("key"))
        if key not in declared:
            await queue.removeJobScheduler(key)
            removed.append(key)
    return removed


async def register_schedules(
    registry: QueueRegistry | None = None, schedules: tuple[Schedule, ...] = SCHEDULES
) -> list[str]:
    """Upsert every declared schedule and remove undeclared ones on the same queues. Idempotent."""
    registry = registry or get_registry()
    for name in {s.queue for s in schedules}:
        await registry.bound_events(name)
    await asyncio.gather(*(_upsert(registry, s) for s in schedules))
    removed: list[str] = []
    for queue_name in sorted({s.queue for s in schedules}):
        declared = {s.id for s in schedules if s.queue == queue_name}
        removed += await _prune(registry, queue_name, declared)
    if removed:
        log.info("undeclared schedules removed", schedules=removed)
    log.info("schedules registered", count=len(schedules))
    return [s.id for s in schedules]


async def missing_schedules(registry: QueueRegistry | None = None) -> list[Schedule]:
    registry = registry or get_registry()
    return [s for s in SCHEDULES if not await registry.get(s.queue).isJobScheduler(s.id)]


async def reassert_schedules(registry: QueueRegistry | None = None) -> list[str]:
    """Register the schedules again if any is missing (Redis lost its data); idempotent, cheap otherwise:
    one EXISTS-like read per schedule."""
    missing = await missing_schedules(registry)
    if missing:
        log.warning("schedules missing; registering them again", schedules=[s.id for s in missing])
        await register_schedules(registry)
    return [s.id for s in missing]


async def list_schedulers(registry: QueueRegistry | None = None) -> list[dict[str, Any]]:
    """Every scheduler on every queue, with its next run (epoch ms) and its declaration, if any."""
    registry = registry or get_registry()
    declared = {(s.queue, s.id): s for s in SCHEDULES}
    rows: list[dict[str, Any]] = []
    for queue_name in q.QUEUE_NAMES:
        for scheduler in await registry.get(queue_name).getJobSchedulers(0, -1, True):
            key = str(scheduler.get("key"))
            spec = declared.get((queue_name, key))
            rows.append(
                {
                    "id": key,
                    "queue": queue_name,
                    "jobName": scheduler.get("name"),
                    "pattern": scheduler.get("pattern"),
                    "every": scheduler.get("every"),
                    "tz": scheduler.get("tz"),
                    "next": scheduler.get("next"),
                    "iterationCount": scheduler.get("iterationCount"),
                    "data": (scheduler.get("template") or {}).get("data"),
                    "declared": spec is not None,
                    "description": spec.description if spec else "",
                }
            )
    return rows
