"""Every admin route (API and console) refuses missing (401) and wrong (403) credentials."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from tests.admin.conftest import ADMIN_TOKEN, AUTH
from theset.admin.auth import COOKIE_NAME, sign_session
from theset.core import audit
from theset.core.config import get_settings
from theset.web.app import create_app

PUBLIC = {("GET", "/admin/login"), ("POST", "/admin/login"), ("POST", "/admin/logout")}
SAMPLE = {"name": "cleanup", "job_id": "1", "artist_id": str(uuid.uuid4()), "action": "retry"}


def _walk(routes: list[Any]) -> list[APIRoute]:
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        inner = getattr(getattr(route, "original_router", None), "routes", None)
        if inner is not None:
            found += _walk(list(inner))
    return found


def admin_routes() -> list[tuple[str, str]]:
    app = create_app(configure_logs=False)
    pairs = set()
    for route in _walk(list(app.router.routes)):
        if not route.path.startswith(("/api/admin", "/admin")):
            continue
        for method in route.methods - {"HEAD"}:
            if (method, route.path) not in PUBLIC:
                pairs.add((method, re.sub(r"{(\w+)}", lambda m: SAMPLE[m.group(1)], route.path)))
    return sorted(pairs)


ROUTES = admin_routes()


def test_the_route_list_covers_api_and_console() -> None:
    paths = {path for _, path in ROUTES}
    assert "/api/admin/queues" in paths and "/admin/queues" in paths and "/api/admin/audit" in paths
    assert len(ROUTES) >= 25


async def _call(client: httpx.AsyncClient, method: str, path: str, **kw: Any) -> httpx.Response:
    body = {"json": {"action": "pause", "queueName": "cleanup"}} if method == "POST" else {}
    return await client.request(method, path, **body, **kw)


@pytest.mark.usefixtures("admin_token")
@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_no_credentials_is_401(app_client: httpx.AsyncClient, method: str, path: str) -> None:
    response = await _call(app_client, method, path)
    assert response.status_code == 401, response.text


@pytest.mark.usefixtures("admin_token")
@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_wrong_token_is_403(app_client: httpx.AsyncClient, method: str, path: str) -> None:
    response = await _call(app_client, method, path, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 403, response.text


@pytest.mark.usefixtures("admin_token")
@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_forged_cookie_is_403(app_client: httpx.AsyncClient, method: str, path: str) -> None:
    app_client.cookies.set(COOKIE_NAME, sign_session(get_settings(), "a-guess", int(time.time()) + 600))
    response = await _call(app_client, method, path)
    assert response.status_code == 403, response.text


@pytest.mark.usefixtures("admin_disabled")
@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_admin_disabled_without_token_is_403(
    app_client: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await _call(app_client, method, path, headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403, response.text


@pytest.mark.usefixtures("admin_token")
async def test_api_errors_use_the_error_format(app_client: httpx.AsyncClient) -> None:
    missing = await app_client.get("/api/admin/queues")
    assert missing.json()["error"]["code"] == "unauthorized"
    assert missing.headers["www-authenticate"].startswith("Bearer")
    wrong = await app_client.get("/api/admin/queues", headers={"Authorization": "Bearer nope"})
    assert wrong.json() == {"error": {"code": "forbidden", "message": "admin token is not valid"}}


@pytest.mark.usefixtures("admin_disabled")
async def test_disabled_admin_says_so(app_client: httpx.AsyncClient) -> None:
    response = await app_client.get("/api/admin/queues")
    assert response.status_code == 403 and "ADMIN_TOKEN" in response.json()["error"]["message"]


@pytest.mark.usefixtures("admin_token")
async def test_console_login_sets_a_strict_httponly_signed_cookie(
    app_client: httpx.AsyncClient, redis_client: Any
) -> None:
    bad = await app_client.post("/admin/login", data={"token": "wrong"})
    assert bad.status_code == 403 and "not valid" in bad.text
    good = await app_client.post("/admin/login", data={"token": ADMIN_TOKEN})
    assert good.status_code == 303 and good.headers["location"] == "/admin/queues"
    cookie = good.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert ADMIN_TOKEN not in cookie
    page = await app_client.get("/admin/queues")  # the client keeps the cookie
    assert page.status_code == 200 and "artist-import" in page.text
    # cookie-authenticated writes must come from htmx (CSRF guard)
    plain = await app_client.post("/admin/queues/cleanup/actions", data={"action": "pause"})
    assert plain.status_code == 403
    htmx = await app_client.post(
        "/admin/queues/cleanup/actions", data={"action": "pause"}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 200 and "paused True" in htmx.text
    actions = [(e["actor"], e["action"], e["ok"]) for e in await audit.recent(redis_client)]
    assert ("console", "pause", True) in actions and ("console", "login", True) in actions
    assert any(a == "login" and not ok for _, a, ok in actions)


@pytest.mark.usefixtures("admin_token")
async def test_console_without_credentials_shows_the_sign_in_page(app_client: httpx.AsyncClient) -> None:
    page = await app_client.get("/admin/queues")
    assert page.status_code == 401 and 'action="/admin/login"' in page.text
    partial = await app_client.get("/admin/partials/overview", headers={"HX-Request": "true"})
    assert partial.status_code == 401 and partial.headers["hx-redirect"] == "/admin/login"


async def test_bearer_token_opens_the_console(admin_client: httpx.AsyncClient) -> None:
    page = await admin_client.get("/admin/queues")
    assert page.status_code == 200
    assert AUTH["Authorization"].split()[1] not in page.text
