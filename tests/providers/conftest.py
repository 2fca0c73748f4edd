"""The upstream simulator on a real socket (uvicorn in a thread), reset before each test that uses it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from theset.core.config import Settings
from theset.providers import Providers

# Test-friendly defaults: fast Spotify pacing with the simulator's rolling window off, so catalog tests
# take seconds; tests about limits switch them back on through /_sim/config.
SIM_TEST_OPTIONS = {"spotify_window_limit": 0, "spotify_daily_quota": 0}


@dataclass
class Sim:
    url: str
    control: httpx.AsyncClient
    artists: dict[str, dict[str, Any]]

    async def configure(self, **changes: Any) -> None:
        response = await self.control.post("/_sim/config", json=changes)
        response.raise_for_status()

    async def truth(self, tm_attraction_id: str) -> dict[str, Any]:
        response = await self.control.get(f"/_sim/truth/{tm_attraction_id}")
        response.raise_for_status()
        return dict(response.json())

    async def stats(self) -> dict[str, Any]:
        return dict((await self.control.get("/_sim/stats")).json())

    def settings(self, **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "simulator_url": self.url,
            "spotify_rate_limit": 50.0,
            "ticketmaster_rate_limit": 4.5,
            "http_max_retries": 4,
            "http_timeout_seconds": 5.0,
        }
        values.update(overrides)
        return Settings(**values)

    def providers(self, redis: Any, **overrides: Any) -> Providers:
        http_options = {k: overrides.pop(k) for k in list(overrides) if k in HTTP_OPTIONS}
        http_options.setdefault("backoff_base", 0.05)
        http_options.setdefault("backoff_max", 0.5)
        return Providers.from_settings(self.settings(**overrides), redis=redis, **http_options)


HTTP_OPTIONS = {"backoff_base", "backoff_max", "max_rate_limit_wait", "default_throttle_pause"}


@pytest.fixture
async def sim(sim_url: str, redis_client: Any) -> AsyncIterator[Sim]:
    async with httpx.AsyncClient(base_url=sim_url, timeout=10) as control:
        (await control.post("/_sim/reset")).raise_for_status()
        (await control.post("/_sim/config", json=SIM_TEST_OPTIONS)).raise_for_status()
        listing = (await control.get("/_sim/artists")).json()["artists"]
        yield Sim(sim_url, control, {a["key"]: a for a in listing})
