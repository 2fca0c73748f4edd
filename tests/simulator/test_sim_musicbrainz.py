"""MusicBrainz: User-Agent policy, 1 request/second (503), JSON on request, ISRC and url-rel lookups."""

from __future__ import annotations

from .conftest import MB, UA, Sim, SimFactory


async def test_user_agent_is_required(sim: Sim) -> None:
    mbid = (await sim.artists())["hollow-pines"]["mbid"]
    for agent in ("", "python-httpx/0.28.1", "python-requests/2.32", "aiohttp/3.9"):
        response = await sim.client.get(
            f"{MB}/artist/{mbid}", params={"fmt": "json"}, headers={"User-Agent": agent}
        )
        assert response.status_code == 403, agent
        sim.clock.advance(1)
    default_agent = await sim.client.get(f"{MB}/artist/{mbid}", params={"fmt": "json"})  # httpx's own UA
    assert default_agent.status_code == 403
    sim.clock.advance(1)
    assert (
        await sim.client.get(f"{MB}/artist/{mbid}", params={"fmt": "json"}, headers=UA)
    ).status_code == 200


async def test_one_request_per_second_or_503(sim: Sim) -> None:
    mbid = (await sim.artists())["hollow-pines"]["mbid"]
    url, params = f"{MB}/artist/{mbid}", {"fmt": "json"}
    assert (await sim.client.get(url, params=params, headers=UA)).status_code == 200
    sim.clock.advance(0.5)
    throttled = await sim.client.get(url, params=params, headers=UA)
    assert throttled.status_code == 503 and "rate limit" in throttled.json()["error"]
    # Hammering keeps the client throttled: rejected calls count until the rate drops.
    sim.clock.advance(0.9)
    assert (await sim.client.get(url, params=params, headers=UA)).status_code == 503
    sim.clock.advance(1.0)
    assert (await sim.client.get(url, params=params, headers=UA)).status_code == 200


async def test_json_only_on_request(free_sim: Sim) -> None:
    mbid = (await free_sim.artists())["hollow-pines"]["mbid"]
    xml = await free_sim.client.get(f"{MB}/artist/{mbid}", headers=UA)
    assert xml.headers["content-type"].startswith("application/xml")
    by_accept = await free_sim.client.get(f"{MB}/artist/{mbid}", headers={**UA, "Accept": "application/json"})
    assert by_accept.json()["id"] == mbid


async def test_url_relations_link_spotify_and_ticketmaster(free_sim: Sim) -> None:
    artist = (await free_sim.artists())["ghost-tropic"]
    body = (
        await free_sim.client.get(
            f"{MB}/artist/{artist['mbid']}", params={"fmt": "json", "inc": "url-rels"}, headers=UA
        )
    ).json()
    by_type = {r["type"]: r for r in body["relations"]}
    spotify = by_type["free streaming"]
    assert spotify["type-id"] == "769085a1-c2f7-4c24-a532-2375a77693bd"
    assert spotify["url"]["resource"] == f"https://open.spotify.com/artist/{artist['spotifyId']}"
    assert "/artist/" in by_type["ticketing"]["url"]["resource"]
    assert artist["tmAttractionId"] not in by_type["ticketing"]["url"]["resource"]
    reverse = await free_sim.client.get(
        f"{MB}/url",
        params={"resource": spotify["url"]["resource"], "inc": "artist-rels", "fmt": "json"},
        headers=UA,
    )
    assert reverse.json()["relations"][0]["artist"]["id"] == artist["mbid"]
    unknown = await free_sim.client.get(
        f"{MB}/url", params={"resource": "https://example.org/x", "fmt": "json"}, headers=UA
    )
    assert unknown.status_code == 404


async def test_isrc_lookups(free_sim: Sim) -> None:
    assert (
        await free_sim.client.get(f"{MB}/isrc/NOT-AN-ISRC", params={"fmt": "json"}, headers=UA)
    ).status_code == 400
    assert (
        await free_sim.client.get(f"{MB}/isrc/USAAA0000000", params={"fmt": "json"}, headers=UA)
    ).status_code == 404
    tracks = [t for a in free_sim.state.catalog.artist("hollow-pines").albums for t in a.tracks]
    shared = next(
        t for t in tracks if t.is_remix and any(o.isrc == t.isrc and not o.is_remix for o in tracks)
    )
    body = (
        await free_sim.client.get(
            f"{MB}/isrc/{shared.isrc}", params={"fmt": "json", "inc": "releases"}, headers=UA
        )
    ).json()
    titles = sorted(r["title"] for r in body["recordings"])
    assert len(titles) == 2 and any("remix" in t for t in titles)  # one ISRC wrongly on two recordings


async def test_live_signals_on_recordings(free_sim: Sim) -> None:
    data = free_sim.state.catalog.artist("hollow-pines")
    live_groups = {g.id for g in data.release_groups if "Live" in g.secondary_types}
    tracks = [t for a in data.albums if a.release_group_id in live_groups for t in a.tracks]
    live = next(t for t in tracks if t.is_live and t.recording.disambiguation)
    body = (
        await free_sim.client.get(
            f"{MB}/recording/{live.recording.id}",
            params={"fmt": "json", "inc": "releases+release-groups+work-rels+isrcs"},
            headers=UA,
        )
    ).json()
    assert body["disambiguation"].startswith("live, ")
    assert body["relations"][0]["attributes"] == ["live"]
    assert live.isrc in body["isrcs"]
    assert body["releases"] and "Live" in body["releases"][0]["release-group"]["secondary-types"]


async def test_release_group_browse(sim_factory: SimFactory) -> None:
    async with sim_factory(musicbrainz_rate_per_s=0) as sim:
        mbid = (await sim.artists())["velvet-meridian"]["mbid"]
        params = {"artist": mbid, "fmt": "json", "limit": 500}
        first = (await sim.client.get(f"{MB}/release-group", params=params, headers=UA)).json()
        assert len(first["release-groups"]) == 100 and first["release-group-count"] > 1000
        live = (
            await sim.client.get(f"{MB}/release-group", params={**params, "type": "live"}, headers=UA)
        ).json()
        assert live["release-group-count"] > 900
        assert all("Live" in g["secondary-types"] for g in live["release-groups"])
