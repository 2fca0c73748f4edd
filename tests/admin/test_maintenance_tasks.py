"""The recurring jobs behind the schedules: re-syncs, past setlists and the weekly clean-up."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.trending import factories as f
from theset.core import queue_names as q
from theset.core.queues import get_registry, heartbeat_key
from theset.imports import service as imports_service
from theset.models import Setlist
from theset.users import sessions
from theset.worker import run_until_drained

NOW = datetime.now(UTC)


@pytest.fixture
def refreshes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[uuid.UUID, bool]]:
    calls: list[tuple[uuid.UUID, bool]] = []

    async def fake_refresh(session: AsyncSession, artist_id: uuid.UUID, *, deep: bool = False) -> str:
        calls.append((artist_id, deep))
        return f"refresh-{artist_id}"

    monkeypatch.setattr(imports_service, "enqueue_artist_refresh", fake_refresh)
    return calls


async def _job_result(queue_name: str, job_name: str, data: dict[str, Any] | None = None) -> Any:
    job_id = await get_registry().add(queue_name, job_name, data or {})
    await run_until_drained([queue_name], timeout_s=30)
    job = await get_registry().get(queue_name).getJob(job_id)
    assert job is not None and await job.getState() == "completed", job and job.failedReason
    logs = await get_registry().get(queue_name).getJobLogs(job_id)
    return job.returnvalue, logs["logs"]


@pytest.mark.usefixtures("redis_client")
async def test_active_artist_sync_picks_completed_imports_not_synced_for_6h(
    session: AsyncSession, refreshes: list[tuple[uuid.UUID, bool]]
) -> None:
    stale = await f.artist(session, "Stale", last_synced_at=NOW - timedelta(hours=7))
    never = await f.artist(session, "Never")
    fresh = await f.artist(session, "Fresh", last_synced_at=NOW - timedelta(hours=1))
    running = await f.artist(session, "Running", last_synced_at=NOW - timedelta(days=2))
    for row in (stale, never, fresh):
        await f.import_status(session, row, "completed")
    await f.import_status(session, running, "shows")
    result, logs = await _job_result(q.SCHEDULED_SYNC, "sync-active-artists")
    assert result == {"selected": 2, "enqueued": 2}
    assert sorted(refreshes) == sorted([(never.id, False), (stale.id, False)])
    assert "active artists" in logs[0]


@pytest.mark.usefixtures("redis_client")
async def test_deep_sync_takes_the_top_trending_imported_artists(
    session: AsyncSession, refreshes: list[tuple[uuid.UUID, bool]]
) -> None:
    top = await f.artist(session, "Top", trending_score=50.0)
    second = await f.artist(session, "Second", trending_score=10.0)
    third = await f.artist(session, "Third", trending_score=5.0)
    unimported = await f.artist(session, "Unimported", trending_score=99.0)
    for row in (top, second, third):
        await f.import_status(session, row, "completed")
    await f.import_status(session, unimported, "failed")
    result, _ = await _job_result(q.SCHEDULED_SYNC, "deep-sync-trending", {"limit": 2})
    assert result["selected"] == 2 and refreshes == [(top.id, True), (second.id, True)]


@pytest.mark.usefixtures("redis_client")
@pytest.mark.usefixtures("committed_db")  # jobs run concurrently: each needs a connection of its own
async def test_past_setlist_sync_asks_setlist_fm_about_each_recent_show_once(
    sim_url: str, redis_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from theset.core import config
    from theset.core.db import session_scope
    from theset.setlists import service as setlists_service

    monkeypatch.setenv("SIMULATOR_URL", sim_url)
    monkeypatch.setenv("SETLISTFM_RATE_LIMIT", "1000")
    config.reset_settings_cache()
    async with session_scope() as session:
        band = await f.artist(session, "Band", mbid=str(uuid.uuid4()))
        played = await f.show(session, band, NOW.date() - timedelta(days=1))
        done = await f.show(session, band, NOW.date() - timedelta(days=1), setlist_ready=True)
        session.add(Setlist(show_id=done.id, kind="actual"))
        await f.show(session, band, NOW.date() + timedelta(days=3))

    for _ in range(2):  # overlapping runs: the job already waiting absorbs the second request
        async with session_scope() as scoped:
            await setlists_service.enqueue_past_show_syncs(scoped, NOW)
    queue = get_registry().get(q.SETLIST_SYNC)
    waiting = await queue.getJobs(["waiting", "prioritized"])
    assert [(j.name, j.data) for j in waiting] == [("sync-show-setlist", {"showId": str(played.id)})]

    result, logs = await _job_result(q.SETLIST_SYNC, "sync-past-setlists")
    assert result["enqueued"] == 1 and "1 show(s)" in logs[0]
    finished = [j for j in await queue.getJobs(["completed"]) if j.name == "sync-show-setlist"]
    assert finished and {j.returnvalue["outcome"] for j in finished} == {"not-yet"}


async def _age_finished(queue_name: str, job_id: str, state: str, days: int) -> None:
    queue = get_registry().get(queue_name)
    old_ms = int((time.time() - days * 86400) * 1000)
    await queue.client.zadd(queue.toKey(state), {job_id: old_ms})
    await queue.client.hset(queue.toKey(job_id), "finishedOn", old_ms)


async def test_weekly_cleanup(session: AsyncSession, redis_client: Any) -> None:
    registry = get_registry()
    old_done = await registry.add(q.CACHE_WARM, "ping", {"value": 1})
    new_done = await registry.add(q.CACHE_WARM, "ping", {"value": 2})
    old_failed = await registry.add(q.CACHE_WARM, "no-such-task", {}, attempts=1)
    await run_until_drained([q.CACHE_WARM], timeout_s=20)
    await _age_finished(q.CACHE_WARM, old_done, "completed", 8)
    await _age_finished(q.CACHE_WARM, old_failed, "failed", 31)

    stuck = await f.artist(session, "Stuck", import_state="in_progress")
    await f.import_status(session, stuck, "catalog", updated_at=NOW - timedelta(hours=30), sequence=7)
    moving = await f.artist(session, "Moving")
    await f.import_status(session, moving, "shows")
    finished = await f.artist(session, "Finished")
    await f.import_status(session, finished, "completed", updated_at=NOW - timedelta(days=9))
    await redis_client.hset(
        heartbeat_key(), "dead-worker", orjson.dumps({"at": time.time() - 600, "ttl": 30}).decode()
    )
    await redis_client.hset(
        heartbeat_key(), "live-worker", orjson.dumps({"at": time.time(), "ttl": 30}).decode()
    )
    someone = uuid.uuid4()
    live_token = await sessions.create(redis_client, someone)
    expired_token = await sessions.create(redis_client, someone)
    await redis_client.delete(sessions._session_key(sessions._digest(expired_token)))  # as its TTL would

    result, _ = await _job_result(q.CLEANUP, "weekly-cleanup")

    assert result["jobsRemoved"][q.CACHE_WARM] == 2
    queue = registry.get(q.CACHE_WARM)
    assert await queue.getJob(old_done) is None and await queue.getJob(old_failed) is None
    assert await queue.getJob(new_done) is not None
    assert result["staleImportsFailed"] == [str(stuck.id)]
    assert result["heartbeatsTrimmed"] == ["dead-worker"]
    assert result["expiredSessionsPruned"] == 1
    assert await redis_client.smembers(sessions._index_key(someone)) == {sessions._digest(live_token)}
    assert await sessions.resolve(redis_client, live_token) == someone
    statuses = {s.artist_id: s for s in (await session.execute(f.select_statuses())).scalars()}
    assert statuses[stuck.id].stage == "failed" and "24 h" in (statuses[stuck.id].error or "")
    assert statuses[stuck.id].sequence == 8
    assert statuses[moving.id].stage == "shows" and statuses[finished.id].stage == "completed"
    await session.refresh(stuck)
    assert stuck.import_state == "failed"
    assert set(await redis_client.hkeys(heartbeat_key())) == {"live-worker"}
