"""POST /api/auth/login, /logout and GET /api/auth/me over HTTP, with real PostgreSQL and Redis."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.users.conftest import PASSWORD, make_user
from theset.users import sessions, throttle


async def _login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    return await client.post("/api/auth/login", json={"email": email, "password": password})


async def test_login_sets_an_httponly_cookie_and_me_answers(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, "fan@example.com")
    response = await _login(app_client, "Fan@Example.com")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "id": str(user.id),
        "email": "fan@example.com",
        "displayName": "fan",
        "isAdmin": False,
    }
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith(f"{sessions.COOKIE_NAME}=") and "httponly" in cookie and "samesite=lax" in cookie
    me = await app_client.get("/api/auth/me")
    assert me.status_code == 200 and me.json()["id"] == str(user.id)


async def test_logout_ends_the_session_server_side(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_user(session, "fan@example.com")
    await _login(app_client, "fan@example.com")
    token = app_client.cookies[sessions.COOKIE_NAME]
    assert (await app_client.post("/api/auth/logout")).status_code == 204
    app_client.cookies.set(sessions.COOKIE_NAME, token)  # a copy kept by an attacker is dead too
    me = await app_client.get("/api/auth/me")
    assert me.status_code == 401 and me.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(
    ("email", "password"), [("fan@example.com", "wrong password!"), ("nobody@example.com", PASSWORD)]
)
async def test_bad_credentials_are_one_401(
    app_client: httpx.AsyncClient, session: AsyncSession, email: str, password: str
) -> None:
    await make_user(session, "fan@example.com")
    response = await _login(app_client, email, password)
    assert response.status_code == 401
    assert response.json()["error"] == {"code": "unauthorized", "message": "e-mail or password is not right"}
    assert sessions.COOKIE_NAME not in app_client.cookies


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"email": "fan@example.com"},
        {"email": "fan@example.com", "password": "x" * 5000},
        {"email": ["list"], "password": PASSWORD},
        {"email": "fan@example.com", "password": PASSWORD, "isAdmin": True},
    ],
)
async def test_malformed_bodies_are_422(app_client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    response = await app_client.post("/api/auth/login", json=body)
    assert response.status_code == 422 and response.json()["error"]["code"]


async def test_repeated_failures_lock_the_address_out(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_user(session, "fan@example.com")
    for _ in range(throttle.MAX_FAILURES):
        assert (await _login(app_client, "fan@example.com", "guess guess guess")).status_code == 401
    locked = await _login(app_client, "fan@example.com")  # even the right password now waits
    assert locked.status_code == 429 and locked.json()["error"]["code"] == "rate_limited"


async def test_a_session_of_a_deleted_account_is_nobody(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, "fan@example.com")
    await _login(app_client, "fan@example.com")
    await session.delete(user)
    await session.flush()
    assert (await app_client.get("/api/auth/me")).status_code == 401


async def test_concurrent_attempts_cannot_slip_past_the_limit(redis_client: Any) -> None:
    import asyncio

    allowed = await asyncio.gather(
        *(throttle.attempt(redis_client, "user", "10.0.0.1") for _ in range(throttle.MAX_FAILURES + 5))
    )
    assert allowed.count(True) == throttle.MAX_FAILURES and allowed.count(False) == 5
    assert await throttle.attempt(redis_client, "user", "10.0.0.2")  # per address
    await throttle.clear(redis_client, "user", "10.0.0.1")
    assert await throttle.attempt(redis_client, "user", "10.0.0.1")
