from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from theset.core import queue_names as q
from theset.core.queues import PRIORITY_BACKGROUND, PRIORITY_USER, get_registry
from theset.core.tasks import JobContext, task
from theset.worker import WorkerProcess, run_until_drained

pytestmark = pytest.mark.usefixtures("redis_client")
SEEN: list[Any] = []


@task(q.CLEANUP, "test-record")
async def _record(ctx: JobContext, data: dict[str, Any]) -> str:
    SEEN.append(data["value"])
    return f"got {data['value']}"


@task(q.CLEANUP, "test-slow")
async def _slow(ctx: JobContext, data: dict[str, Any]) -> str:
    SEEN.append(("start", data["value"]))
    await asyncio.sleep(float(data["seconds"]))
    SEEN.append(("end", data["value"]))
    return "done"


@task(q.CLEANUP, "test-boom")
async def _boom(ctx: JobContext, data: dict[str, Any]) -> None:
    raise ValueError("upstream said no")


@pytest.fixture(autouse=True)
def _reset_seen() -> None:
    SEEN.clear()


async def _state(job_id: str) -> str:
    return str(await get_registry().get(q.CLEANUP).getJobState(job_id))


async def test_registered_task_runs_and_stores_its_result() -> None:
    job_id = await get_registry().add(q.CLEANUP, "test-record", {"value": 42})
    await run_until_drained([q.CLEANUP], timeout_s=20)
    assert SEEN == [42]
    job = await get_registry().get(q.CLEANUP).getJob(job_id)
    assert job is not None and job.returnvalue == "got 42"


async def test_unknown_job_name_fails_without_retrying() -> None:
    job_id = await get_registry().add(q.CLEANUP, "no-such-task", {})
    await run_until_drained([q.CLEANUP], timeout_s=20)
    job = await get_registry().get(q.CLEANUP).getJob(job_id)
    assert await _state(job_id) == "failed"
    assert job is not None and "no task 'no-such-task'" in job.failedReason
    assert job.attemptsMade == 1


async def test_failing_job_retries_with_backoff_then_stays_failed() -> None:
    job_id = await get_registry().add(
        q.CLEANUP, "test-boom", {}, attempts=2, backoff={"type": "fixed", "delay": 50}
    )
    await run_until_drained([q.CLEANUP], timeout_s=20)
    job = await get_registry().get(q.CLEANUP).getJob(job_id)
    assert await _state(job_id) == "failed"
    assert job is not None and job.attemptsMade == 2 and "upstream said no" in job.failedReason
    assert job.stacktrace and "ValueError" in job.stacktrace[-1]


async def test_user_priority_runs_before_background() -> None:
    registry = get_registry()
    await registry.add(q.CLEANUP, "test-record", {"value": "background-1"}, priority=PRIORITY_BACKGROUND)
    await registry.add(q.CLEANUP, "test-record", {"value": "background-2"}, priority=PRIORITY_BACKGROUND)
    await registry.add(q.CLEANUP, "test-record", {"value": "fan"}, priority=PRIORITY_USER)
    await run_until_drained([q.CLEANUP], timeout_s=20)
    assert SEEN[0] == "fan"


async def test_same_job_id_collapses_duplicates() -> None:
    registry = get_registry()
    first = await registry.add(q.CLEANUP, "test-record", {"value": 1}, job_id="import:abc")
    second = await registry.add(q.CLEANUP, "test-record", {"value": 2}, job_id="import:abc")
    assert first == second == "import:abc"
    await run_until_drained([q.CLEANUP], timeout_s=20)
    assert SEEN == [1]


async def test_idle_worker_picks_up_a_new_job_promptly() -> None:
    """redis-py 8's socket_timeout=5 made idle workers take ~15 s to notice work (queue-eval.md)."""
    process = WorkerProcess([q.CLEANUP])
    await process.start()
    try:
        await asyncio.sleep(6.5)  # idle past a 5 s socket timeout and a full drainDelay
        added = time.monotonic()
        await get_registry().add(q.CLEANUP, "test-record", {"value": "late"})
        while not SEEN:
            assert time.monotonic() - added < 2.0, "idle worker did not pick up the job within 2 s"
            await asyncio.sleep(0.01)
    finally:
        await process.stop(timeout_s=5)


async def test_graceful_stop_lets_in_flight_jobs_finish() -> None:
    process = WorkerProcess([q.CLEANUP])
    await process.start()
    job_id = await get_registry().add(q.CLEANUP, "test-slow", {"value": "a", "seconds": 1.0})
    while ("start", "a") not in SEEN:
        await asyncio.sleep(0.01)
    await process.stop(timeout_s=10)
    assert ("end", "a") in SEEN
    assert await _state(job_id) == "completed"


async def test_stop_after_timeout_hands_the_job_back_unharmed() -> None:
    process = WorkerProcess([q.CLEANUP])
    await process.start()
    job_id = await get_registry().add(q.CLEANUP, "test-slow", {"value": "b", "seconds": 30})
    while ("start", "b") not in SEEN:
        await asyncio.sleep(0.01)
    await process.stop(timeout_s=0.3)
    assert ("end", "b") not in SEEN
    job = await get_registry().get(q.CLEANUP).getJob(job_id)
    assert await _state(job_id) in {"waiting", "prioritized", "delayed"}
    assert job is not None and job.attemptsMade == 0  # handing back does not use up an attempt


async def test_queue_concurrency_setting_reaches_the_worker_and_every_job_runs_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from theset.core import config

    monkeypatch.setenv("QUEUE_CONCURRENCY_CLEANUP", "12")
    config.reset_settings_cache()
    registry = get_registry()
    for i in range(30):
        await registry.add(q.CLEANUP, "test-record", {"value": i})
    process = WorkerProcess([q.CLEANUP])
    await process.start()
    try:
        assert process.workers[q.CLEANUP].opts["concurrency"] == 12
        while len(SEEN) < 30:
            await asyncio.sleep(0.01)
    finally:
        await process.stop(timeout_s=5)
    assert sorted(SEEN) == list(range(30))


async def test_only_live_heartbeats_count_as_workers_for_imports(redis_client: Any) -> None:
    import orjson

    from theset.core.queues import heartbeat_key
    from theset.imports.cli import _workers_for_imports

    crashed = {"queues": [q.ARTIST_IMPORT], "at": time.time() - 600, "ttl": 30}
    await redis_client.hset(heartbeat_key(), "crashed", orjson.dumps(crashed).decode())
    assert await _workers_for_imports() is False, "a SIGKILLed worker's leftover beat is not a worker"
    live = {"queues": [q.CLEANUP], "at": time.time(), "ttl": 30}
    await redis_client.hset(heartbeat_key(), "other-queues", orjson.dumps(live).decode())
    assert await _workers_for_imports() is False
    await redis_client.hset(
        heartbeat_key(), "live", orjson.dumps({**live, "queues": [q.ARTIST_IMPORT]}).decode()
    )
    assert await _workers_for_imports() is True
