"""Injected upstream faults on a real socket: 5xx, dropped connections and hung requests are retried."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.providers.conftest import Sim
from theset.core.http import UpstreamUnavailable


async def test_flaky_upstream_is_survived_by_retries(sim: Sim, redis_client: Any) -> None:
    await sim.configure(
        fault_rate=0.3, fault_kinds=["500", "502", "503", "drop", "timeout"], fault_timeout_s=2.0
    )
    artist = sim.artists["juniper-vale"]
    async with sim.providers(redis_client, http_max_retries=8, http_timeout_seconds=0.5) as p:
        for _ in range(15):
            found = await p.spotify.get_artist(artist["spotifyId"])
            assert found.id == artist["spotifyId"]
        retries = p.spotify.http.stats["retries"]
    faults = sum(sum(api.get("faults", {}).values()) for api in (await sim.stats())["apis"].values())
    assert faults >= 1 and retries >= faults


async def test_dead_upstream_fails_with_unavailable_after_retries(sim: Sim, redis_client: Any) -> None:
    await sim.configure(fault_rate=1.0, fault_kinds=["drop"])
    artist = sim.artists["juniper-vale"]
    async with sim.providers(redis_client, http_max_retries=2) as p:
        started = time.monotonic()
        with pytest.raises(UpstreamUnavailable) as info:
            await p.setlistfm.get_setlist("43e86b6f")
        assert p.setlistfm.calls == 3
        assert time.monotonic() - started < 10
        with pytest.raises(UpstreamUnavailable):
            await p.spotify.get_artist(artist["spotifyId"])
    assert "sim-setlistfm-key" not in str(info.value)
