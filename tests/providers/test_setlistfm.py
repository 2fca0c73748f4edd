"""setlist.fm: the real JSON shape (sets.set, encores, tape, covers), 404 = none, paging."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import httpx

from tests.providers.conftest import Sim
from theset.core.http import UpstreamClient
from theset.providers.setlistfm import SetlistFmClient, parse_event_date, parse_setlist

PEARL_JAM = {
    "id": "43e86b6f",
    "versionId": "7363360d",
    "eventDate": "04-09-2018",
    "lastUpdated": "2018-10-05T05:40:59.000+0000",
    "artist": {"mbid": "83b9cbe7-9857-49e2-ab8e-b57b01038103", "name": "Pearl Jam"},
    "venue": {
        "id": "3d639d3",
        "name": "Fenway Park",
        "city": {
            "id": "4930956",
            "name": "Boston",
            "state": "Massachusetts",
            "stateCode": "MA",
            "coords": {"lat": 42.3584308, "long": "-71.0597732"},
            "country": {"code": "US", "name": "United States"},
        },
    },
    "tour": {"name": "The Home X Away Shows"},
    "sets": {
        "set": [
            {
                "song": [
                    {"name": "Aye Davanita", "tape": True},
                    {"name": "Given to Fly"},
                    {"name": ""},
                    {
                        "name": "Arms Aloft",
                        "cover": {"mbid": "39c1e474-647e-42ef-a157-fcfb30c2c2ff", "name": "Joe Strummer"},
                    },
                    {"name": "Red Mosquito", "info": "with Danny Clinch on harmonica"},
                ]
            },
            {"encore": 1, "song": [{"name": "Thumbing My Way"}, {"name": "Go"}]},
            {"encore": "2", "song": {"name": "Alive"}},  # XML-derived JSON: a single song as an object
            {"name": "empty set", "song": []},
        ]
    },
    "url": "https://www.setlist.fm/setlist/pearl-jam/2018/fenway-park-boston-ma-43e86b6f.html",
}


def test_parse_real_setlist_shape() -> None:
    setlist = parse_setlist(PEARL_JAM)
    assert setlist is not None
    assert setlist.event_date == date(2018, 9, 4)
    assert setlist.last_updated == datetime.fromisoformat("2018-10-05T05:40:59+00:00")
    assert [s.encore for s in setlist.sets] == [0, 1, 2]  # empty set dropped
    names = [song.name for song in setlist.songs]
    assert names == [
        "Aye Davanita",
        "Given to Fly",
        "Arms Aloft",
        "Red Mosquito",
        "Thumbing My Way",
        "Go",
        "Alive",
    ]
    assert setlist.songs[0].tape and "Aye Davanita" not in [s.name for s in setlist.performed_songs]
    cover = setlist.songs[2]
    assert cover.is_cover and cover.cover is not None and cover.cover.name == "Joe Strummer"
    assert not setlist.songs[1].is_cover
    assert (
        setlist.venue is not None
        and setlist.venue.longitude == -71.0597732
        and setlist.venue.city == "Boston"
    )
    assert setlist.tour == "The Home X Away Shows" and setlist.artist_name == "Pearl Jam"


def test_parse_odd_shapes() -> None:
    documented = parse_setlist({"id": "1", "eventDate": "31-12-1999", "set": [{"song": [{"name": "A"}]}]})
    assert documented is not None and [s.name for s in documented.songs] == ["A"]
    bare = parse_setlist({"id": "2", "eventDate": "bad", "sets": {"set": []}, "venue": "junk"})
    assert bare is not None and bare.event_date is None and bare.sets == () and bare.venue is None
    assert parse_event_date("01-02-2003") == date(2003, 2, 1)
    assert parse_setlist({"eventDate": "01-01-2000"}) is None


async def test_paging_stops_at_total_and_404_means_none() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if "unknown" in request.url.path:
            return httpx.Response(404, json={"code": 404, "status": "Not Found", "message": "not found"})
        page = int(request.url.params["p"])
        items = [{"id": f"{page}-{i}", "eventDate": "01-01-2020"} for i in range(20 if page < 3 else 5)]
        return httpx.Response(
            200, json={"type": "setlists", "itemsPerPage": 20, "page": page, "total": 45, "setlist": items}
        )

    http = UpstreamClient(
        "setlistfm",
        "https://sfm.invalid/rest/1.0",
        headers={"x-api-key": "k"},
        transport=httpx.MockTransport(handler),
        max_retries=0,
    )
    client = SetlistFmClient(http)
    found = [s async for s in client.iter_artist_setlists("mbid-1")]
    assert len(found) == 45 and len(seen) == 3
    assert [r.url.params["p"] for r in seen] == ["1", "2", "3"]
    limited = [s async for s in client.iter_artist_setlists("mbid-1", max_pages=1)]
    assert len(limited) == 20
    assert [s async for s in client.iter_artist_setlists("unknown")] == []
    await client.aclose()


async def test_against_simulator(sim: Sim, redis_client: Any) -> None:
    artist = sim.artists["candleglass-orchestra"]
    truth = await sim.truth(artist["tmAttractionId"])
    async with sim.providers(redis_client) as p:
        setlists = [s async for s in p.setlistfm.iter_artist_setlists(artist["mbid"])]
        assert {s.id for s in setlists} == set(truth["setlists"])
        target = next(s for s in setlists if s.event_date and s.songs)
        matches = await p.setlistfm.search_setlists(artist_mbid=artist["mbid"], date=target.event_date)
        assert target.id in {s.id for s in matches}
        assert await p.setlistfm.search_setlists(artist_mbid=artist["mbid"], date=date(1901, 1, 1)) == []
        assert [
            s async for s in p.setlistfm.iter_artist_setlists("00000000-0000-0000-0000-000000000000")
        ] == []
        # A 429 the client absorbed is not a call the listing needed: on a busy machine two paced
        # requests can still land in one rate-limit window of the simulator.
        calls = p.setlistfm.calls - p.setlistfm.http.stats["rate_limited"]
    assert all(s.artist_mbid == artist["mbid"] for s in setlists)
    assert all(isinstance(s.event_date, date) for s in setlists)
    assert calls == -(-len(setlists) // 20) + 3
