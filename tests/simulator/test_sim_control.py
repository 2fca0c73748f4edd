"""/_sim/ control endpoints and SimOptions (environment, validation)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from theset_simulator.options import SimOptions

from .conftest import SP, TM, TM_KEY, Sim


async def test_artists_listing(free_sim: Sim) -> None:
    artists = (await free_sim.client.get("/_sim/artists")).json()["artists"]
    assert len(artists) == 9
    for artist in artists:
        assert {"name", "profile", "tmAttractionId", "spotifyId", "mbid"} <= set(artist)
    assert len({a["tmAttractionId"] for a in artists}) == 9


async def test_config_switches_profile_at_run_time(free_sim: Sim) -> None:
    headers = await free_sim.token()
    track = free_sim.state.catalog.artist("juniper-vale").albums[0].tracks[0].id
    assert (
        await free_sim.client.get(f"{SP}/tracks", params={"ids": track}, headers=headers)
    ).status_code == 403
    changed = await free_sim.client.post("/_sim/config", json={"spotify_profile": "extended"})
    assert changed.json()["spotify_profile"] == "extended"
    assert (
        await free_sim.client.get(f"{SP}/tracks", params={"ids": track}, headers=headers)
    ).status_code == 200


async def test_config_rejects_bad_values(free_sim: Sim) -> None:
    for bad in ({"spotify_profile": "premium"}, {"fault_rate": 2}, {"no_such_option": 1}):
        response = await free_sim.client.post("/_sim/config", json=bad)
        assert response.status_code == 422, bad
    assert (await free_sim.client.get("/_sim/config")).json()["spotify_profile"] == "development"


async def test_config_can_lower_limits(free_sim: Sim) -> None:
    await free_sim.client.post("/_sim/config", json={"ticketmaster_rate_per_s": 1})
    first = await free_sim.client.get(f"{TM}/venues/x", params={"apikey": TM_KEY})
    second = await free_sim.client.get(f"{TM}/venues/x", params={"apikey": TM_KEY})
    assert first.status_code == 404 and second.status_code == 429


async def test_stats_and_reset(sim: Sim) -> None:
    headers = await sim.token()
    artist = (await sim.artists())["juniper-vale"]["spotifyId"]
    await sim.client.post("/_sim/config", json={"spotify_window_limit": 1})
    await sim.client.get(f"{SP}/artists/{artist}", headers=headers)
    await sim.client.get(f"{SP}/artists/{artist}", headers=headers)
    stats = (await sim.client.get("/_sim/stats")).json()
    spotify = stats["apis"]["spotify"]
    assert spotify["endpoints"] == {"GET /spotify/v1/artists/{artist_id}": 2}
    assert spotify["rate_limited"] == 1 and stats["apis"]["spotify-accounts"]["calls"] == 1
    reset = await sim.client.post("/_sim/reset")
    assert reset.json()["spotify_window_limit"] == 180
    assert (await sim.client.get("/_sim/stats")).json()["total_calls"] == 0
    assert (await sim.client.get(f"{SP}/artists/{artist}", headers=headers)).status_code == 401  # tokens gone


async def test_config_with_new_seed_regenerates(free_sim: Sim) -> None:
    before = (await free_sim.artists())["hollow-pines"]["spotifyId"]
    await free_sim.client.post("/_sim/config", json={"seed": 77})
    assert (await free_sim.artists())["hollow-pines"]["spotifyId"] != before


async def test_truth_for_unknown_artist_is_404(free_sim: Sim) -> None:
    assert (await free_sim.client.get("/_sim/truth/K8vZ917xxxx")).status_code == 404


def test_options_from_environment() -> None:
    options = SimOptions.from_env(
        {
            "SIM_SEED": "7",
            "SIM_SPOTIFY_PROFILE": "extended",
            "SIM_FAULT_KINDS": "500, drop",
            "SIM_REFERENCE_DATE": "2027-01-02",
            "SIM_TICKETMASTER_MAX_SIZE": "200",
            "SIM_LATENCY_MS": "",
        }
    )
    assert options.seed == 7 and options.spotify_profile == "extended"
    assert options.fault_kinds == ["500", "drop"] and options.reference_date == date(2027, 1, 2)
    assert options.ticketmaster_max_size == 200 and options.latency_ms == 0
    with pytest.raises(ValidationError):
        SimOptions.from_env({"SIM_TICKETMASTER_PAGING_CAP": "5000"})


def test_defaults_match_the_research() -> None:
    options = SimOptions()
    assert (options.ticketmaster_rate_per_s, options.ticketmaster_daily_quota) == (5, 5000)
    assert (options.setlistfm_rate_per_s, options.musicbrainz_rate_per_s) == (2, 1)
    assert options.spotify_window_s == 30 and options.spotify_token_lifetime_s == 3600
    assert options.spotify_profile == "development" and options.ticketmaster_max_size == 199
