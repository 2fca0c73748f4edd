"""Recurring jobs: exactly one BullMQ job scheduler per schedule, however many workers start."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from theset.core import queue_names as q
from theset.core.queues import get_registry
from theset.core.schedules import SCHEDULES, Schedule, register_schedules, schedules_by_queue
from theset.core.tasks import JobContext, task
from theset.worker import WorkerProcess

pytestmark = pytest.mark.usefixtures("redis_client")
TICKS: list[int] = []


@task(q.CLEANUP, "schedule-test-tick")
async def _tick(ctx: JobContext, data: dict[str, Any]) -> None:
    TICKS.append(data["n"])


async def _assert_exactly_one_each() -> None:
    registry = get_registry()
    for queue_name, declared in schedules_by_queue().items():
        queue = registry.get(queue_name)
        assert await queue.getJobSchedulersCount() == len(declared), queue_name
        stored = {s["key"]: s for s in await queue.getJobSchedulers()}
        for schedule in declared:
            assert stored[schedule.id]["pattern"] == schedule.pattern
            assert stored[schedule.id]["name"] == schedule.job_name
            assert stored[schedule.id]["tz"] == "UTC"
            assert stored[schedule.id]["next"] > 0
        # one pending next-run job per scheduler, nothing else
        delayed = await queue.getJobs(["delayed", "waiting", "prioritized"])
        assert sorted(j.repeatJobKey for j in delayed) == sorted(s.id for s in declared)


def test_the_declared_schedules() -> None:
    by_id = {s.id: s for s in SCHEDULES}
    assert (
        by_id["trending-hourly"].pattern == "0 * * * *" and by_id["trending-hourly"].queue == q.TRENDING_CALC
    )
    assert by_id["sync-active-artists"].pattern == "0 */6 * * *"
    assert by_id["deep-sync-trending"].pattern == "0 3 * * *"
    assert by_id["sync-past-setlists"].queue == q.SETLIST_SYNC
    assert by_id["weekly-cleanup"].pattern.endswith("* * 0")
    assert (
        by_id["lock-started-shows"].queue == q.VOTE_EVENTS
        and by_id["lock-started-shows"].pattern == "* * * * *"
    )
    assert len(by_id) == len(SCHEDULES) == 6


async def test_concurrent_registration_and_restarts_leave_one_scheduler_each() -> None:
    await asyncio.gather(*(register_schedules() for _ in range(5)))
    await _assert_exactly_one_each()
    await register_schedules()  # a restart
    await asyncio.gather(*(register_schedules() for _ in range(3)))
    await _assert_exactly_one_each()


async def test_worker_start_registers_the_schedules() -> None:
    workers = [WorkerProcess([q.CLEANUP], register_schedules=True) for _ in range(3)]
    await asyncio.gather(*(w.start() for w in workers))
    try:
        await _assert_exactly_one_each()
    finally:
        await asyncio.gather(*(w.stop(timeout_s=5) for w in workers))


async def test_schedule_template_carries_priority_and_retry_policy() -> None:
    await register_schedules()
    [job] = await get_registry().get(q.TRENDING_CALC).getJobs(["delayed"])
    assert job.name == "calculate-trending"
    assert job.opts["priority"] == 10 and job.opts["attempts"] >= 1
    assert job.opts["backoff"]["type"] == "exponential"


async def test_undeclared_schedulers_on_managed_queues_are_removed() -> None:
    queue = get_registry().get(q.CLEANUP)
    await queue.upsertJobScheduler("renamed-long-ago", {"pattern": "0 5 * * *"}, job_name="weekly-cleanup")
    await register_schedules()
    assert not await queue.isJobScheduler("renamed-long-ago")
    await _assert_exactly_one_each()


async def test_a_changed_pattern_updates_the_scheduler_in_place() -> None:
    await register_schedules()
    changed = tuple(
        Schedule(s.id, s.queue, s.job_name, "30 2 * * *", s.data) if s.id == "deep-sync-trending" else s
        for s in SCHEDULES
    )
    await register_schedules(schedules=changed)
    queue = get_registry().get(q.SCHEDULED_SYNC)
    assert await queue.getJobSchedulersCount() == 2
    assert (await queue.getJobScheduler("deep-sync-trending"))["pattern"] == "30 2 * * *"


async def test_a_scheduler_keeps_firing_through_the_worker() -> None:
    """The worker materialises each next iteration (bullmq-python issue #4483 was a one-shot)."""
    TICKS.clear()
    every_second = (Schedule("tick", q.CLEANUP, "schedule-test-tick", "* * * * * *", {"n": 1}),)
    await register_schedules(schedules=every_second)
    worker = WorkerProcess([q.CLEANUP], drain_delay_s=1)
    await worker.start()
    try:
        for _ in range(300):  # a 30 s guard; two ticks of a per-second schedule take about two
            if len(TICKS) >= 2:
                break
            await asyncio.sleep(0.1)
    finally:
        await worker.stop(timeout_s=5)
    assert len(TICKS) >= 2
    assert await get_registry().get(q.CLEANUP).getJobSchedulersCount() == 1
