"""A kickoff with a made-up attraction creates no public artist, is cleaned up, and is limited per address."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from theset.artists import repository as artists_repo
from theset.core import config
from theset.maintenance.service import delete_unidentified_artists
from theset.models import Artist, ImportStatus
from theset.trending.repository import artist_signals

HOSTILE = "Totally Real Band " + "x" * 280


async def test_an_unconfirmed_attraction_is_on_no_public_list(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    made_up = await app_client.post(
        "/api/artists/import", json={"tmAttractionId": "K8vMADEUP01", "name": HOSTILE}
    )
    assert made_up.status_code == 200
    real = Artist(name="Totally Real Band", slug="totally-real-band", tm_attraction_id="K8vREAL0001")
    session.add(real)
    await session.flush()

    home = await app_client.get("/")
    assert home.status_code == 200 and "x" * 50 not in home.text
    found = await artists_repo.search(session, "Totally Real Band", 10)
    assert [a.slug for a in found] == ["totally-real-band"]
    listed = await artist_signals(session, now=datetime.now(UTC))
    assert made_up.json()["artistId"] not in {str(s.id) for s in listed}
    # The fan who asked still sees the page and its progress, by its placeholder link.
    assert (await app_client.get(f"/api/artists/{made_up.json()['slug']}")).status_code == 200


async def test_weekly_cleanup_deletes_artists_whose_identity_never_succeeded(
    app_client: httpx.AsyncClient, session: AsyncSession, connection: AsyncConnection
) -> None:
    body = (await app_client.post("/api/artists/import", json={"tmAttractionId": "K8vMADEUP02"})).json()
    artist_id = uuid.UUID(body["artistId"])
    later = datetime.now(UTC) + timedelta(days=2)
    assert await delete_unidentified_artists(session, now=later) == [], "a live import is left alone"
    await session.execute(
        update(ImportStatus).where(ImportStatus.artist_id == artist_id).values(stage="failed")
    )
    assert await delete_unidentified_artists(session, now=datetime.now(UTC)) == [], "kept for a day"
    assert await delete_unidentified_artists(session, now=later) == [artist_id]
    assert (await session.execute(select(func.count()).select_from(Artist))).scalar_one() == 0


async def test_kickoffs_are_limited_per_address(
    app_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMPORT_KICKOFFS_PER_MINUTE", "2")
    config.reset_settings_cache()
    # Fixed one-minute windows: 5 requests span at most two windows, so one window gets 3 (> 2),
    # whenever the minute turns.
    responses = [
        await app_client.post("/api/artists/import", json={"tmAttractionId": f"K8vLIMIT{n}"})
        for n in range(5)
    ]
    assert [r.status_code for r in responses[:2]] == [200, 200]
    refused = [r for r in responses if r.status_code == 429]
    assert refused and refused[0].json()["error"]["code"] == "rate_limited"
