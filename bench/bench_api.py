"""Kickoff latency under 20 concurrent clients, and SSE delivery latency from publish to client."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench._common import (
    BIN,
    apply_env,
    bench_environment,
    parse_wrk,
    prepare_database,
    summary_ms,
    table,
    write_result,
)
from theset.devenv import free_port, wait_http

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
REQUESTS_PER_CLIENT = int(os.environ.get("BENCH_REQUESTS", "50"))
SSE_LISTENERS = int(os.environ.get("BENCH_SSE_LISTENERS", "20"))
SSE_EVENTS = int(os.environ.get("BENCH_SSE_EVENTS", "200"))
WEB_WORKERS = os.environ.get("BENCH_WEB_WORKERS", "2")


def start_web(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", WEB_WORKERS],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    if not wait_http(f"{url}/readyz", proc=proc):
        proc.kill()
        raise RuntimeError("web app did not become ready")
    return proc, url


async def kickoff_latencies(url: str) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0

    async def client(index: int) -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=url, timeout=10) as http:
            for i in range(REQUESTS_PER_CLIENT):
                # every third request repeats an earlier attraction: the join path is measured too
                n = i - 1 if i % 3 == 2 else i
                started = time.perf_counter()
                response = await http.post(
                    "/api/artists/import", json={"tmAttractionId": f"BENCH{index:02d}{n:04d}"}
                )
                latencies.append(time.perf_counter() - started)
                errors += response.status_code != 200

    async with httpx.AsyncClient(base_url=url) as warm:
        for i in range(20):
            await warm.post("/api/artists/import", json={"tmAttractionId": f"WARMUP{i:04d}"})
    await asyncio.gather(*(client(i) for i in range(CLIENTS)))
    return latencies, errors


async def sse_latencies(url: str) -> list[float]:
    from theset.core.events import Event, publish
    from theset.core.redis import close_redis
    from theset.imports.progress import channel

    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        started = (await http.post("/api/artists/import", json={"tmAttractionId": "SSEBENCH0001"})).json()
    artist_id = started["artistId"]
    delays: list[float] = []
    ready = asyncio.Event()
    connected = 0

    async def listen() -> None:
        nonlocal connected
        async with (
            httpx.AsyncClient(base_url=url, timeout=None) as http,  # noqa: S113 - a stream has no end
            http.stream("GET", f"/api/artists/{artist_id}/stream") as response,
        ):
            async for line in response.aiter_lines():
                if not line.startswith("data:"):
                    continue
                data = orjson.loads(line[5:])
                if data["stage"] == "pending":
                    connected += 1
                    if connected == SSE_LISTENERS:
                        ready.set()
                    continue
                if data["stage"] == "completed":
                    return
                delays.append(time.time() - float(data["message"]))

    listeners = [asyncio.create_task(listen()) for _ in range(SSE_LISTENERS)]
    await asyncio.wait_for(ready.wait(), 30)
    for n in range(1, SSE_EVENTS + 1):
        at = time.time()
        data = {"stage": "shows", "progress": 10, "message": repr(at), "at": None}
        await publish(channel(artist_id), Event(1000 + n, data))
        await asyncio.sleep(0.01)
    done = {"stage": "completed", "progress": 100, "message": "done", "at": None}
    await publish(channel(artist_id), Event(1000 + SSE_EVENTS + 1, done))
    await asyncio.wait_for(asyncio.gather(*listeners), 60)
    await close_redis()
    return delays


def wrk_kickoff(url: str) -> dict[str, Any] | None:
    """20 closed-loop connections from wrk (C, light on the CPU the server shares with it)."""
    if shutil.which("wrk") is None:
        return None
    script = str(Path(__file__).parent / "kickoff.lua")
    base = ["wrk", "-t2", f"-c{CLIENTS}", "-s", script]
    subprocess.run([*base, "-d3s", url], capture_output=True, check=True)  # warm up
    out = subprocess.run(
        [*base, "-d15s", "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    return {"generator": "wrk", "clients": CLIENTS, "web_workers": int(WEB_WORKERS), **parse_wrk(out)}


def main() -> None:
    # Every kickoff comes from one loopback address here: the per-address limit would answer 429.
    env = {**bench_environment(), "IMPORT_KICKOFFS_PER_MINUTE": "0"}
    prepare_database(env)
    apply_env(env)
    proc, url = start_web(env)
    try:
        kickoff = wrk_kickoff(url)
        if kickoff is None:
            latencies, errors = asyncio.run(kickoff_latencies(url))
            kickoff = {"generator": "httpx", "clients": CLIENTS, "errors": errors, **summary_ms(latencies)}
        delays = asyncio.run(sse_latencies(url))
    finally:
        proc.terminate()
        proc.wait(15)
    sse: dict[str, Any] = {"listeners": SSE_LISTENERS, "events": SSE_EVENTS, **summary_ms(delays)}
    print(f"kickoff latency, {CLIENTS} concurrent clients (target p99 < 50 ms):")
    table([(k, str(v)) for k, v in kickoff.items()])
    print(f"SSE delivery publish -> client, {SSE_LISTENERS} listeners (target p99 < 50 ms):")
    table([(k, str(v)) for k, v in sse.items()])
    print("wrote", write_result("api", {"kickoff": kickoff, "sse": sse}))


if __name__ == "__main__":
    main()
