"""Actual setlists from the simulated setlist.fm into real PostgreSQL, and the hourly schedule."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.providers.conftest import Sim
from theset.catalog.titles import title_key
from theset.models import Artist, ArtistSong, HistorySetlist, Setlist, SetlistSong, Show, Song, Venue
from theset.providers.types import Setlist as FmSetlist
from theset.setlists import repository, service
from theset.setlists.tasks import sync_show

pytestmark = pytest.mark.usefixtures("redis_client")


async def _real_setlist(sim: Sim, redis_client: Any) -> tuple[str, FmSetlist]:
    """A setlist the simulator's setlist.fm has, with songs, and its artist's MBID."""
    mbid = next(a["mbid"] for a in sim.artists.values() if a["mbid"])
    providers = sim.providers(redis_client, setlistfm_rate_limit=1000.0)
    try:
        async for setlist in providers.setlistfm.iter_artist_setlists(mbid, max_pages=2):
            if len([s for s in setlist.songs if s.name and not s.tape]) >= 5 and setlist.event_date:
                return mbid, setlist
    finally:
        await providers.aclose()
    raise AssertionError("the simulator has no setlist with songs")


async def _show(
    session: AsyncSession,
    mbid: str | None,
    on: date | None,
    venue: FmSetlist | None = None,
    artist: Artist | None = None,
) -> Show:
    if artist is None:
        artist = Artist(name="Band", slug=f"band-{uuid.uuid4().hex[:8]}", mbid=mbid)
        session.add(artist)
        await session.flush()
    venue_row = None
    if venue is not None and venue.venue is not None:
        venue_row = Venue(name=venue.venue.name or "Venue", city=venue.venue.city)
        session.add(venue_row)
        await session.flush()
    show = Show(artist_id=artist.id, date=on, name="Band live", venue_id=venue_row.id if venue_row else None)
    session.add(show)
    await session.flush()
    return show


async def _catalog(session: AsyncSession, show: Show, titles: list[str]) -> dict[str, uuid.UUID]:
    ids = {}
    for title in titles:
        song = Song(name=title, normalized_name=title_key(title), spotify_id=uuid.uuid4().hex[:22])
        session.add(song)
        await session.flush()
        session.add(ArtistSong(artist_id=show.artist_id, song_id=song.id))
        ids[title] = song.id
    await session.flush()
    return ids


async def test_a_played_show_gets_its_actual_setlist_once(
    session: AsyncSession, sim: Sim, redis_client: Any
) -> None:
    mbid, fm = await _real_setlist(sim, redis_client)
    show = await _show(session, mbid, fm.event_date, fm)
    played = [s for s in fm.songs if s.name and not s.tape]
    own = [s.name for s in played if not s.is_cover][:3]
    catalog = await _catalog(session, show, own)
    providers = sim.providers(redis_client, setlistfm_rate_limit=1000.0)
    try:
        first = await sync_show(providers.setlistfm, show.id)
        again = await sync_show(providers.setlistfm, show.id)
    finally:
        await providers.aclose()
    assert first["outcome"] == "stored" and first["setlistfmId"] == fm.id
    assert first["songs"] == len(played) and first["matchedToCatalog"] == len(set(own))
    assert again == {"outcome": "already-stored"}
    setlist = (await session.execute(select(Setlist).where(Setlist.show_id == show.id))).scalar_one()
    assert setlist.kind == "actual" and setlist.setlistfm_id == fm.id
    rows = (
        (
            await session.execute(
                select(SetlistSong).where(SetlistSong.setlist_id == setlist.id).order_by(SetlistSong.position)
            )
        )
        .scalars()
        .all()
    )
    assert [r.title for r in rows] == [s.name for s in played]
    assert {r.song_id for r in rows if r.song_id} == set(catalog.values())
    await session.refresh(show)
    assert show.setlist_ready is True
    # The played show joins the artist's history too, once.
    history = (await session.execute(select(HistorySetlist))).scalars().all()
    assert [(h.setlistfm_id, h.artist_id, h.event_date) for h in history] == [
        (fm.id, show.artist_id, fm.event_date)
    ]


async def test_shows_setlist_fm_cannot_answer_for_are_reported_not_stored(
    session: AsyncSession, sim: Sim, redis_client: Any
) -> None:
    mbid, fm = await _real_setlist(sim, redis_client)
    assert fm.event_date is not None
    no_setlist_that_day = await _show(session, mbid, fm.event_date - timedelta(days=4000))
    no_mbid = await _show(session, None, fm.event_date)
    artist = await session.get(Artist, no_setlist_that_day.artist_id)
    no_date = await _show(session, mbid, None, artist=artist)
    providers = sim.providers(redis_client, setlistfm_rate_limit=1000.0)
    try:
        outcomes = [
            (await sync_show(providers.setlistfm, show_id))["outcome"]
            for show_id in (no_setlist_that_day.id, no_mbid.id, no_date.id, uuid.uuid4())
        ]
    finally:
        await providers.aclose()
    assert outcomes == ["not-yet", "not-searchable", "not-searchable", "no-such-show"]
    assert (await session.execute(select(func.count(Setlist.id)))).scalar_one() == 0


def test_the_window_is_two_days_hourly_and_a_month_once_a_day() -> None:
    assert service.check_window(datetime(2026, 11, 29, 10, 15, tzinfo=UTC)) == (
        date(2026, 11, 27),
        date(2026, 11, 28),
    )
    daily = service.check_window(datetime(2026, 11, 29, service.DAILY_CHECK_HOUR, 15, tzinfo=UTC))
    assert daily == (date(2026, 10, 30), date(2026, 11, 28))


async def test_only_played_searchable_shows_without_a_setlist_are_picked(session: AsyncSession) -> None:
    today = date(2026, 11, 29)
    yesterday = await _show(session, "mbid-1", today - timedelta(days=1))
    last_week = await _show(session, "mbid-2", today - timedelta(days=7))
    await _show(session, "mbid-3", today)  # tonight: not played yet
    await _show(session, None, today - timedelta(days=1))  # setlist.fm cannot be asked
    cancelled = await _show(session, "mbid-4", today - timedelta(days=1))
    cancelled.status = "cancelled"
    done = await _show(session, "mbid-5", today - timedelta(days=1))
    session.add(Setlist(show_id=done.id, kind="actual"))
    await session.flush()
    recent = await repository.past_shows_awaiting_setlist(
        session, oldest=today - timedelta(days=2), newest=today - timedelta(days=1), limit=100
    )
    month = await repository.past_shows_awaiting_setlist(
        session, oldest=today - timedelta(days=30), newest=today - timedelta(days=1), limit=100
    )
    assert recent == [yesterday.id]
    assert month == [yesterday.id, last_week.id]


async def test_a_rate_limited_show_sync_is_parked_without_spending_an_attempt(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from theset.core import queue_names as q
    from theset.core.queues import get_registry
    from theset.providers.errors import UpstreamRateLimited
    from theset.worker import WorkerProcess

    resume = time.time() + 3600

    async def limited(*_: Any) -> dict[str, Any]:
        raise UpstreamRateLimited("setlistfm", "daily quota spent", status=429, retry_at=resume)

    monkeypatch.setattr(service, "fetch_candidates", limited)
    show = await _show(session, "mbid-x", date.today() - timedelta(days=1))
    job_id = await get_registry().add(q.SETLIST_SYNC, service.JOB_NAME, {"showId": str(show.id)})
    worker = WorkerProcess([q.SETLIST_SYNC], drain_delay_s=1)
    await worker.start()
    try:
        queue = get_registry().get(q.SETLIST_SYNC)
        for _ in range(200):
            if await queue.getJobState(job_id) == "delayed":
                break
            await asyncio.sleep(0.05)
    finally:
        await worker.stop(timeout_s=5)
    job = await queue.getJob(job_id)
    assert job is not None and await job.getState() == "delayed" and job.attemptsMade == 0
    assert abs(job.timestamp + job.delay - resume * 1000) < 5000  # parked until the upstream allows calls


async def test_a_malformed_show_id_fails_for_good(session: AsyncSession) -> None:
    from theset.core import queue_names as q
    from theset.core.queues import get_registry
    from theset.worker import run_until_drained

    job_id = await get_registry().add(q.SETLIST_SYNC, service.JOB_NAME, {"showId": "'; DROP TABLE shows; --"})
    await run_until_drained([q.SETLIST_SYNC], timeout_s=20)
    job = await get_registry().get(q.SETLIST_SYNC).getJob(job_id)
    assert job is not None and await job.getState() == "failed" and job.attemptsMade == 1
    assert "not a UUID" in job.failedReason
