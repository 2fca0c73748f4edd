"""Every Redis key TheSet writes lives under QUEUE_PREFIX (issue 13, item 8): run an import, sign-ins,
an admin sign-in, trending, schedules, then look at every key in the test's Redis database."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import TEST_QUEUE_PREFIX
from tests.imports.conftest import Pipeline
from tests.users.conftest import PASSWORD
from theset.core import audit, schedules
from theset.core.db import session_scope
from theset.core.queue_names import TRENDING_CALC
from theset.core.queues import get_registry
from theset.core.redis import get_redis
from theset.imports import progress
from theset.trending import views
from theset.users import service as users_service
from theset.web.app import create_app
from theset.worker import run_until_drained


async def _sign_ins(monkeypatch: pytest.MonkeyPatch) -> None:
    async with session_scope() as session:
        await users_service.create_user(
            session, email="admin@example.com", display_name="Admin", password=PASSWORD, is_admin=True
        )
    monkeypatch.setenv("ADMIN_TOKEN", "a-long-enough-admin-token-for-tests")
    transport = httpx.ASGITransport(app=create_app(configure_logs=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        login = {"email": "admin@example.com", "password": PASSWORD}
        assert (await client.post("/api/auth/login", json={**login, "password": "wrong!"})).status_code == 401
        assert (await client.post("/api/auth/login", json=login)).status_code == 200
        await client.post("/admin/login", data={"token": "wrong"})
        assert (await client.get("/api/admin/audit")).status_code == 200
        assert (await client.get("/api/trending")).status_code == 200


async def test_every_key_is_under_the_queue_prefix(
    pipeline: Pipeline, redis_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tm_id = (await pipeline.artists())["juniper-vale"]["tmAttractionId"]
    artist_id = await pipeline.run_import(tm_id)
    await _sign_ins(monkeypatch)
    await audit.record(get_redis(), actor="token", action="probe")
    assert await views.record(artist_id, "192.0.2.7", "Mozilla/5.0 (a fan's browser)")  # a page view
    await get_registry().add(TRENDING_CALC, "calculate-trending", {})
    await run_until_drained([TRENDING_CALC])
    await schedules.register_schedules()  # after the drain: its delayed next runs count as pending

    keys = [key async for key in redis_client.scan_iter(count=1000)]
    assert len(keys) > 20  # the operations above did write: the check below is not vacuous
    kinds = {key.split(":")[1] for key in keys if key.startswith(f"{TEST_QUEUE_PREFIX}:")}
    # Trending boards live in the read cache (cache:trending:<timeframe>).
    assert {"ratelimit", "spotify", "session", "audit", "cache", "login-failures", "views"} <= kinds
    assert any(key.startswith(f"{TEST_QUEUE_PREFIX}:cache:trending:") for key in keys)
    assert [key for key in keys if not key.startswith(f"{TEST_QUEUE_PREFIX}:")] == []
    assert progress.channel(artist_id).startswith(f"{TEST_QUEUE_PREFIX}:")  # pub/sub channels too
