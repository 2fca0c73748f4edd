"""The faults a chaos run injects, each with how to tell that the system has recovered from it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from bench.chaos.cluster import ADMIN_TOKEN, Cluster


@dataclass
class FaultResult:
    name: str
    injected_at: float
    recovered_at: float | None
    server_down: bool  # 5xx are expected from the web processes until it recovered
    detail: str = ""

    @property
    def recovery_s(self) -> float | None:
        return None if self.recovered_at is None else round(self.recovered_at - self.injected_at, 2)

    def as_dict(self, t0: float) -> dict[str, Any]:
        return {
            "fault": self.name,
            "atS": round(self.injected_at - t0, 2),
            "recoveryS": self.recovery_s,
            "serverDown": self.server_down,
            "detail": self.detail,
        }


async def _until(check: Callable[[], Awaitable[bool]], timeout_s: float) -> float | None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if await check():
                return time.monotonic()
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.2)  # polling a recovering system's readiness
    return None


async def all_ready(cluster: Cluster) -> bool:
    async with httpx.AsyncClient(timeout=3) as client:
        for url in cluster.web_urls:
            # 200 alone is not enough: without Redis /readyz answers 200 "degraded" (pages still work).
            response = await client.get(f"{url}/readyz")
            if response.status_code != 200 or response.json().get("status") != "ready":
                return False
    return True


async def admin_health(cluster: Cluster) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(
            f"{cluster.web_urls[0]}/api/admin/health", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
        )
        response.raise_for_status()
        return dict(response.json())


async def kill_worker(cluster: Cluster) -> FaultResult:
    at = time.monotonic()
    pid = await asyncio.to_thread(cluster.kill_worker)
    cluster.start_worker()

    async def three_alive() -> bool:
        return int((await admin_health(cluster))["workers"]["alive"]) >= 3

    return FaultResult("worker SIGKILL", at, await _until(three_alive, 60), False, f"pid {pid}, replaced")


async def restart_redis(cluster: Cluster, down_s: float) -> FaultResult:
    at = time.monotonic()
    await asyncio.to_thread(cluster.redis.kill)
    await asyncio.sleep(down_s)  # the outage itself
    await asyncio.to_thread(cluster.redis.start)  # same port and data dir: AOF replays the data
    recovered = await _until(lambda: all_ready(cluster), 60)
    return FaultResult("Redis SIGKILL + restart (AOF)", at, recovered, True, f"down {down_s:g} s")


async def restart_postgres(cluster: Cluster) -> FaultResult:
    at = time.monotonic()
    await asyncio.to_thread(cluster.postgres.restart)
    recovered = await _until(lambda: all_ready(cluster), 60)
    return FaultResult("PostgreSQL restart", at, recovered, True, "pg_ctl -m fast stop, start")


async def upstream(
    cluster: Cluster, name: str, changes: dict[str, Any], revert: dict[str, Any], for_s: float
) -> FaultResult:
    at = time.monotonic()
    async with httpx.AsyncClient(base_url=cluster.sim_url, timeout=10) as sim:
        (await sim.post("/_sim/config", json=changes)).raise_for_status()
        await asyncio.sleep(for_s)  # the fault window
        (await sim.post("/_sim/config", json=revert)).raise_for_status()
    return FaultResult(name, at, time.monotonic(), False, f"{for_s:g} s: {changes}")


def upstream_faults(for_s: float) -> list[tuple[str, dict[str, Any], dict[str, Any], float]]:
    off = {"fault_rate": 0.0}
    return [
        ("upstream 5xx (30 %)", {"fault_rate": 0.3, "fault_kinds": ["500", "502", "503"]}, off, for_s),
        (
            "upstream timeouts (20 %)",
            {"fault_rate": 0.2, "fault_kinds": ["timeout"], "fault_timeout_s": 3},
            off,
            for_s,
        ),
        (
            "upstream 429 storm",
            {"spotify_window_limit": 5, "spotify_window_s": 5, "ticketmaster_rate_per_s": 1},
            {"spotify_window_limit": 0, "ticketmaster_rate_per_s": 0},
            for_s,
        ),
    ]
