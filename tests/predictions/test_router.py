"""Past setlists, the predicted setlist and song statistics over HTTP."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from theset.catalog.titles import title_key
from theset.core import cache
from theset.history import service
from theset.models import Artist, ArtistSong, Song
from theset.providers.types import Setlist, SetlistArtistRef, SetlistSet, SetlistSong, SetlistVenue

TODAY = date.today()
TITLES = ("Opener", "Anthem", "Ballad", "Closer", "Deep Cut")


async def _artist_with_history(session: AsyncSession) -> Artist:
    artist = Artist(name="Wednesday", slug="wednesday", mbid=str(uuid.uuid4()))
    session.add(artist)
    await session.flush()
    for n, title in enumerate(TITLES):
        song = Song(
            name=title, normalized_name=title_key(title), spotify_id=f"sp-{n}", popularity=90 - 10 * n,
            release_date="2020-05-01", album_name="First", album_type="album",
        )  # fmt: skip
        session.add(song)
        await session.flush()
        session.add(ArtistSong(artist_id=artist.id, song_id=song.id))
    await session.flush()
    setlists = []
    for n in range(6):  # every 10 days; the newest on the old tour, the others on the current one
        tour = "Old Tour" if n == 5 else "Current Tour"
        main = [SetlistSong("Opener"), SetlistSong("Anthem"), SetlistSong("Ballad")]
        if n == 5:
            main = [SetlistSong("Deep Cut")]
        setlists.append(
            Setlist(
                id=f"ab{n:06d}",
                event_date=TODAY - timedelta(days=10 * (n + 1)),
                version_id="v1",
                tour=tour,
                venue=SetlistVenue(id=None, name=f"Hall {n}", city="Leeds", country_code="GB"),
                sets=(
                    SetlistSet(
                        songs=(
                            SetlistSong("Walk-in", tape=True),
                            *main,
                            SetlistSong("Cover Me", cover=SetlistArtistRef("X", None)),
                        )
                    ),
                    SetlistSet(songs=(SetlistSong("Closer"),), encore=1),
                ),
            )
        )
    await service.store_setlists(session, artist.id, setlists)
    await session.commit()
    return artist


async def test_past_setlists_newest_first_with_their_songs(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await _artist_with_history(session)
    first = (await app_client.get("/api/artists/wednesday/setlists", params={"limit": 2})).json()
    assert [s["setlistfmId"] for s in first["items"]] == ["ab000000", "ab000001"]
    newest = first["items"][0]
    assert newest["date"] == (TODAY - timedelta(days=10)).isoformat() and newest["tour"] == "Current Tour"
    assert newest["venue"] == {"name": "Hall 0", "city": "Leeds", "countryCode": "GB"}
    songs = newest["songs"]
    assert [s["title"] for s in songs] == ["Walk-in", "Opener", "Anthem", "Ballad", "Cover Me", "Closer"]
    assert [s["songId"] is not None for s in songs] == [False, True, True, True, False, True]
    assert songs[0]["isTape"] and songs[4]["isCover"] and songs[5]["encore"] == 1
    rest = (await app_client.get("/api/artists/wednesday/setlists", params={"offset": 2})).json()
    assert [s["setlistfmId"] for s in rest["items"]] == [f"ab{n:06d}" for n in range(2, 6)]


async def test_predicted_setlist_in_the_contract_shape(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    artist = await _artist_with_history(session)
    body = (await app_client.get(f"/api/artists/{artist.id}/predicted-setlist", params={"limit": 4})).json()
    assert [s["title"] for s in body["songs"]][:1] in (["Opener"], ["Anthem"], ["Ballad"], ["Closer"])
    assert {s["title"] for s in body["songs"]} == {"Opener", "Anthem", "Ballad", "Closer"}
    assert all(set(s) == {"songId", "title", "score", "reason"} for s in body["songs"])
    assert all("of the Current Tour" in s["reason"] for s in body["songs"])
    based = body["basedOn"]
    assert based["setlists"] == 6 and based["since"] == (TODAY - timedelta(days=60)).isoformat()
    assert based["tour"] == "Current Tour" and based["summary"] == "based on 5 shows of the Current Tour"


async def test_as_of_uses_history_strictly_before_it(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await _artist_with_history(session)
    as_of = (TODAY - timedelta(days=50)).isoformat()  # only the old tour's show is before it
    body = (await app_client.get("/api/artists/wednesday/predicted-setlist", params={"asOf": as_of})).json()
    assert body["basedOn"]["setlists"] == 1
    assert {s["title"] for s in body["songs"][:2]} == {"Deep Cut", "Closer"}
    empty = (
        await app_client.get(
            "/api/artists/wednesday/predicted-setlist", params={"asOf": "2001-01-01", "limit": 2}
        )
    ).json()
    assert empty["basedOn"] == {
        "setlists": 0,
        "since": None,
        "tour": None,
        "tourShows": 0,
        "summary": empty["basedOn"]["summary"],
    }
    assert [s["title"] for s in empty["songs"]] == [], "nothing was released yet in 2001"


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/api/artists/nobody/predicted-setlist", {}, 404),
        ("/api/artists/nobody/setlists", {}, 404),
        ("/api/artists/a%00b/setlists", {}, 422),
        ("/api/artists/%00/predicted-setlist", {}, 422),
        ("/api/artists/" + "x" * 5000 + "/songs", {}, 404),
        ("/api/artists/wednesday/predicted-setlist", {"asOf": "yesterday"}, 422),
        ("/api/artists/wednesday/predicted-setlist", {"asOf": "0001-01-01"}, 422),
        ("/api/artists/wednesday/predicted-setlist", {"limit": 0}, 422),
        ("/api/artists/wednesday/predicted-setlist", {"limit": "\x00"}, 422),
        ("/api/artists/wednesday/setlists", {"limit": 1000}, 422),
        ("/api/artists/wednesday/songs", {"sort": "<script>"}, 422),
    ],
)
async def test_bad_input_is_a_clear_4xx(
    app_client: httpx.AsyncClient, session: AsyncSession, path: str, params: dict[str, object], status: int
) -> None:
    await _artist_with_history(session)
    response = await app_client.get(path, params=params)
    assert response.status_code == status
    assert set(response.json()["error"]) == {"code", "message"}


async def test_songs_carry_live_statistics_and_sort_by_the_current_tour(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await _artist_with_history(session)
    body = (await app_client.get("/api/artists/wednesday/songs")).json()
    stats = {s["name"]: (s["timesPlayed"], s["lastPlayed"], s["currentTourShare"]) for s in body["items"]}
    newest = (TODAY - timedelta(days=10)).isoformat()
    assert stats["Opener"] == (5, newest, 1.0)
    assert stats["Deep Cut"] == (1, (TODAY - timedelta(days=60)).isoformat(), 0.0)
    tour = (
        await app_client.get("/api/artists/wednesday/songs", params={"sort": "currentTour", "limit": 5})
    ).json()
    assert [s["name"] for s in tour["items"]][-1] == "Deep Cut"
    played = (
        await app_client.get(
            "/api/artists/wednesday/songs", params={"sort": "played", "limit": 1, "offset": 4}
        )
    ).json()
    assert [s["name"] for s in played["items"]] == ["Deep Cut"]


async def test_song_statistics_are_read_once_and_follow_the_artists_cache_tag(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    artist = await _artist_with_history(session)

    async def opener_plays() -> int:
        body = (await app_client.get("/api/artists/wednesday/songs", params={"limit": 5})).json()
        return next(s["timesPlayed"] for s in body["items"] if s["name"] == "Opener")

    assert await opener_plays() == 5
    newer = Setlist(
        id="ab999999",
        event_date=TODAY - timedelta(days=1),
        version_id="v1",
        tour="Current Tour",
        venue=SetlistVenue(id=None, name="Hall 9", city="Leeds", country_code="GB"),
        sets=(SetlistSet(songs=(SetlistSong("Opener"),)),),
    )
    await service.store_setlists(session, artist.id, [newer])  # written behind the cache's back
    await session.commit()
    assert await opener_plays() == 5, "the whole history is not read again on every request"
    await cache.invalidate(cache.artist_tag(artist.id))  # what an arriving setlist or import does
    assert await opener_plays() == 6
