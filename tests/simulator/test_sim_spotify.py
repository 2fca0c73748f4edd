"""Spotify: client credentials, token expiry, the two access profiles, rate limit and quota, paging bug."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import SP, UNLIMITED, Sim, SimFactory

TOKEN = "/spotify-accounts/api/token"


async def test_token_endpoint_rejects_what_spotify_rejects(sim: Sim) -> None:
    wrong_secret = await sim.client.post(
        TOKEN, data={"grant_type": "client_credentials"}, auth=("sim-spotify-client", "nope")
    )
    assert wrong_secret.status_code == 400
    assert wrong_secret.json() == {"error": "invalid_client", "error_description": "Invalid client secret"}
    wrong_client = await sim.client.post(TOKEN, data={"grant_type": "client_credentials"}, auth=("x", "y"))
    assert wrong_client.json()["error_description"] == "Invalid client"
    as_json = await sim.client.post(
        TOKEN, json={"grant_type": "client_credentials"}, auth=("sim-spotify-client", "sim-spotify-secret")
    )
    assert as_json.status_code == 400 and as_json.json()["error"] == "unsupported_grant_type"
    in_body = await sim.client.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": "sim-spotify-client",
            "client_secret": "sim-spotify-secret",
        },
    )
    assert in_body.status_code == 200
    assert in_body.json()["token_type"] == "bearer" and in_body.json()["expires_in"] == 3600


async def test_requests_need_a_live_token(sim: Sim) -> None:
    artist = (await sim.artists())["hollow-pines"]["spotifyId"]
    missing = await sim.client.get(f"{SP}/artists/{artist}")
    assert missing.status_code == 401 and missing.json()["error"]["message"] == "No token provided"
    invalid = await sim.client.get(f"{SP}/artists/{artist}", headers={"Authorization": "Bearer forged"})
    assert invalid.json()["error"]["message"] == "Invalid access token"
    headers = await sim.token()
    assert (await sim.client.get(f"{SP}/artists/{artist}", headers=headers)).status_code == 200
    sim.clock.advance(3600)
    expired = await sim.client.get(f"{SP}/artists/{artist}", headers=headers)
    assert expired.status_code == 401 and expired.json()["error"]["message"] == "The access token expired"
    assert "invalid_token" in expired.headers["WWW-Authenticate"]


async def test_expire_tokens_control(sim: Sim) -> None:
    headers = await sim.token()
    assert (await sim.client.post("/_sim/expire-tokens")).json() == {"expired": 1}
    artist = (await sim.artists())["juniper-vale"]["spotifyId"]
    assert (await sim.client.get(f"{SP}/artists/{artist}", headers=headers)).status_code == 401


async def _some_ids(sim: Sim, headers: dict[str, str]) -> tuple[str, str, list[str]]:
    artist = (await sim.artists())["hollow-pines"]["spotifyId"]
    albums = await sim.client.get(f"{SP}/artists/{artist}/albums", params={"limit": 10}, headers=headers)
    album = albums.json()["items"][0]["id"]
    tracks = (await sim.client.get(f"{SP}/albums/{album}", headers=headers)).json()["tracks"]["items"]
    return artist, album, [t["id"] for t in tracks]


@pytest.mark.parametrize(
    "path",
    [
        "/tracks?ids={track}",
        "/albums?ids={album}",
        "/artists?ids={artist}",
        "/audio-features?ids={track}",
        "/audio-features/{track}",
        "/artists/{artist}/top-tracks?market=US",
    ],
)
async def test_development_profile_removes_endpoints(sim_factory: SimFactory, path: str) -> None:
    async with sim_factory(**UNLIMITED) as sim:
        headers = await sim.token()
        artist, album, tracks = await _some_ids(sim, headers)
        url = SP + path.format(track=tracks[0], album=album, artist=artist)
        response = await sim.client.get(url, headers=headers)
        assert response.status_code == 403
        assert response.json()["error"]["status"] == 403


async def test_development_profile_limits_and_fields(free_sim: Sim) -> None:
    headers = await free_sim.token()
    artist, album, tracks = await _some_ids(free_sim, headers)
    for url, params in (
        (f"{SP}/artists/{artist}/albums", {"limit": 11}),
        (f"{SP}/search", {"q": "pines", "type": "artist", "limit": 11}),
    ):
        response = await free_sim.client.get(url, params=params, headers=headers)
        assert response.status_code == 400 and response.json()["error"]["message"] == "Invalid limit"
    default = await free_sim.client.get(f"{SP}/artists/{artist}/albums", headers=headers)
    assert default.json()["limit"] == 5 and len(default.json()["items"]) == 5
    item = default.json()["items"][0]
    assert "album_group" not in item and "available_markets" not in item
    track = (await free_sim.client.get(f"{SP}/tracks/{tracks[0]}", headers=headers)).json()
    assert "popularity" not in track and track["external_ids"]["isrc"]
    full_album = (await free_sim.client.get(f"{SP}/albums/{album}", headers=headers)).json()
    assert "popularity" not in full_album and "label" not in full_album
    artist_body = (await free_sim.client.get(f"{SP}/artists/{artist}", headers=headers)).json()
    assert "popularity" not in artist_body and "followers" not in artist_body


async def test_extended_profile_batches_and_features(sim_factory: SimFactory) -> None:
    async with sim_factory(spotify_profile="extended", **UNLIMITED) as sim:
        headers = await sim.token()
        truth = (
            await sim.client.get(f"/_sim/truth/{(await sim.artists())['hollow-pines']['tmAttractionId']}")
        ).json()
        ids = [t["id"] for t in truth["tracks"]]
        live = {t["id"] for t in truth["tracks"] if t["is_live"]}
        albums = list(dict.fromkeys(t["album_id"] for t in truth["tracks"]))
        cases: list[tuple[str, list[str], int]] = [
            ("tracks", ids, 50),
            ("albums", albums, 20),
            ("audio-features", ids, 100),
        ]
        for path, pool, maximum in cases:
            ok = await sim.client.get(
                f"{SP}/{path}", params={"ids": ",".join(pool[:maximum])}, headers=headers
            )
            assert ok.status_code == 200 and len(next(iter(ok.json().values()))) == maximum
            too_many = await sim.client.get(
                f"{SP}/{path}", params={"ids": ",".join(pool[: maximum + 1])}, headers=headers
            )
            assert too_many.status_code == 400
        features = await sim.client.get(
            f"{SP}/audio-features", params={"ids": ",".join(ids[:100])}, headers=headers
        )
        for entry in features.json()["audio_features"]:
            assert (entry["liveness"] > 0.5) == (entry["id"] in live)
        track = (await sim.client.get(f"{SP}/tracks/{ids[0]}", headers=headers)).json()
        assert "popularity" in track and "available_markets" in track
        albums_page = await sim.client.get(
            f"{SP}/artists/{truth['artist']['spotifyId']}/albums", params={"limit": 50}, headers=headers
        )
        assert albums_page.status_code == 200 and "album_group" in albums_page.json()["items"][0]
        assert (
            await sim.client.get(
                f"{SP}/artists/{truth['artist']['spotifyId']}/albums", params={"limit": 51}, headers=headers
            )
        ).status_code == 400


async def test_rolling_window_rate_limit(sim_factory: SimFactory) -> None:
    async with sim_factory(spotify_window_limit=3) as sim:
        headers = await sim.token()
        artist = (await sim.artists())["juniper-vale"]["spotifyId"]
        for _ in range(3):
            assert (await sim.client.get(f"{SP}/artists/{artist}", headers=headers)).status_code == 200
            sim.clock.advance(5)
        limited = await sim.client.get(f"{SP}/artists/{artist}", headers=headers)
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["Retry-After"]) <= 30
        assert "reason" not in limited.json()["error"]
        sim.clock.advance(int(limited.headers["Retry-After"]))
        assert (await sim.client.get(f"{SP}/artists/{artist}", headers=headers)).status_code == 200


async def test_development_quota(sim_factory: SimFactory) -> None:
    async with sim_factory(spotify_daily_quota=2, spotify_window_limit=0) as sim:
        headers = await sim.token()
        artist = (await sim.artists())["juniper-vale"]["spotifyId"]
        for _ in range(2):
            assert (await sim.client.get(f"{SP}/artists/{artist}", headers=headers)).status_code == 200
        sim.clock.advance(60)
        quota = await sim.client.get(f"{SP}/artists/{artist}", headers=headers)
        assert quota.status_code == 429
        assert quota.json()["error"]["reason"] == "QUOTA_EXCEEDED"
        assert int(quota.headers["Retry-After"]) > 3600
    async with sim_factory(spotify_daily_quota=2, spotify_window_limit=0, spotify_profile="extended") as sim:
        headers = await sim.token()
        statuses = {
            (await sim.client.get(f"{SP}/artists/{artist}", headers=headers)).status_code for _ in range(5)
        }
        assert statuses == {200}


async def _walk_albums(
    sim: Sim, headers: dict[str, str], artist: str, trust_next: bool
) -> tuple[list[str], int]:
    url: str | None = f"{SP}/artists/{artist}/albums"
    params: dict[str, Any] | None = {"include_groups": "album,single,compilation", "limit": 10}
    seen: list[str] = []
    calls = 0
    while url:
        page = (await sim.client.get(url, params=params, headers=headers)).json()
        calls += 1
        seen += [a["id"] for a in page["items"]]
        if not trust_next and len(page["items"]) < page["limit"]:
            break
        url, params = page["next"], None
    return seen, calls


async def test_artist_albums_paging_bug(sim_factory: SimFactory) -> None:
    async with sim_factory(**UNLIMITED) as sim:
        headers = await sim.token()
        artists = await sim.artists()
        truth = (await sim.client.get(f"/_sim/truth/{artists['hollow-pines']['tmAttractionId']}")).json()
        artist = artists["hollow-pines"]["spotifyId"]
        careful, careful_calls = await _walk_albums(sim, headers, artist, trust_next=False)
        naive, naive_calls = await _walk_albums(sim, headers, artist, trust_next=True)
        assert set(careful) == set(naive) == {t["album_id"] for t in truth["tracks"]}
        assert naive_calls > careful_calls  # `next` stays set over empty pages
        first = (
            await sim.client.get(
                f"{SP}/artists/{artist}/albums", params={"include_groups": "album"}, headers=headers
            )
        ).json()
        real_albums = [a for a in sim.state.catalog.artist("hollow-pines").albums if a.group == "album"]
        assert first["total"] > len(real_albums)  # inflated by what the filter removed
    async with sim_factory(spotify_albums_paging_bug=False, **UNLIMITED) as sim:
        headers = await sim.token()
        fixed = (
            await sim.client.get(
                f"{SP}/artists/{artist}/albums",
                params={"include_groups": "album,single,compilation"},
                headers=headers,
            )
        ).json()
        assert fixed["total"] == len(set(careful))


async def test_long_albums_page_their_tracks(free_sim: Sim) -> None:
    headers = await free_sim.token()
    catalog = free_sim.state.catalog
    box = next(a for a in catalog.artist("velvet-meridian").albums if len(a.tracks) > 50)
    body = (await free_sim.client.get(f"{SP}/albums/{box.id}", headers=headers)).json()
    assert len(body["tracks"]["items"]) == 50 and body["tracks"]["next"]
    assert body["tracks"]["next"].startswith("http://sim.test/spotify/v1/albums/")  # links point back at us
    rest = (await free_sim.client.get(body["tracks"]["next"], headers=headers)).json()
    assert [t["id"] for t in body["tracks"]["items"] + rest["items"]][: len(box.tracks)] == [
        t.id for t in box.tracks
    ][: 50 + len(rest["items"])]


async def test_search_and_bad_ids(free_sim: Sim) -> None:
    headers = await free_sim.token()
    found = (
        await free_sim.client.get(
            f"{SP}/search", params={"q": "Mara Lune", "type": "artist"}, headers=headers
        )
    ).json()["artists"]
    assert found["limit"] == 5 and found["items"][0]["name"] == "Mara Lune" and found["total"] >= 2
    missing = await free_sim.client.get(f"{SP}/search", params={"type": "artist"}, headers=headers)
    assert missing.status_code == 400
    assert (await free_sim.client.get(f"{SP}/tracks/not-an-id", headers=headers)).json()["error"][
        "message"
    ] == ("Invalid base62 id")
    assert (await free_sim.client.get(f"{SP}/tracks/{'A' * 22}", headers=headers)).status_code == 404
