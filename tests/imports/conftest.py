"""The import pipeline end to end: kickoff, in-process worker, simulator on loopback, real DB and Redis."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from theset.core import config
from theset.core.db import session_scope
from theset.core.queue_names import ARTIST_IMPORT
from theset.imports.service import request_import
from theset.models import Artist, ArtistSong, Setlist, SetlistSong, Show, Song, Venue
from theset.worker import run_until_drained
from theset_simulator.options import NO_LIMITS

UNLIMITED_SIM = {
    **NO_LIMITS,
    "latency_ms": 0,
    "jitter_ms": 0,
    "fault_rate": 0,
}
FAST_CLIENT_ENV = {
    "TICKETMASTER_RATE_LIMIT": "1000",
    "SPOTIFY_RATE_LIMIT": "1000",
    "SETLISTFM_RATE_LIMIT": "1000",
    "MUSICBRAINZ_RATE_LIMIT": "1000",
    "TICKETMASTER_DAILY_QUOTA": "1000000",
    "HTTP_TIMEOUT_SECONDS": "5",
}


@dataclass
class Pipeline:
    sim: httpx.AsyncClient
    engine: AsyncEngine

    async def configure(self, **changes: Any) -> None:
        (await self.sim.post("/_sim/config", json=changes)).raise_for_status()

    async def artists(self) -> dict[str, dict[str, Any]]:
        return {a["key"]: a for a in (await self.sim.get("/_sim/artists")).json()["artists"]}

    async def truth(self, tm_id: str) -> dict[str, Any]:
        response = await self.sim.get(f"/_sim/truth/{tm_id}")
        response.raise_for_status()
        return dict(response.json())

    async def stats(self) -> dict[str, Any]:
        return dict((await self.sim.get("/_sim/stats")).json())

    async def run_import(self, tm_id: str, *, timeout_s: float = 240) -> uuid.UUID:
        async with session_scope() as session:
            started = await request_import(session, tm_id)
        await run_until_drained([ARTIST_IMPORT], timeout_s=timeout_s)
        return started.artist_id

    async def scalar(self, sql: str, **params: Any) -> Any:
        async with self.engine.connect() as conn:
            return (await conn.execute(text(sql), params)).scalar()

    async def row_counts(self) -> dict[str, int]:
        counts = {}
        async with self.engine.connect() as conn:
            for model in (Artist, Venue, Show, Song, ArtistSong, Setlist, SetlistSong):
                counts[model.__tablename__] = (
                    await conn.execute(select(func.count()).select_from(model))
                ).scalar_one()
        return counts


@pytest.fixture
async def pipeline(
    sim_url: str, committed_db: AsyncEngine, redis_client: object, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Pipeline]:
    monkeypatch.setenv("SIMULATOR_URL", sim_url)
    for key, value in FAST_CLIENT_ENV.items():
        monkeypatch.setenv(key, value)
    config.reset_settings_cache()
    async with httpx.AsyncClient(base_url=sim_url, timeout=30) as sim:
        (await sim.post("/_sim/reset")).raise_for_status()
        (await sim.post("/_sim/config", json=UNLIMITED_SIM)).raise_for_status()
        yield Pipeline(sim, committed_db)
