"""Scheduled refreshes: light syncs on the specialised queues, deduplicated, never touching the import's
status; deep refreshes run the whole pipeline at background priority."""

from __future__ import annotations

from tests.imports.conftest import Pipeline
from theset.core import queue_names as q
from theset.core.db import session_scope
from theset.core.queues import PRIORITY_BACKGROUND, get_registry
from theset.imports.service import enqueue_artist_refresh
from theset.worker import run_until_drained


async def _pending(queue_name: str) -> list[object]:
    return await get_registry().get(queue_name).getJobs(["waiting", "prioritized", "delayed"])


async def test_light_refresh_repairs_shows_without_touching_the_import_status(pipeline: Pipeline) -> None:
    tm_id = (await pipeline.artists())["hollow-pines"]["tmAttractionId"]
    artist_id = await pipeline.run_import(tm_id)
    before = await pipeline.row_counts()
    status_before = await pipeline.scalar(
        "SELECT sequence FROM import_status WHERE artist_id = :a", a=artist_id
    )
    async with pipeline.engine.begin() as conn:
        from sqlalchemy import text

        await conn.execute(
            text("DELETE FROM shows WHERE id IN (SELECT id FROM shows WHERE artist_id = :a LIMIT 3)"),
            {"a": artist_id},
        )

    for _ in range(2):  # two schedules firing before a worker runs: one job per queue
        async with session_scope() as session:
            assert await enqueue_artist_refresh(session, artist_id) == f"refresh:{artist_id}"
    [shows_job] = await _pending(q.TICKETMASTER_SYNC)
    [catalog_job] = await _pending(q.CATALOG_SYNC)
    assert shows_job.opts["priority"] == catalog_job.opts["priority"] == PRIORITY_BACKGROUND  # type: ignore[attr-defined]

    await run_until_drained([q.TICKETMASTER_SYNC, q.CATALOG_SYNC], timeout_s=120)
    assert await pipeline.row_counts() == before
    status_after = await pipeline.scalar(
        "SELECT sequence FROM import_status WHERE artist_id = :a", a=artist_id
    )
    assert status_after == status_before, "a background sync must not reopen the import's status"


async def test_deep_refresh_is_a_background_import_run(pipeline: Pipeline) -> None:
    tm_id = (await pipeline.artists())["juniper-vale"]["tmAttractionId"]
    artist_id = await pipeline.run_import(tm_id)
    async with session_scope() as session:
        job_id = await enqueue_artist_refresh(session, artist_id, deep=True)
    [job] = await _pending(q.ARTIST_IMPORT)
    assert job.id == job_id and job.opts["priority"] == PRIORITY_BACKGROUND  # type: ignore[attr-defined]
    async with session_scope() as session:  # a live run is never doubled
        assert await enqueue_artist_refresh(session, artist_id, deep=True) is None
        assert await enqueue_artist_refresh(session, artist_id) is None
    await run_until_drained([q.ARTIST_IMPORT], timeout_s=120)
    stage = await pipeline.scalar("SELECT stage FROM import_status WHERE artist_id = :a", a=artist_id)
    assert stage == "completed"


async def test_a_refresh_with_nothing_to_predict_leaves_setlist_fm_alone(pipeline: Pipeline) -> None:
    """setlist.fm's history feeds predictions only: its shared budget is not spent when none is needed."""

    async def setlistfm_calls() -> int:
        return sum((await pipeline.stats())["apis"]["setlistfm"]["endpoints"].values())

    tm_id = (await pipeline.artists())["hollow-pines"]["tmAttractionId"]
    artist_id = await pipeline.run_import(tm_id)
    after_import = await setlistfm_calls()
    assert after_import > 0, "the import itself reads the history"
    async with session_scope() as session:
        await enqueue_artist_refresh(session, artist_id)
    await run_until_drained([q.TICKETMASTER_SYNC, q.CATALOG_SYNC], timeout_s=120)
    assert await setlistfm_calls() == after_import
