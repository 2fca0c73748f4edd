"""Forwarded headers count only from TRUSTED_PROXIES (issue 13, item 6). httpx's ASGI transport is a
peer at 127.0.0.1, like a client on the proxy's own machine."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from theset import cli
from theset.core import config
from theset.web.app import create_app


async def _failed_sign_in_address(redis_client: Any, *, forwarded_for: str) -> set[str]:
    transport = httpx.ASGITransport(app=create_app(configure_logs=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        body = {"email": "nobody@example.com", "password": "wrong password!"}
        response = await client.post("/api/auth/login", json=body, headers={"X-Forwarded-For": forwarded_for})
        assert response.status_code == 401
    return {key.rsplit(":", 1)[1] async for key in redis_client.scan_iter(match="*login-failures:*")}


async def test_forwarded_for_is_ignored_by_default(connection: Any, redis_client: Any) -> None:
    assert await _failed_sign_in_address(redis_client, forwarded_for="203.0.113.9") == {"127.0.0.1"}


async def test_forwarded_for_from_a_trusted_proxy_names_the_client(
    connection: Any, redis_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")
    config.reset_settings_cache()
    assert await _failed_sign_in_address(redis_client, forwarded_for="203.0.113.9") == {"203.0.113.9"}


async def test_a_proxy_not_on_the_list_is_not_believed(
    connection: Any, redis_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1")
    config.reset_settings_cache()
    assert await _failed_sign_in_address(redis_client, forwarded_for="203.0.113.9") == {"127.0.0.1"}


def test_a_bad_entry_stops_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1,proxy.internal")
    with pytest.raises(config.ConfigError, match=r"TRUSTED_PROXIES.*proxy\.internal"):
        config.load_settings()


def test_serve_leaves_forwarded_headers_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """uvicorn's own default believes any peer on 127.0.0.1; `theset serve` turns it off."""
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(kwargs))
    result = CliRunner().invoke(cli.app, ["serve", "--port", "1"])
    assert result.exit_code == 0, result.output
    assert seen["proxy_headers"] is False
