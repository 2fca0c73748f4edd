from __future__ import annotations

import uuid
from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from theset.core import cache, config
from theset.models import Artist, Setlist, SetlistSong, Show, ShowArtist, Song, Venue
from theset.trending.service import board_key


async def _show_with_prediction(session: AsyncSession) -> Show:
    artist = Artist(name="Wednesday", slug="wednesday", tm_attraction_id="K8vWED01", trending_score=12.5)
    venue = Venue(tm_venue_id="KovWED01", name="Cat's Cradle", city="Carrboro", country_code="US")
    song = Song(spotify_id="sp-wed-1", name="Bull Believer")
    session.add_all([artist, venue, song])
    await session.flush()
    show = Show(
        tm_event_id="evWED01", artist_id=artist.id, venue_id=venue.id, date=date.today() + timedelta(days=9)
    )
    session.add(show)
    await session.flush()
    session.add(ShowArtist(show_id=show.id, artist_id=artist.id, role="headliner", billing_order=0))
    setlist = Setlist(show_id=show.id, kind="predicted")
    session.add(setlist)
    await session.flush()
    session.add(
        SetlistSong(setlist_id=setlist.id, song_id=song.id, title=song.name, position=1, vote_count=3)
    )
    await session.commit()
    return show


async def test_show_with_venue_artist_and_predicted_setlist(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    show = await _show_with_prediction(session)
    body = (await app_client.get(f"/api/shows/{show.id}")).json()
    assert body["venue"]["name"] == "Cat's Cradle" and body["artist"]["slug"] == "wednesday"
    [song] = body["setlists"]["predicted"]["songs"]
    assert (song["title"], song["position"], song["votes"]) == ("Bull Believer", 1, 3)
    assert "actual" not in body["setlists"]


async def test_unknown_and_malformed_show_ids(app_client: httpx.AsyncClient) -> None:
    assert (await app_client.get(f"/api/shows/{uuid.uuid4()}")).status_code == 404
    assert (await app_client.get("/api/shows/nope")).status_code == 422


async def test_trending_from_database_then_cache(
    app_client: httpx.AsyncClient, session: AsyncSession, redis_client: object
) -> None:
    await _show_with_prediction(session)
    fallback = (await app_client.get("/api/trending")).json()  # a miss: the stored ranking
    assert fallback["timeframe"] == "week" and fallback["artists"][0]["slug"] == "wednesday"
    assert fallback["artists"][0]["rank"] == 1
    published = {
        **fallback,
        "timeframe": "today",
        "partial": False,
        "computedAt": "2026-12-01T10:00:00+00:00",
    }
    published["artists"] = [{**fallback["artists"][0], "name": "Cached", "recentVotes": 7}]
    await cache.store(board_key("today"), 60, published)
    cached = (await app_client.get("/api/trending", params={"timeframe": "today"})).json()
    assert cached["artists"][0]["name"] == "Cached" and cached["artists"][0]["recentVotes"] == 7
    assert cached["partial"] is False
    # A board an older release cached (another shape, under the unversioned key) is never read.
    await cache.store("trending:week", 60, {"timeframe": "week", "artists": [{"name": "Odd"}]})
    week = await app_client.get("/api/trending")
    assert week.status_code == 200 and week.json()["artists"][0]["slug"] == "wednesday"
    assert (await app_client.get("/api/trending", params={"timeframe": "year"})).status_code == 422


async def test_search_degrades_to_local_results_when_ticketmaster_is_down(
    app_client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _show_with_prediction(session)
    monkeypatch.setenv("SIMULATOR_URL", "http://127.0.0.1:9")
    config.reset_settings_cache()
    body = (await app_client.get("/api/search", params={"q": "wedn"})).json()
    assert [a["slug"] for a in body["artists"]] == ["wednesday"]
    assert body["attractions"] == [] and body["attractionsUnavailable"] is True
    assert (await app_client.get("/api/search", params={"q": "x" * 101})).status_code == 422


async def test_search_offers_attractions_not_imported_yet(
    app_client: httpx.AsyncClient, sim_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIMULATOR_URL", sim_url)
    config.reset_settings_cache()
    body = (await app_client.get("/api/search", params={"q": "Velvet"})).json()
    assert body["artists"] == []
    assert [a["name"] for a in body["attractions"]] == ["Velvet Meridian"]
