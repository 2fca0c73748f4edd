"""Fixtures for the simulator suite: an in-process client per test, with a pinned reference date."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

import httpx
import pytest

from theset_simulator.app import create_app
from theset_simulator.options import NO_LIMITS, SimOptions
from theset_simulator.state import SimState

REFERENCE_DATE = date(2026, 11, 1)
TM_KEY = "sim-ticketmaster-key"
UA = {"User-Agent": "TheSetTests/1.0 ( tests@theset.example )"}
SETLISTFM = {"x-api-key": "sim-setlistfm-key", "Accept": "application/json"}
TM = "/ticketmaster/discovery/v2"
SP = "/spotify/v1"
SFM = "/setlistfm/rest/1.0"
MB = "/musicbrainz/ws/2"
UNLIMITED: dict[str, Any] = dict(NO_LIMITS)


class FakeClock:
    """Stands in for time.time so rate windows and token expiry are tested without sleeping."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Sim:
    def __init__(self, client: httpx.AsyncClient, state: SimState, clock: FakeClock) -> None:
        self.client = client
        self.state = state
        self.clock = clock

    async def artists(self) -> dict[str, dict[str, Any]]:
        response = await self.client.get("/_sim/artists")
        return {a["key"]: a for a in response.json()["artists"]}

    async def token(self) -> dict[str, str]:
        response = await self.client.post(
            "/spotify-accounts/api/token",
            data={"grant_type": "client_credentials"},
            auth=("sim-spotify-client", "sim-spotify-secret"),
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    async def tm(self, path: str, **params: Any) -> httpx.Response:
        return await self.client.get(f"{TM}{path}", params={"apikey": TM_KEY, **params})


@asynccontextmanager
async def open_sim(**changes: Any) -> AsyncIterator[Sim]:
    options = SimOptions(reference_date=REFERENCE_DATE).merged(changes)
    app = create_app(options)
    clock = FakeClock()
    state: SimState = app.state.sim
    state.clock = clock
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim.test") as client:
        yield Sim(client, state, clock)


SimFactory = Callable[..., Any]


@pytest.fixture
def sim_factory() -> SimFactory:
    """`async with sim_factory(spotify_profile="extended") as sim:` - a fresh simulator with those options."""
    return open_sim


@pytest.fixture
async def sim() -> AsyncIterator[Sim]:
    """Default options (the real limits), with a fake clock."""
    async with open_sim() as value:
        yield value


@pytest.fixture
async def free_sim() -> AsyncIterator[Sim]:
    """No rate limits or quotas: for tests about shapes and data rather than throttling."""
    async with open_sim(**UNLIMITED) as value:
        yield value
