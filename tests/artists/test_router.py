from __future__ import annotations

import uuid
from datetime import date, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.trending.factories import link_headliners
from theset.models import Artist, ArtistSong, Show, ShowArtist, Song, Venue
from theset.trending import service as trending


async def _seed(session: AsyncSession) -> Artist:
    artist = Artist(
        name="Big Thief", slug="big-thief", tm_attraction_id="K8vZ917bigT", import_state="complete"
    )
    venue = Venue(tm_venue_id="KovZpZA7AAEA", name="The Anthem", city="Washington", country_code="US")
    session.add_all([artist, venue])
    await session.flush()
    today = date.today()
    session.add_all(
        [
            Show(
                tm_event_id="ev-past", artist_id=artist.id, venue_id=venue.id, date=today - timedelta(days=30)
            ),
            Show(
                tm_event_id="ev-soon", artist_id=artist.id, venue_id=venue.id, date=today + timedelta(days=3)
            ),
            Show(
                tm_event_id="ev-later",
                artist_id=artist.id,
                date=today + timedelta(days=90),
                status="postponed",
            ),
            Show(tm_event_id="ev-tba", artist_id=artist.id, date=None, date_tba=True),
        ]
    )
    await link_headliners(session)
    song = Song(spotify_id="sp-1", name="Not", album_name="Two Hands", popularity=70, isrc="USX9P1900001")
    session.add(song)
    await session.flush()
    session.add(ArtistSong(artist_id=artist.id, song_id=song.id))
    await session.flush()
    return artist


async def test_artist_by_id_and_by_slug(app_client: httpx.AsyncClient, session: AsyncSession) -> None:
    artist = await _seed(session)
    await session.commit()
    by_slug = await app_client.get("/api/artists/big-thief")
    by_id = await app_client.get(f"/api/artists/{artist.id}")
    assert by_slug.status_code == by_id.status_code == 200
    assert by_slug.json() == by_id.json()
    body = by_slug.json()
    assert body["showCount"] == 4 and body["songCount"] == 1 and body["importStatus"] is None


async def test_upcoming_shows_in_date_order_with_venues(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await _seed(session)
    await session.commit()
    body = (await app_client.get("/api/artists/big-thief/shows")).json()
    assert [s["tmEventId"] for s in body["items"]] == ["ev-soon", "ev-later", "ev-tba"]
    assert body["items"][0]["venue"]["name"] == "The Anthem"
    assert body["items"][1]["status"] == "postponed" and body["items"][1]["venue"] is None
    past = (await app_client.get("/api/artists/big-thief/shows", params={"upcoming": "false"})).json()
    assert len(past["items"]) == 4


async def test_songs_and_paging_bounds(app_client: httpx.AsyncClient, session: AsyncSession) -> None:
    await _seed(session)
    await session.commit()
    body = (await app_client.get("/api/artists/big-thief/songs")).json()
    assert [s["name"] for s in body["items"]] == ["Not"]
    bad = await app_client.get("/api/artists/big-thief/songs", params={"limit": 0})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error"


async def test_unknown_artist_is_404_everywhere(app_client: httpx.AsyncClient) -> None:
    for path in (
        "/api/artists/nobody",
        f"/api/artists/{uuid.uuid4()}",
        "/api/artists/nobody/shows",
        "/api/artists/nobody/songs",
        "/artists/nobody",
    ):
        response = await app_client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"


async def test_pages_render_and_escape_hostile_names(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    xss = Artist(name="<script>alert('x')</script>", slug="xss-band", tm_attraction_id="K8vXSS")
    session.add(xss)
    await _seed(session)
    xss_show = Show(tm_event_id="ev-xss", artist_id=xss.id, date=date.today() + timedelta(days=1))
    session.add(xss_show)
    await session.flush()
    session.add(ShowArtist(show_id=xss_show.id, artist_id=xss.id, role="headliner", billing_order=0))
    await session.flush()
    await trending.recalculate(session)  # the hourly job: the home page lists the stored ranking
    await session.commit()
    home = await app_client.get("/")
    assert home.status_code == 200
    assert "<script>alert('x')</script>" not in home.text and "&lt;script&gt;" in home.text
    page = await app_client.get("/artists/big-thief")
    assert page.status_code == 200
    assert "The Anthem" in page.text and "Not" in page.text
    suggest = await app_client.get("/search/suggest", params={"q": "big"})
    assert suggest.status_code == 200 and "/artists/big-thief" in suggest.text
