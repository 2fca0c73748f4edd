"""Health, schedulers, import console and the server-rendered console pages."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.trending import factories as f
from theset.core import queue_names as q
from theset.core.queues import get_registry
from theset.core.schedules import SCHEDULES, register_schedules
from theset.worker import WorkerProcess, run_until_drained


async def test_health_reports_redis_and_worker_heartbeats(admin_client: httpx.AsyncClient) -> None:
    await register_schedules()  # missing ones would make it "degraded" (test_recovery_sweep.py)
    worker = WorkerProcess([q.CACHE_WARM])
    await worker.start()
    try:
        for _ in range(50):
            body = (await admin_client.get("/api/admin/health")).json()
            if body["workers"]["alive"]:
                break
            await asyncio.sleep(0.05)
    finally:
        await worker.stop(timeout_s=5)
    assert body["status"] == "ok"
    assert body["redis"]["ok"] and body["redis"]["version"] and body["redis"]["pingMs"] >= 0
    assert body["redis"]["memory"]["used"] and body["redis"]["clients"]["connected"] >= 1
    [beat] = body["workers"]["heartbeats"]
    assert beat["id"] == worker.id and beat["alive"] and beat["queues"] == [q.CACHE_WARM]
    after = (await admin_client.get("/api/admin/health")).json()
    assert after["workers"]["heartbeats"] == [] and after["status"] == "degraded"


async def test_schedulers_endpoint_shows_next_runs_and_missing_ones(admin_client: httpx.AsyncClient) -> None:
    before = (await admin_client.get("/api/admin/schedulers")).json()
    assert before["schedulers"] == [] and len(before["missing"]) == len(SCHEDULES)
    await register_schedules()
    after = (await admin_client.get("/api/admin/schedulers")).json()
    assert after["missing"] == []
    rows = {r["id"]: r for r in after["schedulers"]}
    assert set(rows) == {s.id for s in SCHEDULES}
    assert rows["trending-hourly"]["pattern"] == "0 * * * *" and rows["trending-hourly"]["next"] > 0
    assert all(r["declared"] for r in rows.values())
    page = await admin_client.get("/admin/partials/schedulers")
    assert page.status_code == 200 and "trending-hourly" in page.text and "0 3 * * *" in page.text


async def test_import_console_lists_runs_and_reruns(
    admin_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    band = await f.artist(session, "Rerun Band", tm_attraction_id="K8vZrerun")
    await f.import_status(session, band, "failed", error="ticketmaster said <no>", progress=40)
    listed = (await admin_client.get("/api/admin/imports")).json()["imports"]
    assert listed[0]["artistName"] == "Rerun Band" and listed[0]["stage"] == "failed"
    page = await admin_client.get("/admin/imports")
    assert "ticketmaster said &lt;no&gt;" in page.text  # escaped
    rerun = await admin_client.post(f"/api/admin/imports/{band.id}/rerun")
    assert rerun.status_code == 200, rerun.text
    job_id = rerun.json()["jobId"]
    job = await get_registry().get(q.ARTIST_IMPORT).getJob(job_id)
    assert job is not None and job.data["artistId"] == str(band.id)
    missing = await admin_client.post(f"/api/admin/imports/{uuid.uuid4()}/rerun")
    assert missing.status_code == 404


async def test_console_pages_render_and_escape(admin_client: httpx.AsyncClient, redis_client: Any) -> None:
    job_id = await get_registry().add(
        q.CACHE_WARM, "<script>alert(1)</script>", {"html": "<b>x</b>"}, attempts=1
    )
    await run_until_drained([q.CACHE_WARM], timeout_s=20)
    overview = await admin_client.get("/admin/queues")
    assert overview.status_code == 200 and 'hx-trigger="every 5s' in overview.text
    assert '<svg class="sparkline"' in overview.text
    queue_page = await admin_client.get("/admin/queues/cache-warm?state=failed")
    assert queue_page.status_code == 200 and job_id in queue_page.text
    assert "<script>alert(1)</script>" not in queue_page.text and "&lt;script&gt;" in queue_page.text
    job_page = await admin_client.get(f"/admin/queues/cache-warm/jobs/{job_id}")
    assert job_page.status_code == 200 and "no task" in job_page.text and "<b>x</b>" not in job_page.text
    for partial in (
        "overview",
        "workers",
        "audit",
        "imports",
        "queues/cleanup/summary",
        "queues/cleanup/jobs",
    ):
        response = await admin_client.get(f"/admin/partials/{partial}")
        assert response.status_code == 200, partial
    missing = await admin_client.get("/admin/queues/nope")
    assert missing.status_code == 404 and "unknown queue" in missing.text
    flash = await admin_client.post(
        f"/admin/queues/cache-warm/jobs/{job_id}/promote", headers={"HX-Request": "true"}
    )
    assert flash.status_code == 200 and "only delayed jobs" in flash.text


async def test_oldest_wait_sees_an_old_job_behind_any_backlog_of_higher_priority(redis_client: Any) -> None:
    from theset.admin.monitoring import oldest_waiting_ms
    from theset.core.queues import PRIORITY_BACKGROUND, PRIORITY_USER

    queue = get_registry().get(q.CLEANUP)
    old = await queue.add("old", {}, {"priority": PRIORITY_BACKGROUND, "timestamp": 1_000})
    await queue.addBulk(
        [{"name": "new", "data": {}, "opts": {"priority": PRIORITY_USER}} for _ in range(1200)]
    )
    assert old.id is not None
    assert await oldest_waiting_ms(queue, now_ms=61_000) == 60_000
