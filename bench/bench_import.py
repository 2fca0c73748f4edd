"""Cold import of the prolific simulator artist under realistic latency and rate limits, and a warm
re-import: wall time, upstream calls, and both against the floor (the fewest calls the Spotify profile
allows, paced by each provider's rate limit)."""

from __future__ import annotations

import asyncio
import math
import os
import time
from collections import Counter
from typing import Any

import httpx

from bench._common import apply_env, bench_environment, prepare_database, simulator, table, write_result
from theset.history.service import FIRST_READ_PAGES
from theset.providers.setlistfm import DEFAULT_ITEMS_PER_PAGE

LATENCY_MS = int(os.environ.get("BENCH_LATENCY_MS", "40"))
JITTER_MS = int(os.environ.get("BENCH_JITTER_MS", "20"))
# Real providers' pace (docs/architecture.md); Spotify publishes no number, so it is a setting.
RATES = {"ticketmaster": 4.0, "musicbrainz": 1.0, "setlistfm": 2.0}
PROFILES = {
    # profile -> Spotify requests/second we allow ourselves
    "extended": float(os.environ.get("BENCH_SPOTIFY_RATE_EXTENDED", "5")),
    "development": float(os.environ.get("BENCH_SPOTIFY_RATE_DEVELOPMENT", "40")),
}
ARTIST = "velvet-meridian"


def floor_calls(
    truth: dict[str, Any], profile: str, release_groups: int, history_pages: int
) -> dict[str, int]:
    """The fewest calls a correct import can make, per provider."""
    tracks_per_album = Counter(t["album_id"] for t in truth["tracks"])
    albums, tracks = len(tracks_per_album), len(truth["tracks"])
    extra_pages = sum(max(0, math.ceil(n / 50) - 1) for n in tracks_per_album.values())
    if profile == "extended":
        spotify = 1 + math.ceil(albums / 50) + math.ceil(albums / 20) + extra_pages
        spotify += math.ceil(tracks / 50) + math.ceil(tracks / 100)
    else:  # one call per album and per track (ISRC), albums listed ten at a time
        spotify = 1 + math.ceil(albums / 10) + albums + extra_pages + tracks
    return {
        "ticketmaster": ticketmaster_floor(len(truth["events"])),
        "spotify": spotify,
        "musicbrainz": max(1, math.ceil(release_groups / 100)),
        "setlistfm": history_pages,
    }


def ticketmaster_floor(events: int) -> int:
    """The attraction, then one listing (TBA and TBD included) at up to 200 events a page."""
    return 1 + max(1, math.ceil(events / 200))


async def ticketmaster_listing(url: str) -> list[dict[str, Any]]:
    """Ticketmaster calls of the identity + shows phases for every simulator artist, against the floor:
    the same client calls an import makes (`get_attraction`, `iter_events`), counted by the simulator."""
    from theset.core.redis import close_redis, get_redis
    from theset.providers import open_providers

    rows = []
    async with httpx.AsyncClient(base_url=url, timeout=60) as sim:
        roster = (await sim.get("/_sim/artists")).json()["artists"]
        async with open_providers(redis=get_redis()) as providers:
            for artist in roster:
                before = (await sim.get("/_sim/stats")).json()["apis"].get("ticketmaster", {}).get("calls", 0)
                await providers.ticketmaster.get_attraction(artist["tmAttractionId"])
                events = {e.id async for e in providers.ticketmaster.iter_events(artist["tmAttractionId"])}
                after = (await sim.get("/_sim/stats")).json()["apis"]["ticketmaster"]["calls"]
                rows.append(
                    {
                        "artist": artist["key"],
                        "events": len(events),
                        "calls": after - before,
                        "floor": ticketmaster_floor(len(events)),
                    }
                )
    await close_redis()
    return rows


def bench_ticketmaster() -> list[dict[str, Any]]:
    env = bench_environment()
    prepare_database(env)
    with simulator("--latency-ms", str(LATENCY_MS), "--jitter-ms", str(JITTER_MS)) as url:
        apply_env({**env, "SIMULATOR_URL": url})
        return asyncio.run(ticketmaster_listing(url))


def floor_seconds(calls: dict[str, int], spotify_rate: float) -> float:
    rates = {**RATES, "spotify": spotify_rate}
    return sum(calls[p] / rates[p] for p in calls)


def calls_by_provider(stats: dict[str, Any]) -> dict[str, int]:
    apis = stats["apis"]
    out = {p: int(apis.get(p, {}).get("calls", 0)) for p in ("ticketmaster", "musicbrainz", "setlistfm")}
    out["spotify"] = int(apis.get("spotify", {}).get("calls", 0)) + int(
        apis.get("spotify-accounts", {}).get("calls", 0)
    )
    return out


async def run_once(tm_id: str) -> float:
    from theset.core.cache import close_cache
    from theset.core.db import dispose_engine, session_scope
    from theset.core.queue_names import ARTIST_IMPORT
    from theset.core.queues import close_registry
    from theset.core.redis import close_redis
    from theset.imports.service import request_import
    from theset.worker import run_until_drained

    started = time.perf_counter()
    async with session_scope() as session:
        await request_import(session, tm_id)
    await run_until_drained([ARTIST_IMPORT], timeout_s=3 * 3600)
    elapsed = time.perf_counter() - started
    await close_registry()
    await close_redis()
    await close_cache()  # every client is bound to this run's event loop; the next run gets its own
    await dispose_engine()
    return elapsed


def bench_profile(profile: str, spotify_rate: float) -> dict[str, Any]:
    env = bench_environment()
    prepare_database(env)
    sim_args = [
        "--spotify-profile", profile, "--latency-ms", str(LATENCY_MS), "--jitter-ms", str(JITTER_MS),
        "--spotify-daily-quota", "0", "--spotify-window-limit", str(int(spotify_rate * 30 * 1.5)),
    ]  # fmt: skip
    with simulator(*sim_args) as url:
        apply_env({**env, "SIMULATOR_URL": url, "SPOTIFY_RATE_LIMIT": str(spotify_rate)})
        with httpx.Client(base_url=url, timeout=60) as sim:
            artist = {a["key"]: a for a in sim.get("/_sim/artists").json()["artists"]}[ARTIST]
            truth = sim.get(f"/_sim/truth/{artist['tmAttractionId']}").json()
            cold_s = asyncio.run(run_once(artist["tmAttractionId"]))
            cold = calls_by_provider(sim.get("/_sim/stats").json())
            warm_s = asyncio.run(run_once(artist["tmAttractionId"]))
            total = calls_by_provider(sim.get("/_sim/stats").json())
            mb_groups = sim.get(
                f"/musicbrainz/ws/2/release-group?artist={artist['mbid']}&fmt=json&limit=1",
                headers={"User-Agent": "TheSetBench/1.0 ( bench@theset.example )"},
            ).json()
    warm = {p: total[p] - cold[p] for p in total}
    # The history the wrap-up stores: setlist.fm's pages, newest first, up to the first read's cap.
    history_pages = min(FIRST_READ_PAGES, max(1, math.ceil(len(truth["setlists"]) / DEFAULT_ITEMS_PER_PAGE)))
    minimum = floor_calls(truth, profile, int(mb_groups.get("release-group-count", 0)), history_pages)
    floor_s = floor_seconds(minimum, spotify_rate)
    return {
        "profile": profile,
        "spotify_rate_per_s": spotify_rate,
        "latency_ms": LATENCY_MS,
        "jitter_ms": JITTER_MS,
        "tracks": len(truth["tracks"]),
        "events": len(truth["events"]),
        "cold_wall_s": round(cold_s, 1),
        "cold_calls": cold,
        "cold_calls_total": sum(cold.values()),
        "floor_calls": minimum,
        "floor_calls_total": sum(minimum.values()),
        "floor_s": round(floor_s, 1),
        "calls_ratio_to_floor": round(sum(cold.values()) / sum(minimum.values()), 3),
        "time_ratio_to_floor": round(cold_s / floor_s, 3),
        "warm_wall_s": round(warm_s, 1),
        "warm_calls": warm,
        "warm_calls_total": sum(warm.values()),
        "warm_share_of_cold": round(sum(warm.values()) / max(1, sum(cold.values())), 3),
    }


def main() -> None:
    selected = [p for p in os.environ.get("BENCH_PROFILES", "extended,development").split(",") if p]
    results = [bench_profile(p, PROFILES[p]) for p in selected]
    for r in results:
        print(f"cold import of the prolific artist ({r['tracks']} tracks), {r['profile']} profile:")
        wall = f"{r['cold_wall_s']} s (floor {r['floor_s']} s, {r['time_ratio_to_floor']}x)"
        calls = f"{r['cold_calls_total']} (floor {r['floor_calls_total']}, {r['calls_ratio_to_floor']}x)"
        share = 100 * r["warm_share_of_cold"]
        warm = f"{r['warm_wall_s']} s, {r['warm_calls_total']} calls ({share:.1f}% of cold)"
        tm = f"{r['cold_calls']['ticketmaster']} (floor {r['floor_calls']['ticketmaster']})"
        table([("wall time", wall), ("calls", calls), ("Ticketmaster calls", tm), ("warm re-import", warm)])
    listing = bench_ticketmaster()
    print("Ticketmaster calls per import (attraction + events) vs floor 1 + ceil(events / 200):")
    table(
        [(r["artist"], f"{r['calls']} calls for {r['events']} events (floor {r['floor']})") for r in listing]
    )
    print("wrote", write_result("import", {"results": results, "ticketmaster": listing}))


if __name__ == "__main__":
    main()
