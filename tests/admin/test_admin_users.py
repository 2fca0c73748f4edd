"""'… or an admin user': signed-in users with users.is_admin reach the admin API and console; other users
are refused on every admin route, and cookie-authenticated writes still need the console's htmx header."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.admin.test_auth import ROUTES, _call
from tests.users.conftest import PASSWORD, make_user
from theset.core import audit
from theset.users import sessions

HX = {"HX-Request": "true"}


async def _sign_in(client: httpx.AsyncClient, session: AsyncSession, email: str, *, is_admin: bool) -> str:
    user = await make_user(session, email, is_admin=is_admin)
    response = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return str(user.id)


@pytest.mark.usefixtures("admin_token")
@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_a_signed_in_user_who_is_not_an_admin_is_403(
    app_client: httpx.AsyncClient, session: AsyncSession, method: str, path: str
) -> None:
    await _sign_in(app_client, session, "fan@example.com", is_admin=False)
    response = await _call(app_client, method, path, headers=HX)
    assert response.status_code == 403, response.text


@pytest.mark.usefixtures("admin_disabled")
async def test_an_admin_user_gets_in_even_without_an_admin_token(
    app_client: httpx.AsyncClient, session: AsyncSession, redis_client: Any
) -> None:
    user_id = await _sign_in(app_client, session, "op@example.com", is_admin=True)
    overview = await app_client.get("/api/admin/queues")
    assert overview.status_code == 200 and "artist-import" in overview.text
    assert (await app_client.get("/admin/queues")).status_code == 200
    body = {"action": "pause", "queueName": "cleanup"}
    plain = await app_client.post("/api/admin/queues", json=body)
    assert plain.status_code == 403 and "HX-Request" in plain.json()["error"]["message"]  # CSRF guard
    paused = await app_client.post("/api/admin/queues", json=body, headers=HX)
    assert paused.status_code == 200, paused.text
    entries = [(e["actor"], e["action"], e["ok"]) for e in await audit.recent(redis_client)]
    assert (f"user:{user_id}", "pause", True) in entries
    assert (f"user:{user_id}", "login", True) in entries


@pytest.mark.usefixtures("admin_token")
async def test_a_bearer_token_still_works_for_a_signed_in_non_admin(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    from tests.admin.conftest import AUTH

    await _sign_in(app_client, session, "fan@example.com", is_admin=False)
    assert (await app_client.get("/api/admin/queues", headers=AUTH)).status_code == 200


@pytest.mark.usefixtures("admin_token")
async def test_the_console_token_cookie_works_for_a_signed_in_non_admin(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    from tests.admin.conftest import ADMIN_TOKEN

    await _sign_in(app_client, session, "fan@example.com", is_admin=False)
    assert (await app_client.get("/admin/queues")).status_code == 403
    signed_in = await app_client.post("/admin/login", data={"token": ADMIN_TOKEN})
    assert signed_in.status_code == 303
    assert (await app_client.get("/admin/queues")).status_code == 200  # no loop back to the sign-in page


@pytest.mark.usefixtures("admin_disabled")
async def test_revoking_admin_takes_effect_on_the_next_request(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await _sign_in(app_client, session, "op@example.com", is_admin=True)
    assert (await app_client.get("/api/admin/health")).status_code == 200
    from theset.users import service

    await service.set_admin(session, "op@example.com", is_admin=False)
    await session.flush()
    assert (await app_client.get("/api/admin/health")).status_code == 403


@pytest.mark.usefixtures("admin_token")
async def test_console_sign_in_form_accepts_admin_users_only(
    app_client: httpx.AsyncClient, session: AsyncSession, redis_client: Any
) -> None:
    await make_user(session, "fan@example.com")
    await make_user(session, "op@example.com", is_admin=True)
    form = await app_client.get("/admin/login")
    assert 'name="email"' in form.text and 'name="token"' in form.text
    fan = await app_client.post("/admin/login", data={"email": "fan@example.com", "password": PASSWORD})
    assert fan.status_code == 403 and "is not an admin" in fan.text
    assert sessions.COOKIE_NAME not in app_client.cookies
    wrong = await app_client.post(
        "/admin/login", data={"email": 'op@example.com"><script>', "password": "nope nope"}
    )
    assert wrong.status_code == 401 and "not right" in wrong.text
    assert 'value="op@example.com&#34;&gt;&lt;script&gt;"' in wrong.text  # kept for a retry, escaped
    good = await app_client.post("/admin/login", data={"email": "op@example.com", "password": PASSWORD})
    assert good.status_code == 303 and good.headers["location"] == "/admin/queues"
    assert (await app_client.get("/admin/queues")).status_code == 200
    token = app_client.cookies[sessions.COOKIE_NAME]
    out = await app_client.post("/admin/logout")
    assert out.status_code == 303
    assert await sessions.resolve(redis_client, token) is None
    failed = [e for e in await audit.recent(redis_client) if e["action"] == "login" and not e["ok"]]
    assert {e["result"]["error"] for e in failed} == {"not an admin", "bad password"}


@pytest.mark.usefixtures("admin_disabled")
async def test_without_a_token_the_sign_in_page_offers_only_user_sign_in(
    app_client: httpx.AsyncClient,
) -> None:
    form = await app_client.get("/admin/login")
    assert form.status_code == 200 and 'name="email"' in form.text and 'name="token"' not in form.text
