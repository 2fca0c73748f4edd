"""A whole import, a kickoff over HTTP and a sign-in with every query through PgBouncer in transaction
pooling mode (DATABASE_TRANSACTION_POOLING=true), two server connections for all of them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from tests.imports.conftest import Pipeline
from tests.pgbouncer import PgBouncer, pgbouncer_binary
from tests.users.conftest import PASSWORD
from theset.core import config, db
from theset.core.db import session_scope
from theset.users import service as users_service
from theset.web.app import create_app

pytestmark = pytest.mark.skipif(pgbouncer_binary() is None, reason="Debian's pgbouncer is not installed")


@pytest.fixture
async def through_bouncer(
    pipeline: Pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[AsyncEngine]:
    bouncer = PgBouncer(tmp_path / "pgbouncer", str(pipeline.engine.url.render_as_string(False)))
    bouncer.start()
    monkeypatch.setenv("DATABASE_TRANSACTION_POOLING", "true")
    config.reset_settings_cache()
    engine = db.create_engine(bouncer.url, pool_size=5)
    db.set_sessionmaker(async_sessionmaker(engine, expire_on_commit=False, autoflush=False))
    try:
        yield engine
    finally:
        db.set_sessionmaker(async_sessionmaker(pipeline.engine, expire_on_commit=False, autoflush=False))
        await engine.dispose()
        bouncer.stop()


async def test_theset_runs_behind_pgbouncer(
    pipeline: Pipeline, through_bouncer: AsyncEngine, redis_client: Any
) -> None:
    artists = await pipeline.artists()
    artist_id = await pipeline.run_import(artists["juniper-vale"]["tmAttractionId"])
    stage = await pipeline.scalar("SELECT stage FROM import_status WHERE artist_id = :a", a=artist_id)
    assert stage == "completed"
    async with session_scope() as session:
        await users_service.create_user(
            session, email="fan@example.com", display_name="Fan", password=PASSWORD
        )
    transport = httpx.ASGITransport(app=create_app(configure_logs=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        body = {"tmAttractionId": artists["hollow-pines"]["tmAttractionId"]}
        assert (await client.post("/api/artists/import", json=body)).status_code == 200
        assert (await client.get(f"/api/artists/{artist_id}")).status_code == 200
        assert (await client.get(f"/api/artists/{artist_id}/songs")).status_code == 200
        assert (await client.get("/api/search?q=juniper")).status_code == 200
        login = {"email": "fan@example.com", "password": PASSWORD}
        assert (await client.post("/api/auth/login", json=login)).status_code == 200
