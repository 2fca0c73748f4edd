from __future__ import annotations

import httpx
import pytest

from theset.core import config, redis
from theset.web.app import create_app


async def test_healthz(app_client: httpx.AsyncClient) -> None:
    response = await app_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_when_everything_answers(app_client: httpx.AsyncClient) -> None:
    response = await app_client.get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["checks"]["database"]["revision"] is not None
    assert body["checks"]["redis"]["ok"] is True


async def test_readyz_reports_unreachable_redis_as_degraded(
    app_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    config.reset_settings_cache()
    try:
        response = await app_client.get("/readyz")
    finally:
        await redis.close_redis()
    assert response.status_code == 200  # pages still answer from PostgreSQL: stay in rotation
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["redis"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


async def test_readyz_reports_migrations_behind(
    app_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from theset.web import health

    monkeypatch.setattr(health, "head_revision", lambda: "9999_future")
    response = await app_client.get("/readyz")
    assert response.status_code == 503
    assert "not at head" in response.json()["checks"]["database"]["error"]


async def test_error_format_for_unknown_route_and_bad_method(app_client: httpx.AsyncClient) -> None:
    missing = await app_client.get("/api/nope")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    wrong = await app_client.delete("/healthz")
    assert wrong.status_code == 405
    assert set(wrong.json()["error"]) == {"code", "message"}


async def test_openapi_docs_are_served() -> None:
    transport = httpx.ASGITransport(app=create_app(configure_logs=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        assert (await client.get("/docs")).status_code == 200
        assert "/healthz" in (await client.get("/openapi.json")).json()["paths"]


async def test_docs_load_their_assets_from_the_app_itself(app_client: httpx.AsyncClient) -> None:
    """/docs worked only online (Swagger UI from a CDN); its page now names no other origin."""
    import re

    for page in ("/docs", "/redoc"):
        response = await app_client.get(page)
        assert response.status_code == 200
        assert "http://" not in response.text and "https://" not in response.text
        assets = re.findall(r'(?:src|href)="(/[^"]+\.(?:js|css|png))"', response.text)
        assert assets, response.text
        for asset in assets:
            fetched = await app_client.get(asset)
            assert fetched.status_code == 200 and len(fetched.content) > 1000, asset
