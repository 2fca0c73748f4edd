"""PostgreSQL not answering: 503 `unavailable`, not 500 (seen in the chaos run's restart window)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from theset.core import config, db
from theset.core.errors import DATABASE_UNAVAILABLE_MESSAGE
from theset.devenv import free_port
from theset.web.app import create_app


@pytest.fixture
async def no_database(redis_client: object, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    monkeypatch.setenv("DATABASE_URL", f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/nothing")
    config.reset_settings_cache()
    await db.dispose_engine()
    yield
    await db.dispose_engine()


async def test_reads_and_writes_answer_503(no_database: None) -> None:
    transport = httpx.ASGITransport(app=create_app(configure_logs=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        for response in (
            await client.get("/api/search", params={"q": "abba"}),
            await client.get("/api/artists/some-slug"),
            await client.post("/api/artists/import", json={"tmAttractionId": "K8vZ9171ob7"}),
        ):
            assert response.status_code == 503, response.text
            assert response.json()["error"] == {
                "code": "unavailable",
                "message": DATABASE_UNAVAILABLE_MESSAGE,
            }
