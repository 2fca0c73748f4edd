"""Typeahead: short queries find artists on TheSet, and artists already here are never offered for import."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.web import factories as f
from theset.core import config
from theset.models import Artist
from theset_simulator.options import NO_LIMITS


@pytest.fixture
def on_simulator(sim_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Searches in quick succession, with the shared rate limiter's state flushed between tests, would trip
    # the simulator's spike arrest (a 429 the typeahead does not retry): limits are tested elsewhere.
    httpx.post(f"{sim_url}/_sim/config", json=NO_LIMITS).raise_for_status()
    monkeypatch.setenv("SIMULATOR_URL", sim_url)
    config.reset_settings_cache()
    yield
    httpx.post(f"{sim_url}/_sim/reset").raise_for_status()


async def test_two_letter_queries_find_artists_by_any_word(
    app_client: httpx.AsyncClient, session: AsyncSession, on_simulator: None
) -> None:
    for name in ("Big Thief", "MJ Lenderman", "Bikini Kill"):
        await f.artist(session, name)
    for query, expected in (
        ("bi", ["Big Thief", "Bikini Kill"]),
        ("le", ["MJ Lenderman"]),
        ("th", ["Big Thief"]),
    ):
        body = (await app_client.get("/api/search", params={"q": query})).json()
        assert [a["name"] for a in body["artists"]] == expected, query
    html = await app_client.get("/search/suggest", params={"q": "le"})
    assert 'href="/artists/' in html.text and "MJ Lenderman" in html.text


async def test_artists_already_on_theset_are_not_offered_for_import(
    app_client: httpx.AsyncClient, session: AsyncSession, on_simulator: None
) -> None:
    offered = (await app_client.get("/api/search", params={"q": "Velvet"})).json()["attractions"]
    [velvet] = [a for a in offered if a["name"] == "Velvet Meridian"]
    # On TheSet under another name (a placeholder while its import runs): no name match at all.
    await f.artist(session, "tm-placeholder")
    await session.execute(
        update(Artist)
        .where(Artist.name == "tm-placeholder")
        .values(tm_attraction_id=velvet["tmAttractionId"])
    )
    body = (await app_client.get("/api/search", params={"q": "Velvet"})).json()
    assert velvet["tmAttractionId"] not in {a["tmAttractionId"] for a in body["attractions"]}
    assert "tm-placeholder" in [a["name"] for a in body["artists"]]
    html = (await app_client.get("/search/suggest", params={"q": "Velvet"})).text
    assert f'data-import="{velvet["tmAttractionId"]}"' not in html


async def test_nul_bytes_and_hostile_queries_are_harmless(
    app_client: httpx.AsyncClient, on_simulator: None
) -> None:
    assert (await app_client.get("/api/search", params={"q": "\x00ab"})).status_code == 422  # at the edge
    for query in ("<script>x</script>", "%_\\"):
        response = await app_client.get("/api/search", params={"q": query})
        assert response.status_code == 200, query
        suggest = await app_client.get("/search/suggest", params={"q": query})
        assert suggest.status_code == 200 and "<script>x" not in suggest.text
    assert (await app_client.get("/api/artists/%00")).status_code == 422
