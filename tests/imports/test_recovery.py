"""Crash recovery and upstream faults: a SIGKILLed worker's import is finished by another worker with the
same rows as a clean run, and 10% injected upstream faults still end in a complete, correct import."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.imports.conftest import FAST_CLIENT_ENV, Pipeline
from tests.imports.test_pipeline import catalog_report, stored
from theset.core.db import session_scope
from theset.imports.service import request_import
from theset.models import Base

pytestmark = pytest.mark.slow
THESET = str(Path(sys.executable).parent / "theset")


@pytest.fixture
def workers(sim_url: str) -> Iterator[list[subprocess.Popen[bytes]]]:
    procs: list[subprocess.Popen[bytes]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


def spawn_worker(procs: list[subprocess.Popen[bytes]], sim_url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        **FAST_CLIENT_ENV,
        "SIMULATOR_URL": sim_url,
        "WORKER_LOCK_DURATION_MS": "2000",
        "WORKER_STALLED_INTERVAL_MS": "1000",
        "LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen([THESET, "worker", "--queues", "artist-import"], env=env)
    procs.append(proc)
    return proc


async def wait_for_stage(pipeline: Pipeline, artist_id: uuid.UUID, stages: set[str], timeout_s: float) -> str:
    deadline = time.monotonic() + timeout_s
    while True:
        stage = await pipeline.scalar("SELECT stage FROM import_status WHERE artist_id = :a", a=artist_id)
        if stage in stages:
            return str(stage)
        assert time.monotonic() < deadline, f"import did not reach {stages} (at {stage})"
        await asyncio.sleep(0.05)


async def kickoff(tm_id: str) -> uuid.UUID:
    async with session_scope() as session:
        return (await request_import(session, tm_id)).artist_id


async def truncate(pipeline: Pipeline) -> None:
    names = ", ".join(t.name for t in reversed(Base.metadata.sorted_tables))
    async with pipeline.engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {names} CASCADE"))


async def test_sigkilled_import_is_recovered_with_the_rows_of_a_clean_run(
    pipeline: Pipeline, workers: list[subprocess.Popen[bytes]], sim_url: str
) -> None:
    tm_id = (await pipeline.artists())["hollow-pines"]["tmAttractionId"]
    await pipeline.run_import(tm_id)
    clean = await pipeline.row_counts()
    await truncate(pipeline)

    await pipeline.configure(latency_ms=15)  # slow enough to be killed half-way through
    first = spawn_worker(workers, sim_url)
    artist_id = await kickoff(tm_id)
    await wait_for_stage(pipeline, artist_id, {"catalog"}, 60)
    first.send_signal(signal.SIGKILL)
    first.wait(5)
    stage = await pipeline.scalar("SELECT stage FROM import_status WHERE artist_id = :a", a=artist_id)
    assert stage == "catalog"

    spawn_worker(workers, sim_url)
    assert await wait_for_stage(pipeline, artist_id, {"completed", "failed"}, 120) == "completed"
    assert await pipeline.row_counts() == clean
    progress = await pipeline.scalar("SELECT progress FROM import_status WHERE artist_id = :a", a=artist_id)
    assert progress == 100


async def test_import_survives_ten_percent_upstream_faults(pipeline: Pipeline) -> None:
    sim_artist = (await pipeline.artists())["hollow-pines"]
    truth = await pipeline.truth(sim_artist["tmAttractionId"])
    await pipeline.configure(fault_rate=0.1, fault_timeout_s=8)
    artist_id = await pipeline.run_import(sim_artist["tmAttractionId"], timeout_s=600)
    artist, events, songs = await stored(artist_id)
    stats = await pipeline.stats()
    faults = sum(sum(api["faults"].values()) for api in stats["apis"].values())
    assert faults > 0, "the simulator must actually have injected faults"
    assert artist.import_state == "complete"
    assert events == set(truth["events"])
    report = catalog_report(truth, songs)
    assert (report["live_stored"], report["split_groups"], report["dropped"]) == ([], [], [])
    assert report["songs"] == truth["studio_song_count"]


async def test_spent_upstream_quota_parks_the_import_without_spending_attempts(pipeline: Pipeline) -> None:
    from theset.core.queue_names import ARTIST_IMPORT
    from theset.core.queues import get_registry
    from theset.worker import WorkerProcess

    await pipeline.configure(spotify_profile="development", spotify_daily_quota=3)
    tm_id = (await pipeline.artists())["hollow-pines"]["tmAttractionId"]
    artist_id = await kickoff(tm_id)
    job_id = await pipeline.scalar("SELECT job_id FROM import_status WHERE artist_id = :a", a=artist_id)
    worker = WorkerProcess([ARTIST_IMPORT], drain_delay_s=1)
    await worker.start()
    try:
        deadline = time.monotonic() + 60
        while (state := await get_registry().get(ARTIST_IMPORT).getJobState(job_id)) != "delayed":
            assert state not in {"failed", "completed"}, state
            assert time.monotonic() < deadline, "the job was never parked"
            await asyncio.sleep(0.05)
    finally:
        await worker.stop(timeout_s=5)
    job = await get_registry().get(ARTIST_IMPORT).getJob(job_id)
    assert job is not None and job.attemptsMade == 0
    stage, message = (
        await pipeline.scalar("SELECT stage FROM import_status WHERE artist_id = :a", a=artist_id),
        await pipeline.scalar("SELECT message FROM import_status WHERE artist_id = :a", a=artist_id),
    )
    assert stage == "catalog" and "rate limit" in message and "resuming at" in message
    assert job.delay > 3600 * 1000, "a spent daily quota parks the job for hours, not seconds"
