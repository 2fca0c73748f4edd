"""setlist.fm: x-api-key, JSON only when asked, 404 for empty results, sets.set nesting, rate limits."""

from __future__ import annotations

import re

from .conftest import SETLISTFM, SFM, Sim, SimFactory


async def test_key_and_accept_header(sim: Sim) -> None:
    mbid = (await sim.artists())["hollow-pines"]["mbid"]
    no_key = await sim.client.get(f"{SFM}/artist/{mbid}/setlists", headers={"Accept": "application/json"})
    assert no_key.status_code == 403 and no_key.json() == {"message": "Forbidden"}
    sim.clock.advance(1)
    xml = await sim.client.get(f"{SFM}/artist/{mbid}/setlists", headers={"x-api-key": "sim-setlistfm-key"})
    assert xml.status_code == 200 and xml.headers["content-type"].startswith("application/xml")


async def test_setlists_page_from_one_and_nest_sets(free_sim: Sim) -> None:
    artists = await free_sim.artists()
    mbid = artists["hollow-pines"]["mbid"]
    truth = (await free_sim.client.get(f"/_sim/truth/{artists['hollow-pines']['tmAttractionId']}")).json()
    first = (await free_sim.client.get(f"{SFM}/artist/{mbid}/setlists", headers=SETLISTFM)).json()
    assert first["type"] == "setlists" and first["page"] == 1 and first["itemsPerPage"] == 20
    assert first["total"] == len(truth["setlists"])
    setlist = first["setlist"][0]
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4}", setlist["eventDate"])
    assert isinstance(setlist["sets"]["set"], list) and "set" not in setlist
    assert setlist["artist"]["mbid"] == mbid and isinstance(setlist["venue"]["city"]["coords"]["lat"], float)
    last_page = -(-first["total"] // 20)
    assert (
        await free_sim.client.get(f"{SFM}/artist/{mbid}/setlists", params={"p": last_page}, headers=SETLISTFM)
    ).status_code == 200
    past_end = await free_sim.client.get(
        f"{SFM}/artist/{mbid}/setlists", params={"p": last_page + 1}, headers=SETLISTFM
    )
    assert past_end.status_code == 404


async def test_empty_search_is_404(free_sim: Sim) -> None:
    response = await free_sim.client.get(
        f"{SFM}/search/setlists", params={"artistName": "Nobody At All"}, headers=SETLISTFM
    )
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == 404 and body["status"] == "Not Found" and "timestamp" in body
    unknown = await free_sim.client.get(
        f"{SFM}/artist/00000000-0000-4000-8000-000000000000/setlists", headers=SETLISTFM
    )
    assert unknown.status_code == 404


async def test_search_by_date_uses_day_month_year(free_sim: Sim) -> None:
    mbid = (await free_sim.artists())["hollow-pines"]["mbid"]
    first = (await free_sim.client.get(f"{SFM}/artist/{mbid}/setlists", headers=SETLISTFM)).json()["setlist"][
        0
    ]
    day, month, year = first["eventDate"].split("-")
    wrong = await free_sim.client.get(
        f"{SFM}/search/setlists",
        params={"artistMbid": mbid, "date": f"{year}-{month}-{day}"},
        headers=SETLISTFM,
    )
    assert wrong.status_code == 400
    right = await free_sim.client.get(
        f"{SFM}/search/setlists", params={"artistMbid": mbid, "date": first["eventDate"]}, headers=SETLISTFM
    )
    assert first["id"] in {s["id"] for s in right.json()["setlist"]}
    single = await free_sim.client.get(f"{SFM}/setlist/{first['id']}", headers=SETLISTFM)
    assert single.json() == first


async def test_rate_limit_without_retry_after(sim_factory: SimFactory) -> None:
    async with sim_factory(setlistfm_daily_quota=4) as sim:
        mbid = (await sim.artists())["juniper-vale"]["mbid"]
        url = f"{SFM}/artist/{mbid}/setlists"
        statuses = [(await sim.client.get(url, headers=SETLISTFM)).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        throttled = await sim.client.get(url, headers=SETLISTFM)
        assert "Retry-After" not in throttled.headers and throttled.json() == {"message": "Too Many Requests"}
        sim.clock.advance(2)
        assert (await sim.client.get(url, headers=SETLISTFM)).status_code == 200
        assert (await sim.client.get(url, headers=SETLISTFM)).status_code == 200
        sim.clock.advance(2)
        daily = await sim.client.get(url, headers=SETLISTFM)
        assert daily.status_code == 429 and daily.json() == {"message": "Limit Exceeded"}
