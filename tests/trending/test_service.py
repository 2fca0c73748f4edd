from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.trending import factories as f
from theset.core import cache
from theset.core import queue_names as q
from theset.core.queues import get_registry
from theset.models import Artist, ArtistPageViews
from theset.trending import service, views
from theset.worker import run_until_drained

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
TODAY = NOW.date()


async def _scores(session: AsyncSession) -> dict[str, float]:
    rows = (await session.execute(select(Artist.name, Artist.trending_score))).all()
    return {name: score for name, score in rows}


async def _ranks(artist_id: Any) -> dict[str, int]:
    """The artist's ranks as a page reads them: the cached rank entries, through service.ranks_of."""
    return service.ranks_of(artist_id, await cache.read_many(service.RANKS_KEYS))


async def test_score_weighs_votes_shows_popularity_followers_views_and_recency(session: AsyncSession) -> None:
    touring = await f.artist(session, "Touring Band", popularity=50, followers=250_000)
    for days in (3, 20, 40):
        await f.show(session, touring, TODAY + timedelta(days=days))
    await f.show(session, touring, TODAY - timedelta(days=5))  # past: not upcoming
    await f.show(session, touring, TODAY + timedelta(days=9), status="cancelled")
    session.add(ArtistPageViews(artist_id=touring.id, day=TODAY, views=2))
    voted = await f.artist(session, "Voted Band", followers=2_000_000_000)  # followers capped at 100
    past = await f.show(session, voted, TODAY - timedelta(days=2))
    await f.votes(session, past, 4, at=NOW - timedelta(days=2))
    older = await f.show(session, voted, TODAY - timedelta(days=31))
    await f.votes(session, older, 3, at=NOW - timedelta(days=20))  # in the month, not the week
    await f.artist(session, "Quiet Band")

    result = await service.recalculate(session, now=NOW)
    scores = await _scores(session)
    # 5·3 upcoming + 2·50 popularity + 25 followers + 3·2 views + 25 active today
    assert scores["Touring Band"] == pytest.approx(171)
    assert scores["Voted Band"] == pytest.approx(10 * 4 + 100 + 10)  # votes this week, active this week
    assert scores["Quiet Band"] == 0
    week = result.boards["week"]["artists"]
    assert [(a["rank"], a["name"]) for a in week] == [(1, "Touring Band"), (2, "Voted Band")]
    month = {a["name"]: a["score"] for a in result.boards["month"]["artists"]}
    assert month["Voted Band"] == pytest.approx(10 * 7 + 100 + 10)
    today = {a["name"]: a["score"] for a in result.boards["today"]["artists"]}
    assert today["Voted Band"] == pytest.approx(100 + 10)
    assert [s["votes"] for s in result.boards["month"]["shows"]] == [4, 3]
    assert [s["votes"] for s in result.boards["week"]["shows"]] == [4]
    assert result.boards["week"]["shows"][0]["rank"] == 1
    again = await service.recalculate(session, now=NOW)
    assert again.changed == 0 and again.artists == result.artists


async def test_ranks_sensibly_without_spotify_popularity(session: AsyncSession) -> None:
    busy = await f.artist(session, "Busy Band")
    for days in (1, 2):
        await f.show(session, busy, TODAY + timedelta(days=days))
    idle = await f.artist(session, "Idle Band")
    await f.show(session, idle, TODAY + timedelta(days=1))
    result = await service.recalculate(session, now=NOW)
    assert [a["name"] for a in result.boards["week"]["artists"]] == ["Busy Band", "Idle Band"]


async def test_board_is_capped_cached_with_ranks(session: AsyncSession, redis_client: Any) -> None:
    for i in range(service.BOARD_SIZE + 5):
        await f.artist(session, f"Band {i:02d}", followers=(i + 1) * 10_000)
    result = await service.recalculate(session, now=NOW)
    await service.publish(result.boards)
    board = await service.board(session, "week")
    assert len(board["artists"]) == service.BOARD_SIZE
    assert board["artists"][0]["name"] == f"Band {service.BOARD_SIZE + 4:02d}"
    assert [a["rank"] for a in board["artists"]] == list(range(1, service.BOARD_SIZE + 1))
    top_id = board["artists"][0]["id"]
    assert await _ranks(top_id) == {"today": 1, "week": 1, "month": 1}
    assert 0 < await redis_client.ttl(cache.entry_key(service.board_key("today"))) <= service.TTL_S["today"]
    assert await redis_client.ttl(cache.entry_key(service.board_key("month"))) > service.TTL_S["week"]


async def test_page_views_count_once_per_browser_per_minute_and_skip_bots(
    session: AsyncSession, redis_client: Any
) -> None:
    band = await f.artist(session, "Viewed Band")
    chrome = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0"
    assert await views.record(band.id, "10.0.0.1", chrome, today=TODAY) is True
    assert await views.record(band.id, "10.0.0.1", chrome, today=TODAY) is False  # reload
    assert await views.record(band.id, "10.0.0.2", chrome, today=TODAY) is True  # another browser
    for bot in ("Googlebot/2.1", "curl/8.5", ""):
        assert await views.record(band.id, "10.0.0.3", bot, today=TODAY) is False
    yesterday = TODAY - timedelta(days=1)
    assert await views.record(band.id, "10.0.0.9", chrome, today=yesterday) is True

    assert await views.fold(redis_client, session) == 3
    from theset.core.db import commit

    await commit(session)
    rows = (await session.execute(select(ArtistPageViews.day, ArtistPageViews.views))).all()
    assert sorted(rows) == [(yesterday, 1), (TODAY, 2)]
    await session.refresh(band)
    assert band.view_count == 3
    assert await redis_client.keys(views.folding_key("*")) == []
    assert await views.fold(redis_client, session) == 0  # nothing counted twice


async def test_hourly_job_folds_views_and_caches_boards(session: AsyncSession, redis_client: Any) -> None:
    band = await f.artist(session, "Worker Band")
    await session.commit()  # a savepoint release: visible to the job's session on the same connection
    assert await views.record(band.id, "10.0.0.1", "Mozilla/5.0 Firefox/133.0")
    job_id = await get_registry().add(q.TRENDING_CALC, "calculate-trending", {})
    await run_until_drained([q.TRENDING_CALC], timeout_s=20)
    job = await get_registry().get(q.TRENDING_CALC).getJob(job_id)
    assert job is not None and job.returnvalue["viewsFolded"] == 1, job.failedReason
    board = await cache.read(service.board_key("today"))
    assert board["artists"][0]["id"] == str(band.id) and board["artists"][0]["views"] == 1
    assert await _ranks(band.id) == {"today": 1, "week": 1, "month": 1}
    await session.refresh(band)
    assert band.trending_score == pytest.approx(3 + 25) and band.view_count == 1
