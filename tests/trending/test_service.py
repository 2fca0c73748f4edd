from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.trending import factories as f
from theset.core import queue_names as q
from theset.core.queues import get_registry
from theset.models import Artist
from theset.trending import service
from theset.worker import run_until_drained

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
TODAY = NOW.date()


async def _scores(session: AsyncSession) -> dict[str, float]:
    rows = (await session.execute(select(Artist.name, Artist.trending_score))).all()
    return {name: score for name, score in rows}


async def test_score_weighs_shows_votes_views_and_the_next_show(session: AsyncSession) -> None:
    touring = await f.artist(session, "Touring Band", view_count=10)
    for days in (3, 20, 40):
        await f.show(session, touring, TODAY + timedelta(days=days))
    await f.show(session, touring, TODAY - timedelta(days=5))  # past: not upcoming
    await f.show(session, touring, TODAY + timedelta(days=9), status="cancelled")
    voted = await f.artist(session, "Voted Band")
    past = await f.show(session, voted, TODAY - timedelta(days=2))
    await f.votes(session, past, 4, at=NOW - timedelta(days=1))
    older = await f.show(session, voted, TODAY - timedelta(days=31))
    await f.votes(session, older, 3, at=NOW - timedelta(days=30))  # outside the 7-day window
    await f.artist(session, "Quiet Band")

    result = await service.recalculate(session, now=NOW)
    scores = await _scores(session)
    expected_touring = 3 * 3 + 4 * 2.397895 + 20 * 0.807118  # 3 upcoming, ln(11), e^(-3/14)
    assert scores["Touring Band"] == pytest.approx(expected_touring, abs=1e-3)
    assert scores["Voted Band"] == pytest.approx(2 * 4)
    assert scores["Quiet Band"] == 0
    assert [a["name"] for a in result.top] == ["Touring Band", "Voted Band"]
    assert result.top[0]["upcomingShows"] == 3 and result.top[1]["recentVotes"] == 4
    again = await service.recalculate(session, now=NOW)
    assert again.changed == 0 and again.artists == result.artists


async def test_top_list_is_capped_and_cached(session: AsyncSession, redis_client: Any) -> None:
    for i in range(service.TOP_SIZE + 5):
        await f.artist(session, f"Band {i:02d}", view_count=i + 1)
    result = await service.recalculate(session, now=NOW)
    await service.cache_top(redis_client, result.top)
    cached = await service.cached_top(redis_client)
    assert cached is not None and len(cached) == service.TOP_SIZE
    assert cached[0]["name"] == f"Band {service.TOP_SIZE + 4:02d}"
    assert [c["score"] for c in cached] == sorted((c["score"] for c in cached), reverse=True)


async def test_hourly_job_runs_through_the_worker(session: AsyncSession, redis_client: Any) -> None:
    band = await f.artist(session, "Worker Band", view_count=100)
    await session.commit()  # a savepoint release: visible to the job's session on the same connection
    job_id = await get_registry().add(q.TRENDING_CALC, "calculate-trending", {})
    await run_until_drained([q.TRENDING_CALC], timeout_s=20)
    job = await get_registry().get(q.TRENDING_CALC).getJob(job_id)
    assert job is not None and job.returnvalue["top"] >= 1, job.failedReason
    top = orjson.loads(await redis_client.get(service.top_key()))
    assert top[0]["id"] == str(band.id)
    await session.refresh(band)
    assert band.trending_score > 0
