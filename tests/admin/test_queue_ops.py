"""Queue operations through the admin API against real Redis and the in-process worker."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from theset.core import queue_names as q
from theset.core.queues import PRIORITY_BACKGROUND, PRIORITY_NORMAL, PRIORITY_USER, get_registry
from theset.core.tasks import JobContext, task
from theset.worker import run_until_drained

SEEN: list[Any] = []
FLAKY: dict[str, Any] = {"fail": True, "attempt_times": []}


@task(q.CLEANUP, "admin-test-record")
async def _record(ctx: JobContext, data: dict[str, Any]) -> str:
    SEEN.append(data["value"])
    return "ok"


@task(q.CLEANUP, "admin-test-flaky")
async def _flaky(ctx: JobContext, data: dict[str, Any]) -> str:
    FLAKY["attempt_times"].append(time.monotonic())
    await ctx.log(f"trying attempt {ctx.attempt}")
    if FLAKY["fail"]:
        raise RuntimeError(f"upstream exploded on attempt {ctx.attempt}")
    return "recovered"


@pytest.fixture(autouse=True)
def _reset() -> None:
    SEEN.clear()
    FLAKY.update(fail=True, attempt_times=[])


def _queue() -> Any:
    return get_registry().get(q.CLEANUP)


async def _action(client: httpx.AsyncClient, action: str, **options: Any) -> httpx.Response:
    return await client.post(
        "/api/admin/queues", json={"action": action, "queueName": q.CLEANUP, "options": options}
    )


async def test_overview_lists_every_queue_with_counts_and_policy(admin_client: httpx.AsyncClient) -> None:
    await get_registry().add(q.CLEANUP, "admin-test-record", {"value": 1})
    response = await admin_client.get("/api/admin/queues")
    assert response.status_code == 200
    queues = {row["name"]: row for row in response.json()["queues"]}
    assert set(queues) == set(q.QUEUE_NAMES)
    cleanup = queues[q.CLEANUP]
    assert cleanup["counts"]["prioritized"] == 1 and cleanup["paused"] is False
    assert cleanup["oldestWaitingMs"] is not None and cleanup["oldestWaitingMs"] >= 0
    assert len(cleanup["throughput"]["completed"]) == 60
    assert cleanup["policy"]["attempts"] >= 1


async def test_priority_user_before_normal_before_background(admin_client: httpx.AsyncClient) -> None:
    registry = get_registry()
    await registry.add(q.CLEANUP, "admin-test-record", {"value": "background"}, priority=PRIORITY_BACKGROUND)
    await registry.add(q.CLEANUP, "admin-test-record", {"value": "normal"}, priority=PRIORITY_NORMAL)
    await registry.add(q.CLEANUP, "admin-test-record", {"value": "fan"}, priority=PRIORITY_USER)
    await run_until_drained([q.CLEANUP], timeout_s=20)
    assert SEEN == ["fan", "normal", "background"]
    # and the per-minute counters the console draws from saw all three
    overview = (await admin_client.get(f"/api/admin/queues/{q.CLEANUP}")).json()
    assert overview["throughput"]["completed"][-1] + overview["throughput"]["completed"][-2] >= 3


async def test_exponential_backoff_then_dead_letter_then_retry_from_the_api(
    admin_client: httpx.AsyncClient,
) -> None:
    job_id = await get_registry().add(
        q.CLEANUP, "admin-test-flaky", {"k": "v"}, attempts=3, backoff={"type": "exponential", "delay": 200}
    )
    await run_until_drained([q.CLEANUP], timeout_s=30)
    times = FLAKY["attempt_times"]
    assert len(times) == 3
    assert times[1] - times[0] >= 0.19 and times[2] - times[1] >= 0.39  # 200 ms, then 400 ms

    failed = (await admin_client.get(f"/api/admin/queues/{q.CLEANUP}/jobs?state=failed&pageSize=5")).json()
    assert failed["total"] == 1 and failed["jobs"][0]["id"] == job_id
    detail = (await admin_client.get(f"/api/admin/queues/{q.CLEANUP}/jobs/{job_id}")).json()
    assert detail["state"] == "failed" and detail["attemptsMade"] == 3
    assert "upstream exploded on attempt 3" in detail["failedReason"]
    assert len(detail["stacktrace"]) == 3 and "RuntimeError" in detail["stacktrace"][-1]
    history = [line for line in detail["logs"] if "failed:" in line]
    assert [h.split(" attempt ")[1].split(" ")[0] for h in history] == ["1/3", "2/3", "3/3"]
    assert detail["data"] == {"k": "v"} and detail["opts"]["attempts"] == 3

    FLAKY["fail"] = False
    retried = await admin_client.post(f"/api/admin/queues/{q.CLEANUP}/jobs/{job_id}/retry")
    assert retried.status_code == 200 and retried.json()["result"]["previousState"] == "failed"
    await run_until_drained([q.CLEANUP], timeout_s=20)
    assert await _queue().getJobState(job_id) == "completed"
    again = await admin_client.post(f"/api/admin/queues/{q.CLEANUP}/jobs/{job_id}/promote")
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


async def test_bulk_retry_failed(admin_client: httpx.AsyncClient) -> None:
    for i in range(3):
        await get_registry().add(q.CLEANUP, "admin-test-flaky", {"i": i}, attempts=1)
    await run_until_drained([q.CLEANUP], timeout_s=20)
    assert await _queue().getFailedCount() == 3
    FLAKY["fail"] = False
    response = await _action(admin_client, "retry-failed")
    assert response.status_code == 200 and response.json()["result"]["retried"] == 3
    await run_until_drained([q.CLEANUP], timeout_s=20)
    counts = await _queue().getJobCounts("failed", "completed")
    assert counts == {"failed": 0, "completed": 3}


async def test_pause_and_resume_really_stop_the_queue(
    admin_client: httpx.AsyncClient, redis_client: Any
) -> None:
    paused = await _action(admin_client, "pause")
    assert paused.status_code == 200 and paused.json()["result"]["paused"] is True
    assert await _queue().isPaused() is True
    await get_registry().add(q.CLEANUP, "admin-test-record", {"value": "held"})
    listed = {r["name"]: r for r in (await admin_client.get("/api/admin/queues")).json()["queues"]}
    assert listed[q.CLEANUP]["paused"] is True and listed[q.CLEANUP]["counts"]["prioritized"] == 1
    resumed = await _action(admin_client, "resume")
    assert resumed.json()["result"]["paused"] is False and await _queue().isPaused() is False
    await run_until_drained([q.CLEANUP], timeout_s=20)
    assert SEEN == ["held"]
    audit = (await admin_client.get("/api/admin/audit")).json()["entries"]
    assert [(e["action"], e["queue"], e["actor"], e["ok"]) for e in audit[:2]] == [
        ("resume", q.CLEANUP, "token", True),
        ("pause", q.CLEANUP, "token", True),
    ]
    assert audit[0]["result"]["paused"] is False and audit[0]["timestamp"] > 0


async def test_clean_removes_finished_jobs(admin_client: httpx.AsyncClient) -> None:
    for i in range(4):
        await get_registry().add(q.CLEANUP, "admin-test-record", {"value": i})
    await run_until_drained([q.CLEANUP], timeout_s=20)
    response = await _action(admin_client, "clean", state="completed", graceMs=0)
    assert response.status_code == 200 and response.json()["result"]["removed"] == 4
    assert await _queue().getCompletedCount() == 0
    bad = await _action(admin_client, "clean", state="everything")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_request"


async def test_promote_runs_delayed_jobs_now(admin_client: httpx.AsyncClient) -> None:
    job_id = await get_registry().add(q.CLEANUP, "admin-test-record", {"value": "later"}, delay_ms=3_600_000)
    single = await admin_client.post(f"/api/admin/queues/{q.CLEANUP}/jobs/{job_id}/promote")
    assert single.status_code == 200 and single.json()["result"]["previousState"] == "delayed"
    await get_registry().add(q.CLEANUP, "admin-test-record", {"value": "later2"}, delay_ms=3_600_000)
    bulk = await _action(admin_client, "promote")
    assert bulk.json()["result"]["promoted"] == 1
    await run_until_drained([q.CLEANUP], timeout_s=20)
    assert sorted(SEEN) == ["later", "later2"]


async def test_destructive_actions_need_the_queue_name_as_confirmation(
    admin_client: httpx.AsyncClient,
) -> None:
    await get_registry().add(q.CLEANUP, "admin-test-record", {"value": 1})
    refused = await _action(admin_client, "drain")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "confirmation_required"
    wrong = await _action(admin_client, "obliterate", confirm="artist-import")
    assert wrong.status_code == 400
    assert await _queue().getJobCountByTypes("prioritized") == 1
    drained = await _action(admin_client, "drain", confirm=q.CLEANUP)
    assert drained.status_code == 200 and drained.json()["result"]["removed"] == 1
    await get_registry().add(q.CLEANUP, "admin-test-record", {"value": 2}, delay_ms=60_000)
    gone = await _action(admin_client, "obliterate", confirm=q.CLEANUP)
    assert gone.status_code == 200
    assert sum((await _queue().getJobCounts()).values()) == 0
    audit = (await admin_client.get("/api/admin/audit?count=5")).json()["entries"]
    assert [(e["action"], e["ok"]) for e in audit[:4]] == [
        ("obliterate", True),
        ("drain", True),
        ("obliterate", False),
        ("drain", False),
    ]


async def test_job_removal_and_unknown_things_are_clean_errors(admin_client: httpx.AsyncClient) -> None:
    job_id = await get_registry().add(q.CLEANUP, "admin-test-record", {"value": 1})
    removed = await admin_client.post(f"/api/admin/queues/{q.CLEANUP}/jobs/{job_id}/remove")
    assert removed.status_code == 200 and await _queue().getJob(job_id) is None
    missing = await admin_client.get(f"/api/admin/queues/{q.CLEANUP}/jobs/{job_id}")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    unknown = await admin_client.get("/api/admin/queues/no-such-queue/jobs")
    assert unknown.status_code == 404
    bad_action = await admin_client.post(
        "/api/admin/queues", json={"action": "explode", "queueName": "cleanup"}
    )
    assert bad_action.status_code == 422 and bad_action.json()["error"]["code"] == "validation_error"
