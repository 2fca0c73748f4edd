"""Spotify against the simulator in both access profiles: token sharing, capability learning, paging."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.conftest import TEST_QUEUE_PREFIX
from tests.providers.conftest import Sim
from theset.core.http import UpstreamBadRequest, UpstreamClient, UpstreamRateLimited, UpstreamUnavailable
from theset.providers.spotify import (
    SpotifyClient,
    capabilities_key,
    parse_album,
    parse_artist,
    parse_track,
    token_key,
)

TOURING = "candleglass-orchestra"  # 7 albums, 51 tracks


def endpoint_calls(stats: dict[str, Any], endpoint: str) -> int:
    return int(stats["apis"].get("spotify", {}).get("endpoints", {}).get(f"GET /spotify/v1/{endpoint}", 0))


async def test_development_profile_full_catalog(sim: Sim, redis_client: Any) -> None:
    artist = sim.artists[TOURING]
    truth = await sim.truth(artist["tmAttractionId"])
    async with sim.providers(redis_client) as p:
        albums = [a async for a in p.spotify.iter_artist_albums(artist["spotifyId"])]
        full = await p.spotify.get_albums_with_tracks([a.id for a in albums])
        tracks = [t for album in full for t in album.tracks]
        some = [t.id for t in tracks[:8]]
        detailed = await p.spotify.get_tracks(some)
        assert await p.spotify.get_audio_features(some) is None
        assert await p.spotify.profile() == "development"
    assert {t["album_id"] for t in truth["tracks"]} <= {a.id for a in albums}
    assert len({a.id for a in albums}) == len(albums)
    assert {t.id for t in tracks} == {t["id"] for t in truth["tracks"]}
    assert all(album.total_tracks == len(album.tracks) for album in full)
    isrc = {t["id"]: t["isrc"] for t in truth["tracks"]}
    assert [t.id for t in detailed] == some
    assert all(t.isrc == isrc[t.id] for t in detailed)
    assert all(t.popularity is None for t in detailed)  # removed in development mode
    stats = await sim.stats()
    assert endpoint_calls(stats, "albums") == 1  # the batch endpoint was probed once (403)
    assert endpoint_calls(stats, "tracks") == 0  # profile known: no second probe
    assert endpoint_calls(stats, "audio-features") == 0
    assert endpoint_calls(stats, "albums/{album_id}") == len(albums)
    assert await redis_client.hget(capabilities_key(), "profile") == "development"
    assert await redis_client.hget(capabilities_key(), "page_limit") == "10"


async def test_second_process_reuses_token_and_capabilities(sim: Sim, redis_client: Any) -> None:
    artist = sim.artists["juniper-vale"]
    async with sim.providers(redis_client) as first:
        albums = [a async for a in first.spotify.iter_artist_albums(artist["spotifyId"])]
        await first.spotify.get_albums_with_tracks([a.id for a in albums[:2]])
    assert await redis_client.ttl(token_key()) > 3000  # expires_in 3600 - 60
    async with sim.providers(redis_client) as second:  # fresh in-process state, same Redis
        again = [a async for a in second.spotify.iter_artist_albums(artist["spotifyId"])]
        await second.spotify.get_albums_with_tracks([a.id for a in again[:2]])
        calls = second.spotify.calls - second.spotify.http.stats["rate_limited"]  # absorbed 429s aside
    assert [a.id for a in again] == [a.id for a in albums]
    stats = await sim.stats()
    assert stats["quotas"]["spotify_tokens_issued"] == 1
    assert endpoint_calls(stats, "albums") == 1  # only the first process probed
    # the second process: album pages of 10 (no 400 retry) + 2 albums, no token call
    assert calls == len(again) // 10 + 1 + 2  # a short (or empty) page ends the listing


async def test_extended_profile_uses_batches_and_audio_features(sim: Sim, redis_client: Any) -> None:
    await sim.configure(spotify_profile="extended")
    artist = sim.artists[TOURING]
    truth = await sim.truth(artist["tmAttractionId"])
    async with sim.providers(redis_client) as p:
        albums = [a async for a in p.spotify.iter_artist_albums(artist["spotifyId"])]
        full = await p.spotify.get_albums_with_tracks([a.id for a in albums])
        ids = [t.id for album in full for t in album.tracks]
        detailed = await p.spotify.get_tracks(ids)
        liveness = await p.spotify.get_audio_features(ids)
        assert await p.spotify.profile() == "extended"
        retries = p.spotify.http.stats["retries"]
    assert {t.id for t in detailed} == {t["id"] for t in truth["tracks"]}
    assert all(t.isrc for t in detailed)
    assert all(a.album_group for a in albums)  # extended-only field present
    assert liveness is not None and set(liveness) == set(ids)
    assert all(0.0 <= v <= 1.0 for v in liveness.values())
    stats = await sim.stats()
    assert endpoint_calls(stats, "albums/{album_id}") == 0
    assert endpoint_calls(stats, "tracks/{track_id}") == 0
    assert endpoint_calls(stats, "tracks") <= -(-len(ids) // 50) + retries
    # pages of 50 were accepted: one page (plus any transport-level retry)
    assert await redis_client.hget(capabilities_key(), "page_limit") == "50"
    assert endpoint_calls(stats, "artists/{artist_id}/albums") <= 1 + retries, stats


async def test_expired_token_is_renewed_once(sim: Sim, redis_client: Any) -> None:
    artist = sim.artists["juniper-vale"]
    async with sim.providers(redis_client) as p:
        first = await p.spotify.get_artist(artist["spotifyId"])
        old_token = await redis_client.get(token_key())
        (await sim.control.post("/_sim/expire-tokens")).raise_for_status()
        again = await p.spotify.get_artist(artist["spotifyId"])
        assert await redis_client.get(token_key()) != old_token
    assert first == again and first.name == artist["name"]
    assert (await sim.stats())["quotas"]["spotify_tokens_issued"] == 2


async def test_rolling_window_429_waits_retry_after_and_succeeds(sim: Sim, redis_client: Any) -> None:
    await sim.configure(spotify_window_limit=3, spotify_window_s=1.0)
    artist = sim.artists["juniper-vale"]
    async with sim.providers(redis_client) as p:
        started = time.monotonic()
        for _ in range(6):
            assert (await p.spotify.get_artist(artist["spotifyId"])).id == artist["spotifyId"]
        elapsed = time.monotonic() - started
        assert p.spotify.http.stats["rate_limited"] >= 1
    assert elapsed >= 0.9  # 6 calls through a 3-per-second window cannot be faster


async def test_development_quota_429_gives_up_with_retry_at(sim: Sim, redis_client: Any) -> None:
    await sim.configure(spotify_daily_quota=2)
    artist = sim.artists["juniper-vale"]
    async with sim.providers(redis_client) as p:
        await p.spotify.get_artist(artist["spotifyId"])
        await p.spotify.get_artist(artist["spotifyId"])
        started = time.monotonic()
        with pytest.raises(UpstreamRateLimited) as info:
            await p.spotify.get_artist(artist["spotifyId"])
        assert time.monotonic() - started < 5  # hours away: no waiting, the caller reschedules
    assert info.value.code == "QUOTA_EXCEEDED"
    assert info.value.retry_at is not None and info.value.retry_at > time.time() + 600
    assert await redis_client.get(f"{TEST_QUEUE_PREFIX}:ratelimit:spotify:paused_until") is not None


async def test_search_artist_respects_development_limit(sim: Sim, redis_client: Any) -> None:
    async with sim.providers(redis_client) as p:
        found = await p.spotify.search_artist("Hollow Pines", limit=50)
    assert any(a.id == sim.artists["hollow-pines"]["spotifyId"] for a in found)
    assert len(found) <= 10


async def test_album_paging_stops_on_short_or_empty_page() -> None:
    """`next` stays set and `total` is inflated (rspotify#492): stop at the first short page."""
    requests: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request.url)
        if request.url.path.endswith("/api/token"):
            return httpx.Response(200, json={"access_token": "t0k3n-value", "expires_in": 3600})
        offset = int(request.url.params["offset"])
        items = [{"id": f"al{offset + i}", "name": "A"} for i in range(10)] if offset < 20 else []
        if offset == 10:
            items = items[:4]
        body = {"items": items, "total": 97, "next": "https://x/next", "limit": 10, "offset": offset}
        return httpx.Response(200, json=body)

    http = UpstreamClient("spotify", "https://sp.invalid/v1", transport=httpx.MockTransport(handler))
    client = SpotifyClient(
        http, redis=None, client_id="c", client_secret="s", token_url="https://acc.invalid/api/token"
    )
    await client.learn("page_limit", "10")
    albums = [a async for a in client.iter_artist_albums("artist1")]
    await client.aclose()
    assert [a.id for a in albums] == [f"al{i}" for i in range(14)]
    assert len([u for u in requests if "albums" in u.path]) == 2


def test_parsers_tolerate_missing_and_odd_fields() -> None:
    track = parse_track({"id": "t1", "name": "Song", "duration_ms": "2000", "artists": [None, {"id": "a"}]})
    assert track is not None and track.duration_ms == 2000 and track.artist_ids == ("a",)
    assert track.isrc is None and track.popularity is None
    album = parse_album({"id": "al", "album_type": "ALBUM", "release_date": "1981-12", "images": "junk"})
    assert album is not None and album.album_type == "album" and album.image_url is None
    assert parse_album({"name": "no id"}) is None
    for raw, expected in (("rock", ("rock",)), (None, ()), ([None, "pop", {"x": 1}], ("pop",))):
        artist = parse_artist({"id": "a1", "genres": raw})
        assert artist is not None and artist.genres == expected, raw  # never split into letters
    assert parse_artist({"id": "a1", "genres": 5}) is not None  # no crash on a number


def _client(handler: Any) -> SpotifyClient:
    http = UpstreamClient("spotify", "https://sp.invalid/v1", transport=httpx.MockTransport(handler))
    return SpotifyClient(
        http, redis=None, client_id="c", client_secret="s", token_url="https://acc.invalid/api/token"
    )


async def test_only_an_invalid_limit_answer_lowers_the_page_size() -> None:
    """Every 400 on a paged call carries `limit=50` in its URL; only Spotify's words decide."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/api/token"):
            return httpx.Response(200, json={"access_token": "t0k3n-value", "expires_in": 3600})
        return httpx.Response(400, json={"error": {"status": 400, "message": "Invalid base62 id"}})

    client = _client(handler)
    await client.learn("profile", "extended")
    with pytest.raises(UpstreamBadRequest):
        [a async for a in client.iter_artist_albums("not-an-id")]
    assert await client.capability("page_limit") is None
    await client.aclose()


async def test_a_token_answer_that_is_not_json_is_an_upstream_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>maintenance</html>")

    client = _client(handler)
    with pytest.raises(UpstreamUnavailable):
        await client.token()
    await client.aclose()
