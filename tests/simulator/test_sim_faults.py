"""Latency and fault injection: 5xx bodies in each upstream's shape, timeouts, dropped connections."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
import uvicorn

from theset_simulator.app import KEEP_ALIVE_S, create_app
from theset_simulator.faults import DroppedConnection
from theset_simulator.options import SimOptions

from .conftest import MB, REFERENCE_DATE, SETLISTFM, SFM, TM, TM_KEY, UA, UNLIMITED, SimFactory


@asynccontextmanager
async def served(**changes: object) -> AsyncIterator[str]:
    """The simulator behind a real uvicorn server on a free 127.0.0.1 port."""
    options = SimOptions(reference_date=REFERENCE_DATE).merged({**UNLIMITED, **changes})
    config = uvicorn.Config(
        create_app(options),
        host="127.0.0.1",
        port=0,
        log_level="warning",
        lifespan="off",
        timeout_keep_alive=KEEP_ALIVE_S,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def test_each_api_fails_in_its_own_shape(sim_factory: SimFactory) -> None:
    async with sim_factory(fault_rate=1.0, fault_kinds=["503"], **UNLIMITED) as sim:
        tm = await sim.client.get(f"{TM}/events.json", params={"apikey": TM_KEY})
        assert tm.status_code == 503 and "fault" in tm.json()
        spotify = await sim.client.get("/spotify/v1/artists/x")
        assert spotify.json() == {"error": {"status": 503, "message": "Service unavailable"}}
        setlistfm = await sim.client.get(f"{SFM}/search/setlists", headers=SETLISTFM)
        assert setlistfm.json() == {"message": "Service Unavailable"}
        musicbrainz = await sim.client.get(f"{MB}/artist/x", headers=UA)
        assert musicbrainz.headers["content-type"].startswith("text/html")  # not JSON: clients must cope
        control = await sim.client.get("/_sim/stats")  # never faulted
        assert control.status_code == 200
        assert control.json()["apis"]["spotify"]["faults"] == {"503": 1}


async def test_fault_rate_is_a_share_of_calls(sim_factory: SimFactory) -> None:
    async with sim_factory(fault_rate=0.3, fault_kinds=["500", "502"], **UNLIMITED) as sim:
        statuses = [
            (await sim.client.get(f"{TM}/venues/none", params={"apikey": TM_KEY})).status_code
            for _ in range(200)
        ]
        failed = sum(1 for s in statuses if s >= 500)
        assert 30 <= failed <= 90
        assert {s for s in statuses if s >= 500} == {500, 502}


async def test_dropped_connection_in_process(sim_factory: SimFactory) -> None:
    async with sim_factory(fault_rate=1.0, fault_kinds=["drop"]) as sim:
        with pytest.raises(DroppedConnection):
            await sim.client.get(f"{TM}/events.json", params={"apikey": TM_KEY})


async def test_latency_is_added(sim_factory: SimFactory) -> None:
    async with sim_factory(latency_ms=60, jitter_ms=20, **UNLIMITED) as sim:
        started = time.perf_counter()
        await sim.client.get(f"{TM}/venues/none", params={"apikey": TM_KEY})
        assert time.perf_counter() - started >= 0.06  # a lower bound: a busy machine only adds to it
    # Control endpoints are not delayed: with a 10-minute latency, they still answer (a huge margin, so
    # no scheduler hiccup can fail this).
    async with sim_factory(latency_ms=600_000, **UNLIMITED) as sim, asyncio.timeout(60):
        assert (await sim.client.get("/_sim/artists")).status_code == 200


@pytest.mark.slow
async def test_dropped_connection_over_tcp() -> None:
    async with (
        served(fault_rate=1.0, fault_kinds=["drop"]) as base,
        httpx.AsyncClient(base_url=base) as client,
    ):
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get(f"{TM}/events.json", params={"apikey": TM_KEY})
        assert (await client.get("/_sim/stats")).json()["apis"]["ticketmaster"]["faults"] == {"drop": 1}


@pytest.mark.slow
async def test_timeout_fault_outlasts_the_client() -> None:
    async with (
        served(fault_rate=1.0, fault_kinds=["timeout"], fault_timeout_s=2.0) as base,
        httpx.AsyncClient(base_url=base, timeout=0.3) as client,
    ):
        with pytest.raises(httpx.ReadTimeout):
            await client.get(f"{TM}/events.json", params={"apikey": TM_KEY})


@pytest.mark.slow
async def test_latency_over_tcp() -> None:
    async with served(latency_ms=100) as base, httpx.AsyncClient(base_url=base) as client:
        artists = (await client.get("/_sim/artists")).json()["artists"]
        started = time.perf_counter()
        response = await client.get(
            f"{TM}/attractions/{artists[0]['tmAttractionId']}.json", params={"apikey": TM_KEY}
        )
        elapsed = time.perf_counter() - started
        assert response.status_code == 200 and elapsed >= 0.1  # no upper bound: the box may be busy
