"""Redis stopped: every page and read API still answers from PostgreSQL, /readyz says `degraded`, the
outage is logged once, and the cache comes back by itself with Redis. Uses a Redis server this test
starts (and stops) itself, never the shared one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis as sync_redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from tests.web import factories as f
from theset.core import cache, config
from theset.core import redis as core_redis
from theset.devenv import free_port
from theset.users import sessions

SERVER = shutil.which("redis-server") or str(Path(sys.executable).parent / "redis-server")
BROWSER = {"accept": "text/html", "user-agent": "Mozilla/5.0 Firefox/133.0"}
pytestmark = pytest.mark.skipif(not Path(SERVER).exists(), reason="needs a redis-server binary")


class OwnRedis:
    def __init__(self, tmp: Path) -> None:
        self.port = free_port()
        self.tmp = tmp
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = [SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.proc = subprocess.Popen([*args, "--dir", str(self.tmp)], stdout=subprocess.DEVNULL)
        # Ready once it answers: the client's own connect retries wait for the socket.
        retry = Retry(ExponentialBackoff(cap=0.2, base=0.01), 100)
        client = sync_redis.Redis.from_url(
            self.url, retry=retry, retry_on_error=[sync_redis.ConnectionError], socket_connect_timeout=1
        )
        assert client.ping(), "redis-server did not start"

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    server = OwnRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def client_on_own_redis(
    own_redis: OwnRedis, connection: AsyncConnection, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    from theset.web.app import create_app

    monkeypatch.setenv("REDIS_URL", own_redis.url)
    config.reset_settings_cache()
    cache.breaker.succeeded()
    transport = httpx.ASGITransport(app=create_app(configure_logs=False))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client
    finally:
        await cache.close_cache()
        await core_redis.close_redis()
        cache.breaker.succeeded()


class Recorder:
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warning(self, event: str, **_: Any) -> None:
        self.warnings.append(event)


async def test_pages_and_read_apis_answer_from_postgres_while_redis_is_down(
    client_on_own_redis: httpx.AsyncClient,
    own_redis: OwnRedis,
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = client_on_own_redis
    band = await f.artist(session, "Sturdy Band", slug="sturdy-band", import_state="complete")
    gig = await f.show(session, band, 4, await f.venue(session, "Sturdy Hall"))
    [song] = await f.songs(session, band, ["Never Down"])
    await f.setlist(session, gig, "predicted", [(song, 3)])
    paths = ["/", "/trending", "/artists/sturdy-band", f"/shows/{gig.id}", "/signin"]
    apis = [
        "/api/trending",
        "/api/artists/sturdy-band",
        "/api/artists/sturdy-band/shows",
        f"/api/shows/{gig.id}",
    ]
    for path in paths:  # warm: the pages are now cached in our Redis
        assert (await client.get(path, headers=BROWSER)).status_code == 200, path
    assert sync_redis.Redis.from_url(own_redis.url).keys(cache.entry_key("*"))

    log = Recorder()
    monkeypatch.setattr(cache, "log", log)
    own_redis.stop()
    signed_in = {"Cookie": f"{sessions.COOKIE_NAME}=a-session-token"}  # its lookup needs Redis
    for path in paths + apis:
        for extra in ({}, signed_in):
            response = await client.get(
                path, headers={**(BROWSER if not path.startswith("/api") else {}), **extra}
            )
            assert response.status_code == 200, (path, extra, response.text[:300])
    assert "Sturdy Hall" in (await client.get("/artists/sturdy-band", headers=BROWSER)).text
    assert "Never Down" in (await client.get(f"/shows/{gig.id}", headers=BROWSER)).text
    assert log.warnings == ["redis unavailable: serving from PostgreSQL"]  # once, not per request
    ready = await client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "degraded"

    own_redis.start()  # same port, empty: the cache refills by itself
    monkeypatch.setattr(cache, "RETRY_AFTER_S", 0.0)
    assert (await client.get("/artists/sturdy-band", headers=BROWSER)).status_code == 200
    assert cache.degraded() is None and log.warnings[-1] == "redis is back: read cache resumed"
    assert sync_redis.Redis.from_url(own_redis.url).keys(cache.entry_key("artist:*"))
    assert (await client.get("/readyz")).json()["status"] == "ready"


async def test_trending_without_its_cache_serves_the_stored_ranking_without_scoring(
    client_on_own_redis: httpx.AsyncClient,
    own_redis: OwnRedis,
    session: AsyncSession,
    connection: AsyncConnection,
) -> None:
    from tests.web.statements import statements
    from theset.trending import service as trending

    client = client_on_own_redis
    for name, score in (("Second Band", 40.0), ("First Band", 90.0), ("Unranked Band", 0.0)):
        await f.artist(session, name, slug=name.lower().replace(" ", "-"), trending_score=score)
    own_redis.stop()
    with statements(connection) as sent:
        api = (await client.get("/api/trending", params={"timeframe": "month"})).json()
    # the scores the hourly job stored, read in one statement: nobody's votes or views are counted
    assert [(a["rank"], a["name"]) for a in api["artists"]] == [(1, "First Band"), (2, "Second Band")]
    assert api["partial"] is True and api["shows"] == []
    assert len(sent) == 1 and "votes" not in sent[0]
    for path in ("/", "/trending?timeframe=today"):
        with statements(connection) as sent:
            text = (await client.get(path, headers=BROWSER)).text
        assert text.index("First Band") < text.index("Second Band") and "Unranked Band" not in text
        assert len(sent) == 1, path
    assert "being counted again" in (await client.get("/trending", headers=BROWSER)).text
    assert cache.degraded() is not None

    own_redis.start()  # back: the board the job publishes is served again
    cache.breaker.succeeded()
    await trending.publish((await trending.recalculate(session)).boards)
    board = (await client.get("/api/trending")).json()
    assert board["partial"] is False and board["computedAt"]
