"""Ticketmaster Discovery v2: auth, paging caps, date format, TBA handling, empty results, rate limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from .conftest import TM, Sim, SimFactory


async def test_api_key_is_required(sim: Sim) -> None:
    for params in ({}, {"apikey": "wrong"}):
        response = await sim.client.get(f"{TM}/events.json", params=params)
        assert response.status_code == 401
        assert response.json()["fault"]["detail"]["errorcode"] == "oauth.v2.InvalidApiKey"
        assert "Rate-Limit" not in response.headers
    assert sim.state.limits.tm_quota.used == 0  # rejected at the gateway: no quota used


async def test_rate_limit_headers_count_down(sim: Sim) -> None:
    artists = await sim.artists()
    first = await sim.tm("/events.json", attractionId=artists["hollow-pines"]["tmAttractionId"])
    sim.clock.advance(1)
    second = await sim.tm("/events.json", attractionId=artists["hollow-pines"]["tmAttractionId"])
    assert first.headers["Rate-Limit"] == "5000"
    assert int(first.headers["Rate-Limit-Available"]) - int(second.headers["Rate-Limit-Available"]) == 1
    reset_ms = int(first.headers["Rate-Limit-Reset"])
    assert reset_ms == int((sim.clock.now - 1 + 86_400) * 1000)  # 24 h after the day's first call


async def test_size_cap_defaults_to_the_stricter_199(sim_factory: SimFactory) -> None:
    async with sim_factory(ticketmaster_rate_per_s=0) as sim:
        assert (await sim.tm("/events.json", size=199)).status_code == 200
        refused = await sim.tm("/events.json", size=200)
        assert refused.status_code == 400
        error = refused.json()["errors"][0]
        assert error["code"] == "DIS1036" and error["status"] == "400 BAD_REQUEST"
        assert error["_links"]["about"]["href"].endswith("#DIS1036")
    async with sim_factory(ticketmaster_rate_per_s=0, ticketmaster_max_size=200) as sim:
        assert (await sim.tm("/events.json", size=200)).status_code == 200
        assert (await sim.tm("/events.json", size=201)).json()["errors"][0]["code"] == "DIS1036"


async def test_deep_paging_documented_and_observed_caps(sim_factory: SimFactory) -> None:
    async with sim_factory(ticketmaster_rate_per_s=0) as sim:
        assert (await sim.tm("/events.json", size=199, page=5)).status_code == 200  # 995 < 1000
        refused = await sim.tm("/events.json", size=100, page=10)
        assert refused.status_code == 400 and refused.json()["errors"][0]["code"] == "DIS1035"
    async with sim_factory(
        ticketmaster_rate_per_s=0, ticketmaster_max_size=200, ticketmaster_paging_cap=1200
    ) as sim:
        assert (await sim.tm("/events.json", size=200, page=5)).status_code == 200
        assert (await sim.tm("/events.json", size=200, page=6)).json()["errors"][0]["code"] == "DIS1035"


async def test_only_one_date_format_is_accepted(free_sim: Sim) -> None:
    for bad in ("2026-12-01T00:00:00.000Z", "2026-12-01T00:00:00", "2026-12-01"):
        response = await free_sim.tm("/events.json", startDateTime=bad)
        assert response.status_code == 400
        error = response.json()["errors"][0]
        assert error["code"] == "DIS1015" and "self" in error["_links"]
    assert (await free_sim.tm("/events.json", startDateTime="2026-12-01T00:00:00Z")).status_code == 200


async def test_empty_result_has_no_embedded(free_sim: Sim) -> None:
    artists = await free_sim.artists()
    response = await free_sim.tm("/events.json", attractionId=artists["ruth-calloway"]["tmAttractionId"])
    body = response.json()
    assert response.status_code == 200
    assert "_embedded" not in body
    assert body["page"] == {"size": 20, "totalElements": 0, "totalPages": 0, "number": 0}


async def test_tba_events_need_their_own_calls(free_sim: Sim, sim_factory: SimFactory) -> None:
    artists = await free_sim.artists()
    attraction = artists["hollow-pines"]["tmAttractionId"]
    truth = (await free_sim.client.get(f"/_sim/truth/{attraction}")).json()
    default = await free_sim.tm("/events.json", attractionId=attraction, size=199)
    served = {e["id"] for e in default.json()["_embedded"]["events"]}
    assert set(truth["tba_tbd_events"]).isdisjoint(served)
    tba = await free_sim.tm("/events.json", attractionId=attraction, includeTBA="only")
    tbd = await free_sim.tm("/events.json", attractionId=attraction, includeTBD="only")
    undated = {e["id"] for r in (tba, tbd) for e in r.json()["_embedded"]["events"]}
    assert undated == set(truth["tba_tbd_events"])
    both = await free_sim.tm("/events.json", attractionId=attraction, includeTBA="only", includeTBD="only")
    assert both.json()["page"]["totalElements"] == 0
    async with sim_factory(ticketmaster_rate_per_s=0, ticketmaster_tba_excluded_by_default=False) as docs:
        listed = await docs.tm("/events.json", attractionId=attraction, size=199)
        assert listed.json()["page"]["totalElements"] == len(truth["events"])


async def test_event_shapes_carry_the_quirks(free_sim: Sim) -> None:
    artists = await free_sim.artists()
    attraction = artists["candleglass-orchestra"]["tmAttractionId"]
    response = await free_sim.tm("/events.json", attractionId=attraction, size=199, sort="date,asc")
    events = response.json()["_embedded"]["events"]
    venues = [e["_embedded"]["venues"][0] for e in events]
    assert any("timezone" not in e["dates"] for e in events) and all("timezone" in v for v in venues)
    located = [v["location"] for v in venues if "location" in v]
    assert located and all(isinstance(loc["latitude"], str) for loc in located)
    assert any(e["sales"]["public"]["startDateTime"].startswith("1900-01-01") for e in events)
    moments = [e["dates"]["start"]["dateTime"] for e in events if "dateTime" in e["dates"]["start"]]
    assert moments == sorted(moments)
    days = [e["dates"]["start"]["localDate"] for e in events]
    assert len(set(days)) < len(days)  # several shows a day: many ties under date,asc
    assert all(e["_links"]["self"]["href"].startswith("/discovery/v2/") for e in events)
    assert "apikey" not in response.json()["_links"]["next"]["href"]


async def test_a_big_artist_needs_date_windows(free_sim: Sim) -> None:
    artists = await free_sim.artists()
    attraction = artists["candleglass-orchestra"]["tmAttractionId"]
    truth = (await free_sim.client.get(f"/_sim/truth/{attraction}")).json()
    first = await free_sim.tm("/events.json", attractionId=attraction, size=199)
    assert first.json()["page"]["totalElements"] > 1200
    assert (await free_sim.tm("/events.json", attractionId=attraction, size=199, page=6)).status_code == 400
    seen: set[str] = set()
    start = datetime(2026, 11, 1, tzinfo=UTC)
    while start < datetime(2028, 6, 1, tzinfo=UTC):
        end = start + timedelta(days=60)
        window = {"startDateTime": f"{start:%Y-%m-%dT%H:%M:%SZ}", "endDateTime": f"{end:%Y-%m-%dT%H:%M:%SZ}"}
        page = 0
        while True:
            body = (
                await free_sim.tm("/events.json", attractionId=attraction, size=199, page=page, **window)
            ).json()
            seen |= {e["id"] for e in body.get("_embedded", {}).get("events", [])}
            page += 1
            if page >= body["page"]["totalPages"]:
                break
        start = end
    for flag in ("includeTBA", "includeTBD"):
        body = (await free_sim.tm("/events.json", attractionId=attraction, **{flag: "only"})).json()
        seen |= {e["id"] for e in body.get("_embedded", {}).get("events", [])}
    assert seen == set(truth["events"])


async def test_spike_arrest_and_daily_quota(sim_factory: SimFactory) -> None:
    async with sim_factory(ticketmaster_daily_quota=7) as sim:
        statuses = [(await sim.tm("/events.json", size=1)).status_code for _ in range(6)]
        assert statuses == [200] * 5 + [429]
        spike = await sim.tm("/events.json", size=1)
        assert spike.json()["fault"]["detail"]["errorcode"] == "policies.ratelimit.SpikeArrestViolation"
        sim.clock.advance(1.1)
        assert (await sim.tm("/events.json", size=999)).status_code == 400  # still uses up quota
        assert (await sim.tm("/events.json", size=1)).status_code == 200
        quota = await sim.tm("/events.json", size=1)
        assert quota.status_code == 429
        fault = quota.json()["fault"]
        assert fault["detail"]["errorcode"] == "policies.ratelimit.QuotaViolation"
        assert "sim-ticketmaster-key" in fault["faultstring"]
        sim.clock.advance(86_400)
        assert (await sim.tm("/events.json", size=1)).status_code == 200


async def test_unknown_ids_are_dis1004(free_sim: Sim) -> None:
    for path in ("/events/NOPE123456789.json", "/attractions/K8vZ9170000.json", "/venues/KovZpZA0000.json"):
        response = await free_sim.tm(path)
        assert response.status_code == 404
        assert response.json()["errors"][0]["code"] == "DIS1004"


async def test_attractions_expose_external_links(free_sim: Sim) -> None:
    artists = await free_sim.artists()
    linked = (await free_sim.tm(f"/attractions/{artists['hollow-pines']['tmAttractionId']}.json")).json()
    assert linked["externalLinks"]["spotify"][0]["url"].endswith(artists["hollow-pines"]["spotifyId"])
    assert linked["externalLinks"]["musicbrainz"] == [{"id": artists["hollow-pines"]["mbid"]}]
    assert linked["id"] not in linked["url"]  # the url carries the website number, not the Discovery id
    unlinked = (await free_sim.tm(f"/attractions/{artists['mara-lune']['tmAttractionId']}")).json()
    assert "externalLinks" not in unlinked
    found = (await free_sim.tm("/attractions.json", keyword="mara lune")).json()
    assert found["_embedded"]["attractions"][0]["id"] == artists["mara-lune"]["tmAttractionId"]


async def test_a_tba_event_by_id_needs_include_tba(free_sim: Sim) -> None:
    artists = await free_sim.artists()
    truth = (await free_sim.client.get(f"/_sim/truth/{artists['hollow-pines']['tmAttractionId']}")).json()
    event_id = truth["tba_tbd_events"][0]
    hidden = await free_sim.tm("/events.json", id=event_id)
    assert hidden.json()["page"]["totalElements"] == 0
    direct = await free_sim.tm(f"/events/{event_id}.json")
    assert direct.status_code == 200 and "dateTime" not in direct.json()["dates"]["start"]
    shown = await free_sim.tm("/events.json", id=event_id, includeTBA="yes", includeTBD="yes")
    assert shown.json()["page"]["totalElements"] == 1
