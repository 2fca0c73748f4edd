"""Benchmark the upstream simulator: catalog generation, per-call overhead, and overhead next to latency.

Run: .venv/bin/python bench/bench_simulator.py  (prints a table, writes bench/results/simulator.json)

1. Generating the prolific artist (>= 1,000 releases, >= 10,000 tracks) and the cross-artist index.
2. In-process (httpx ASGITransport, no latency): the simulator's own cost per call, per endpoint, while
   walking the prolific artist's whole Spotify catalog, the touring artist's events and its release groups.
3. Over TCP (`theset simulator` in its own process) with latency_ms=50: end-to-end time minus the latency
   (the client's HTTP stack included) and the CPU the simulator process spends per call; 1 and 20 at a time.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import psutil

from theset.devenv import free_port, wait_http
from theset_simulator.app import create_app
from theset_simulator.catalog import Catalog
from theset_simulator.options import NO_LIMITS, SimOptions

REFERENCE = date(2026, 11, 1)
RESULTS = Path(__file__).parent / "results" / "simulator.json"
UNLIMITED: dict[str, Any] = {"reference_date": REFERENCE, **NO_LIMITS}
UA = {"User-Agent": "TheSetBench/1.0 ( bench@theset.example )"}
TM_KEY = {"apikey": "sim-ticketmaster-key"}


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {
        "calls": len(samples),
        "mean_ms": round(statistics.fmean(samples) * 1000, 3),
        "p50_ms": round(pick(0.5) * 1000, 3),
        "p95_ms": round(pick(0.95) * 1000, 3),
        "max_ms": round(ordered[-1] * 1000, 3),
    }


def bench_generation() -> dict[str, float]:
    catalog = Catalog(2026, REFERENCE)
    started = time.perf_counter()
    data = catalog.artist("velvet-meridian")
    prolific = time.perf_counter() - started
    started = time.perf_counter()
    index = catalog.index
    rest = time.perf_counter() - started
    return {
        "prolific_generate_s": round(prolific, 3),
        "prolific_releases": len(data.own_albums),
        "prolific_tracks": sum(len(a.tracks) for a in data.own_albums),
        "all_other_artists_and_index_s": round(rest, 3),
        "catalog_tracks": len(index.tracks),
    }


class Timed:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.samples: defaultdict[str, list[float]] = defaultdict(list)

    async def get(self, label: str, url: str, **kwargs: Any) -> httpx.Response:
        started = time.perf_counter()
        response = await self.client.get(url, **kwargs)
        self.samples[label].append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code, response.text[:200])
        return response


async def walk_prolific(timed: Timed, client: httpx.AsyncClient, track_sample: int) -> None:
    artists = {a["key"]: a for a in (await client.get("/_sim/artists")).json()["artists"]}
    token = await client.post(
        "/spotify-accounts/api/token",
        data={"grant_type": "client_credentials"},
        auth=("sim-spotify-client", "sim-spotify-secret"),
    )
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    prolific = artists["velvet-meridian"]
    url: str | None = f"/spotify/v1/artists/{prolific['spotifyId']}/albums"
    params: dict[str, Any] | None = {"include_groups": "album,single,compilation", "limit": 10}
    album_ids: list[str] = []
    while url:
        page = (await timed.get("spotify artist-albums page", url, params=params, headers=headers)).json()
        album_ids += [a["id"] for a in page["items"]]
        if len(page["items"]) < page["limit"]:
            break
        url, params = page["next"], None
    track_ids: list[str] = []
    for album_id in album_ids:
        album = (await timed.get("spotify album", f"/spotify/v1/albums/{album_id}", headers=headers)).json()
        track_ids += [t["id"] for t in album["tracks"]["items"]]
    for track_id in track_ids[:track_sample]:
        await timed.get("spotify track", f"/spotify/v1/tracks/{track_id}", headers=headers)
    for offset in range(0, 1100, 100):
        await timed.get(
            "musicbrainz release-group browse",
            "/musicbrainz/ws/2/release-group",
            headers=UA,
            params={"artist": prolific["mbid"], "fmt": "json", "limit": 100, "offset": offset},
        )
    touring = artists["candleglass-orchestra"]["tmAttractionId"]
    for page_number in range(6):
        await timed.get(
            "ticketmaster events page (size 199)",
            "/ticketmaster/discovery/v2/events.json",
            params={**TM_KEY, "attractionId": touring, "size": 199, "page": page_number},
        )
    await timed.get("truth (prolific artist)", f"/_sim/truth/{prolific['tmAttractionId']}")


async def bench_in_process() -> dict[str, Any]:
    app = create_app(SimOptions(**UNLIMITED))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sim") as client:
        await client.get("/_sim/artists")
        started = time.perf_counter()
        timed = Timed(client)
        await walk_prolific(timed, client, track_sample=3000)
        total = time.perf_counter() - started
    return {"walk_s": round(total, 2), "endpoints": {label: summary(s) for label, s in timed.samples.items()}}


def start_server(latency_ms: float) -> tuple[subprocess.Popen[bytes], str]:
    """The simulator in its own process, as `theset simulator` runs it: client CPU is not its own."""
    port = free_port()
    env = {**os.environ, **{f"SIM_{k.upper()}": str(v) for k, v in UNLIMITED.items()}}
    script = "import typer; from theset_simulator.cli import command; typer.run(command)"
    args = [
        sys.executable,
        "-c",
        script,
        "--port",
        str(port),
        "--latency-ms",
        str(latency_ms),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(args, env=env)
    base = f"http://127.0.0.1:{port}"
    if wait_http(f"{base}/_sim/artists", proc=process):
        return process, base
    process.kill()
    raise RuntimeError("simulator did not start")


async def bench_over_tcp(
    server: psutil.Process, base: str, latency_ms: float, concurrency: int, calls: int
) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=base, limits=httpx.Limits(max_connections=concurrency)) as client:
        truth_url = "/_sim/truth/" + next(
            a["tmAttractionId"]
            for a in (await client.get("/_sim/artists")).json()["artists"]
            if a["key"] == "velvet-meridian"
        )
        albums = list(dict.fromkeys(t["album_id"] for t in (await client.get(truth_url)).json()["tracks"]))
        token = await client.post(
            "/spotify-accounts/api/token",
            data={"grant_type": "client_credentials"},
            auth=("sim-spotify-client", "sim-spotify-secret"),
        )
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        samples: list[float] = []
        queue = iter(range(calls))

        async def worker() -> None:
            for number in queue:
                started = time.perf_counter()
                response = await client.get(
                    f"/spotify/v1/albums/{albums[number % len(albums)]}", headers=headers
                )
                samples.append(time.perf_counter() - started)
                assert response.status_code == 200

        cpu_before = sum(server.cpu_times()[:2])
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
        # The simulator's own cost: CPU its process spent per call (client and kernel time excluded).
        server_cpu_ms = (sum(server.cpu_times()[:2]) - cpu_before) * 1000 / calls
    stats = summary(samples)
    overhead = stats["mean_ms"] - latency_ms
    return {
        "latency_ms": latency_ms,
        "concurrency": concurrency,
        **stats,
        "overhead_mean_ms": round(overhead, 3),
        "overhead_share_of_latency": round(overhead / latency_ms, 4),
        "server_cpu_ms_per_call": round(server_cpu_ms, 3),
        "server_cpu_share_of_latency": round(server_cpu_ms / latency_ms, 4),
        "throughput_per_s": round(calls / wall, 1),
    }


def main() -> None:
    generation = bench_generation()
    in_process = asyncio.run(bench_in_process())
    process, base = start_server(50.0)
    try:
        server = psutil.Process(process.pid)
        tcp = [asyncio.run(bench_over_tcp(server, base, 50.0, c, 400)) for c in (1, 20)]
    finally:
        process.terminate()
        process.wait(timeout=10)
    results = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "generation": generation,
        "in_process": in_process,
        "over_tcp": tcp,
    }
    print("Catalog generation")
    for key, value in generation.items():
        print(f"  {key:34s} {value}")
    print(f"\nIn-process walk of the prolific artist ({in_process['walk_s']} s), simulator cost per call")
    print(f"  {'endpoint':40s} {'calls':>6s} {'mean ms':>9s} {'p50 ms':>9s} {'p95 ms':>9s} {'max ms':>9s}")
    for label, stats in in_process["endpoints"].items():
        print(
            f"  {label:40s} {stats['calls']:6d} {stats['mean_ms']:9.3f} {stats['p50_ms']:9.3f} "
            f"{stats['p95_ms']:9.3f} {stats['max_ms']:9.3f}"
        )
    print("\nOver TCP with latency_ms=50 (GET /spotify/v1/albums/{id})")
    for row in tcp:
        print(
            f"  concurrency {row['concurrency']:3d}: mean {row['mean_ms']:.2f} ms, "
            f"p95 {row['p95_ms']:.2f} ms, "
            f"end-to-end overhead {row['overhead_mean_ms']:.2f} ms; simulator CPU "
            f"{row['server_cpu_ms_per_call']:.2f} ms/call "
            f"= {row['server_cpu_share_of_latency']:.1%} of latency; "
            f"{row['throughput_per_s']} calls/s"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {RESULTS}")


if __name__ == "__main__":
    main()
