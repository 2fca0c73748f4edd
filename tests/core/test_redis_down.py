"""Redis down or frozen: request paths answer 503 `unavailable` with a clear message, nothing hangs
(issue 13, item 4). The Redis here is one this test starts and kills, never the shared server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.redis_server import PrivateRedis, redis_binary
from theset.core import config, queues, redis
from theset.core.errors import REDIS_UNAVAILABLE_MESSAGE
from theset.users import sessions
from theset.web.app import create_app

pytestmark = pytest.mark.skipif(redis_binary() is None, reason="no redis-server binary")
TOKEN = "a-long-enough-admin-token-for-tests"
# A guard against a hang, not a measurement: a frozen Redis answers within 2 × REDIS_TIMEOUT_SECONDS.
HANG_GUARD_S = 60


@pytest.fixture
async def private_redis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[PrivateRedis]:
    server = PrivateRedis(tmp_path / "redis")
    server.start()
    await queues.close_registry()
    await redis.close_redis()
    monkeypatch.setenv("REDIS_URL", server.url)
    monkeypatch.setenv("ADMIN_TOKEN", TOKEN)
    monkeypatch.setenv("REDIS_TIMEOUT_SECONDS", "0.5")
    config.reset_settings_cache()
    try:
        yield server
    finally:
        server.kill()
        await queues.close_registry()
        await redis.close_redis()


@pytest.fixture
async def client(connection: Any, private_redis: PrivateRedis) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(configure_logs=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


REQUESTS: list[tuple[str, str, dict[str, Any]]] = [
    ("POST", "/api/auth/login", {"json": {"email": "fan@example.com", "password": "x" * 12}}),
    ("GET", "/api/auth/me", {"headers": {"Cookie": f"{sessions.COOKIE_NAME}=some-token"}}),
    ("GET", "/api/admin/queues", {"headers": {"Authorization": f"Bearer {TOKEN}"}}),
    ("GET", "/api/admin/audit", {"headers": {"Authorization": f"Bearer {TOKEN}"}}),
    ("POST", "/api/artists/import", {"json": {"tmAttractionId": "K8vZ9171ob7"}}),
]


async def _all_unavailable(client: httpx.AsyncClient) -> None:
    for method, url, kwargs in REQUESTS:
        response = await asyncio.wait_for(client.request(method, url, **kwargs), HANG_GUARD_S)
        assert response.status_code == 503, (url, response.text)
        assert response.json()["error"] == {"code": "unavailable", "message": REDIS_UNAVAILABLE_MESSAGE}
    ready = await asyncio.wait_for(client.get("/readyz"), HANG_GUARD_S)
    # Pages and read APIs still answer from PostgreSQL, so the process stays in rotation, marked degraded.
    assert ready.status_code == 200 and ready.json()["status"] == "degraded"
    assert not ready.json()["checks"]["redis"]["ok"]
    assert (await client.get("/healthz")).status_code == 200


async def test_redis_killed_gives_503_not_500(client: httpx.AsyncClient, private_redis: PrivateRedis) -> None:
    login = await client.post("/api/auth/login", json={"email": "fan@example.com", "password": "x" * 12})
    assert login.status_code == 401  # Redis up: the ordinary answer
    private_redis.kill()
    await _all_unavailable(client)


async def test_redis_frozen_gives_503_instead_of_hanging(
    client: httpx.AsyncClient, private_redis: PrivateRedis
) -> None:
    assert (
        await client.get("/api/admin/queues", headers={"Authorization": f"Bearer {TOKEN}"})
    ).status_code == 200
    private_redis.freeze()  # accepts connections, never answers: only timeouts end the wait
    await _all_unavailable(client)


async def test_redis_back_means_service_back(client: httpx.AsyncClient, private_redis: PrivateRedis) -> None:
    private_redis.kill()
    await _all_unavailable(client)
    private_redis.start()  # same port: the pooled clients reconnect on their own
    login = await client.post("/api/auth/login", json={"email": "fan@example.com", "password": "x" * 12})
    assert login.status_code == 401
