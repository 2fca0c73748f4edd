"""The artist page: each section pages on its own (the URL and the htmx reload keep the others'
pages), its days are UTC days from the injectable clock, and a warm page never touches PostgreSQL."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from tests.web import factories as f
from tests.web.statements import statements
from theset.core import config
from theset.core.clock import get_clock
from theset.models import ArtistSong, ImportStatus, Song
from theset.trending import service as trending

BROWSER = {"accept": "text/html", "user-agent": "Mozilla/5.0 (iPhone) Safari/604.1"}


async def _big_artist(session: AsyncSession, slug: str) -> None:
    """120 upcoming shows (3 pages of 50), 45 past ones (3 pages of 20), 450 songs (3 pages of 200)."""
    band = await f.artist(session, "Paged Band", slug=slug, import_state="complete")
    hall = await f.venue(session, "Paged Hall")
    for day in [*range(1, 121), *range(-45, 0)]:
        await f.show(session, band, day, hall)
    songs = [Song(spotify_id=f"sp-{slug}-{n}", name=f"Song {n:03d}") for n in range(450)]
    session.add_all(songs)
    await session.flush()
    session.add_all(ArtistSong(artist_id=band.id, song_id=s.id) for s in songs)
    await session.flush()


def _section(text: str, name: str) -> str:
    start = text.index(f'<section id="{name}"')
    return text[start : text.index("</section>", start)]


def _links(section: str) -> dict[str, str]:
    found = re.findall(r'<a href="([^"]+)" rel="(prev|next)"', section)
    return {rel: html.unescape(href) for href, rel in found}


async def test_paging_one_section_keeps_the_others_pages(
    app_client: httpx.AsyncClient, session: AsyncSession, redis_client: Any
) -> None:
    await _big_artist(session, "paged-band")
    text = (await app_client.get("/artists/paged-band?upcoming=2&past=3&catalog=2", headers=BROWSER)).text
    assert "Page 2 of 3" in _section(text, "upcoming") and "Page 3 of 3" in _section(text, "past")
    assert "Page 2 of 3" in _section(text, "catalog") and '<ol class="songs" start="201">' in text
    assert _links(_section(text, "upcoming")) == {
        "prev": "?upcoming=1&past=3&catalog=2#upcoming",
        "next": "?upcoming=3&past=3&catalog=2#upcoming",
    }
    assert _links(_section(text, "past")) == {"prev": "?upcoming=2&past=2&catalog=2#past"}
    assert _links(_section(text, "catalog"))["next"] == "?upcoming=2&past=3&catalog=3#catalog"
    # the htmx reload after an import carries every section's page too
    [reload_url] = re.findall(r'<div id="content" hx-get="([^"]+)"', text)
    assert html.unescape(reload_url) == "/artists/paged-band/content?upcoming=2&past=3&catalog=2"

    # following a link (served from the read cache by now) moves that section alone
    moved = (await app_client.get("/artists/paged-band?upcoming=3&past=3&catalog=2", headers=BROWSER)).text
    assert "Page 3 of 3" in _section(moved, "upcoming") and "Page 3 of 3" in _section(moved, "past")
    assert "Page 2 of 3" in _section(moved, "catalog") and "Song 200" in _section(moved, "catalog")
    fragment = (await app_client.get(html.unescape(reload_url), headers=BROWSER)).text
    assert "Page 2 of 3" in _section(fragment, "upcoming") and "Page 3 of 3" in _section(fragment, "past")
    assert (await app_client.get("/artists/paged-band/content?past=0")).status_code == 422


@pytest.fixture
async def clocked_client(
    connection: AsyncConnection, redis_client: Any
) -> AsyncIterator[tuple[httpx.AsyncClient, list[datetime]]]:
    from theset.web.app import create_app

    now = [datetime.now(UTC)]
    app = create_app(configure_logs=False)
    app.dependency_overrides[get_clock] = lambda: lambda: now[0]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        yield client, now


async def test_past_and_upcoming_follow_the_injected_utc_clock(
    clocked_client: tuple[httpx.AsyncClient, list[datetime]], session: AsyncSession
) -> None:
    client, now = clocked_client
    band = await f.artist(session, "Clock Band", slug="clock-band", import_state="complete")
    await f.show(session, band, 3, await f.venue(session, "Soon Hall"))
    text = (await client.get("/artists/clock-band", headers=BROWSER)).text
    assert "Soon Hall" in _section(text, "upcoming") and "1 upcoming show " in text

    now[0] += timedelta(days=5)  # the same show, seen five days later
    later = (await client.get("/artists/clock-band", headers=BROWSER)).text
    assert "Soon Hall" in _section(later, "past") and ">Played<" in _section(later, "past")
    assert "0 upcoming shows" in later
    api = await client.get("/api/artists/clock-band/shows")
    assert api.status_code == 200 and api.json()["items"] == []


async def test_a_warm_artist_page_makes_no_database_round_trip(
    app_client: httpx.AsyncClient, session: AsyncSession, connection: AsyncConnection, redis_client: Any
) -> None:
    await _big_artist(session, "warm-band")
    cold = await app_client.get("/artists/warm-band?upcoming=2", headers=BROWSER)
    assert cold.status_code == 200
    with statements(connection) as sent:
        warm = await app_client.get("/artists/warm-band?upcoming=2", headers=BROWSER)
    assert warm.status_code == 200 and warm.text == cold.text
    assert sent == []


async def test_a_cold_artist_page_reads_each_thing_once(
    app_client: httpx.AsyncClient,
    session: AsyncSession,
    connection: AsyncConnection,
    redis_client: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every request reads PostgreSQL with the read cache off (and after an import drops an artist's
    entries): the artist and its status, the totals once for the header and all three sections, one
    statement per section (shows with their venues, the past shows' results, a page of songs) and the
    setlist history. It once sent 15, counting the shows five times and reading the whole catalog."""
    await _big_artist(session, "cold-band")
    monkeypatch.setenv("READ_CACHE", "false")
    config.reset_settings_cache()
    with statements(connection) as sent:
        cold = await app_client.get("/artists/cold-band?upcoming=2", headers=BROWSER)
    assert cold.status_code == 200 and "Page 2 of 3" in _section(cold.text, "upcoming")
    assert len(sent) == 8 and len(set(sent)) == len(sent), sent


async def test_a_running_import_is_read_fresh_on_every_view(
    app_client: httpx.AsyncClient, session: AsyncSession, connection: AsyncConnection, redis_client: Any
) -> None:
    band = await f.artist(session, "Importing Band", slug="importing-band", import_state="in_progress")
    session.add(ImportStatus(artist_id=band.id, stage="shows", progress=20, message="Loading shows"))
    await session.flush()
    assert 'data-stage="shows"' in (await app_client.get("/artists/importing-band", headers=BROWSER)).text
    with statements(connection) as sent:
        again = await app_client.get("/artists/importing-band", headers=BROWSER)
    assert 'data-stage="shows"' in again.text and len(sent) > 2  # the status, shows and catalog, uncached


async def test_a_new_run_of_a_settled_artist_shows_its_progress_at_once(
    app_client: httpx.AsyncClient, session: AsyncSession, redis_client: Any
) -> None:
    band = await f.artist(session, "Settled Band", slug="settled-band", import_state="complete")
    session.add(ImportStatus(artist_id=band.id, stage="completed", progress=100, message="Import complete"))
    await session.flush()
    settled = await app_client.get("/artists/settled-band", headers=BROWSER)
    assert 'data-stage="completed"' in settled.text  # and its head is now cached
    kickoff = await app_client.post("/api/artists/import", json={"tmAttractionId": band.tm_attraction_id})
    assert kickoff.status_code == 200
    running = await app_client.get("/artists/settled-band", headers=BROWSER)
    assert 'data-stage="pending"' in running.text


async def test_a_page_past_the_last_shows_the_last_page(
    app_client: httpx.AsyncClient, session: AsyncSession, redis_client: Any
) -> None:
    await _big_artist(session, "far-band")
    text = (await app_client.get("/artists/far-band?upcoming=9&catalog=99", headers=BROWSER)).text
    upcoming, catalog = _section(text, "upcoming"), _section(text, "catalog")
    assert "Page 3 of 3" in upcoming and "No upcoming shows" not in upcoming
    assert _links(upcoming) == {"prev": "?upcoming=2&past=1&catalog=3#upcoming"}
    assert "Page 3 of 3" in catalog and "Song 449" in catalog


async def test_the_header_and_trending_count_the_same_upcoming_shows(
    app_client: httpx.AsyncClient, session: AsyncSession, redis_client: Any
) -> None:
    """One rule (shows.repository.is_upcoming): dated today or later, or not dated yet, and not cancelled.
    The header once counted cancelled shows and trending left out undated ones (48 against 44)."""
    band = await f.artist(session, "Mixed Band", slug="mixed-band", import_state="complete")
    for day in (1, 3, 40):
        await f.show(session, band, day)
    await f.show(session, band, 60, status="postponed")  # still to be played
    for _ in range(2):  # TBA: no date yet
        undated = await f.show(session, band, 1)
        undated.date, undated.date_tba = None, True
    await f.show(session, band, 9, status="cancelled")
    cancelled_undated = await f.show(session, band, 1, status="cancelled")
    cancelled_undated.date, cancelled_undated.date_tba = None, True
    await f.show(session, band, -3)
    await f.show(session, band, -10, status="cancelled")
    await session.flush()

    text = (await app_client.get("/artists/mixed-band", headers=BROWSER)).text
    [header] = re.findall(r"(\d+) upcoming shows? ·", text)
    upcoming = _section(text, "upcoming")
    assert int(header) == 6 and "(6)" in upcoming and upcoming.count('class="status-') == 6
    assert "status-cancelled" not in upcoming

    result = await trending.recalculate(session)
    await trending.publish(result.boards)
    [entry] = [a for a in result.boards["week"]["artists"] if a["slug"] == "mixed-band"]
    assert entry["upcomingShows"] == int(header)
    home = (await app_client.get("/", headers=BROWSER)).text
    assert f"{header} upcoming shows" in home
