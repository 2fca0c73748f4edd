"""Redis loses its data: PostgreSQL is the record. Orphaned import runs are re-enqueued from their
checkpoint, schedulers come back, /api/admin/health says what is missing (issue 13, item 3)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from tests.imports.conftest import Pipeline
from theset.core import config
from theset.core import queue_names as q
from theset.core.db import session_scope
from theset.core.queues import get_registry
from theset.core.schedules import SCHEDULES, missing_schedules, register_schedules
from theset.imports.orchestrator import PHASES
from theset.imports.recovery import orphaned_runs, requeue_orphaned_runs
from theset.imports.service import request_import
from theset.web.app import create_app
from theset.worker import WorkerProcess, run_until_drained

TOKEN = "test-admin-token-0123456789"


async def _lose_redis_data(pipeline: Pipeline, redis_client: Any, artist_id: uuid.UUID) -> None:
    """What a Redis restarted without persistence leaves: nothing. The run is also made older than the
    kickoff's enqueue grace (a run this young may just be waiting for its job to be added)."""
    await redis_client.flushdb()
    async with pipeline.engine.begin() as conn:
        await conn.execute(
            text("UPDATE import_status SET started_at = now() - interval '5 minutes' WHERE artist_id = :a"),
            {"a": artist_id},
        )


async def _kickoff(tm_id: str) -> tuple[uuid.UUID, str]:
    async with session_scope() as session:
        started = await request_import(session, tm_id)
    return started.artist_id, started.job_id


async def _health(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("ADMIN_TOKEN", TOKEN)
    config.reset_settings_cache()
    transport = httpx.ASGITransport(app=create_app(configure_logs=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/api/admin/health", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_a_run_whose_job_vanished_is_found_requeued_and_finished(
    pipeline: Pipeline, redis_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tm_id = (await pipeline.artists())["juniper-vale"]["tmAttractionId"]
    await register_schedules()
    artist_id, job_id = await _kickoff(tm_id)
    await _lose_redis_data(pipeline, redis_client, artist_id)

    health = await _health(monkeypatch)
    assert health["status"] == "degraded"
    assert health["orphanedRuns"] == [{"artistId": str(artist_id), "jobId": job_id}]
    assert {s["id"] for s in health["missingSchedulers"]} == {s.id for s in SCHEDULES}

    assert await requeue_orphaned_runs() == [job_id]
    assert await requeue_orphaned_runs() == []  # its job exists again: a second sweeper adds nothing
    await run_until_drained([q.ARTIST_IMPORT], timeout_s=240)
    stage = await pipeline.scalar("SELECT stage FROM import_status WHERE artist_id = :a", a=artist_id)
    assert stage == "completed"
    assert await pipeline.scalar("SELECT count(*) FROM artist_songs WHERE artist_id = :a", a=artist_id) > 0


async def test_a_requeued_run_resumes_from_its_checkpoint_in_postgres(
    pipeline: Pipeline, redis_client: Any
) -> None:
    tm_id = (await pipeline.artists())["hollow-pines"]["tmAttractionId"]
    artist_id, job_id = await _kickoff(tm_id)
    # The run had finished every phase but had not reported completion when Redis lost its data.
    async with pipeline.engine.begin() as conn:
        done = [name for name, _ in PHASES]
        await conn.execute(
            text("UPDATE import_status SET phases_done = :done, stage = 'wrapup' WHERE artist_id = :a"),
            {"done": done, "a": artist_id},
        )
    await _lose_redis_data(pipeline, redis_client, artist_id)
    calls_before = await pipeline.stats()
    assert await requeue_orphaned_runs() == [job_id]
    await run_until_drained([q.ARTIST_IMPORT], timeout_s=240)
    assert await pipeline.scalar("SELECT stage FROM import_status WHERE artist_id = :a", a=artist_id) == (
        "completed"
    )
    assert (await pipeline.stats())["apis"] == calls_before["apis"]  # no phase ran again: no upstream call


async def test_a_worker_start_puts_back_schedulers_and_orphaned_jobs(
    pipeline: Pipeline, redis_client: Any
) -> None:
    tm_id = (await pipeline.artists())["mara-lune"]["tmAttractionId"]
    artist_id, job_id = await _kickoff(tm_id)
    await _lose_redis_data(pipeline, redis_client, artist_id)
    assert len(await missing_schedules()) == len(SCHEDULES) and len(await orphaned_runs()) == 1
    worker = WorkerProcess([q.CACHE_WARM], register_schedules=True)  # a worker that does not run imports
    await worker.start()
    try:
        assert await missing_schedules() == []
        assert await get_registry().job_exists(q.ARTIST_IMPORT, job_id)
        assert await orphaned_runs() == []
    finally:
        await worker.stop(timeout_s=5)


async def test_the_periodic_round_reasserts_what_vanished_after_start(
    pipeline: Pipeline, redis_client: Any
) -> None:
    worker = WorkerProcess([q.CACHE_WARM], register_schedules=True)
    await worker.start()
    try:
        await redis_client.flushdb()  # Redis lost its data while the worker ran
        assert len(await missing_schedules()) == len(SCHEDULES)
        await worker.recover()  # what the worker's timer calls every RECOVERY_INTERVAL_SECONDS
        assert await missing_schedules() == []
    finally:
        await worker.stop(timeout_s=5)
