"""The fan site for browser tests: seeded shows (upcoming, locked, finished) served by uvicorn on a Redis
server of the test's own, so a test can stop it."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_admin_console import UVICORN
from tests.web import factories as f
from tests.web.test_redis_down import OwnRedis
from theset.core.db import get_sessionmaker
from theset.devenv import free_port, wait_http
from theset.models import User
from theset.trending import service as trending
from theset.users.passwords import hash_password

FAN_EMAIL = "owl@example.com"
FAN_PASSWORD = "a-long-enough-password-1"


@pytest.fixture(autouse=True)
def _patient_expectations() -> None:
    """Playwright's expectations give up after 5 s by default; each one ends as soon as it holds, so a
    longer guard costs nothing and keeps a busy CI machine from failing a page that was merely slow."""
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)


@pytest.fixture
async def seeded(committed_db: Any) -> dict[str, str]:
    async with get_sessionmaker()() as session:
        band = await f.artist(session, "Wednesday", slug="wednesday", import_state="complete", popularity=61)
        cradle = await f.venue(session, "Cat's Cradle", "Carrboro")
        anthem = await f.venue(session, "The Anthem", "Washington")
        for day in range(2, 70):
            await f.show(session, band, day, anthem if day % 2 else cradle, url=f"https://tm.example/{day}")
        catalog = await f.songs(session, band, SONGS)
        soon = await f.show(session, band, 1, cradle, url="https://tm.example/soon", local_time="20:00:00")
        await f.setlist(session, soon, "predicted", list(zip(catalog[:6], [9, 4, 7, 0, 2, 1], strict=True)))
        locked = await f.show(session, band, 0, anthem)
        await f.setlist(session, locked, "predicted", [(s, 3) for s in catalog[:4]], locked=True)
        done = await f.show(session, band, -2, anthem)
        votes = [12, 8, 0, 5, 3, 0, 0, 1]
        await f.setlist(session, done, "predicted", list(zip(catalog[:8], votes, strict=True)), locked=True)
        actual = [(catalog[0], 0), (catalog[3], 0), (catalog[8], 0), ("Wild Horses", 0)]
        await f.setlist(session, done, "actual", actual)
        session.add(
            User(email=FAN_EMAIL, display_name="Night Owl", password_hash=hash_password(FAN_PASSWORD))
        )
        await trending.recalculate(session)  # the hourly job's stored scores (its boards are not cached)
        await session.commit()
        return {"soon": str(soon.id), "locked": str(locked.id), "done": str(done.id)}


SONGS = [
    "Bull Believer", "Chosen to Deserve", "Hot Rotten Grass Smell", "Quarry", "Formula One", "Got Shocked",
    "Bath County", "TV in the Gas Pump", "What's So Funny", "Cody's Only",
]  # fmt: skip


@pytest.fixture
def site(seeded: dict[str, str], tmp_path: Path, sim_url: str) -> Iterator[dict[str, Any]]:
    redis = OwnRedis(tmp_path)
    redis.start()
    port = free_port()
    env = {**os.environ, "REDIS_URL": redis.url, "SIMULATOR_URL": sim_url, "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen([*UVICORN, "--port", str(port)], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_http(f"{url}/healthz", timeout_s=20, proc=server), "uvicorn did not start"
        yield {"url": url, "redis": redis, "shows": seeded}
    finally:
        server.terminate()
        server.wait(10)
        redis.stop()
