"""NUL bytes and out-of-range integers get 422 at the edge, for every route (issue 13, item 5)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from theset.web.app import create_app

NUL = "a%00b"
TOO_BIG = "9223372036854775808"  # 2**63: no BIGINT holds it


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    spec = create_app(configure_logs=False).openapi()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield method.upper(), path, operation


OPERATIONS = list(_operations())
IDS = [f"{m} {p}" for m, p, _ in OPERATIONS]


def _fill(path: str, value: str = "x") -> str:
    return re.sub(r"\{[^}]+\}", value, path)


def _assert_refused(response: httpx.Response, status: int = 422) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == "validation_error"


def test_the_openapi_lists_the_routes_this_test_covers() -> None:
    paths = {p for _, p, _ in OPERATIONS}
    assert {"/api/search", "/api/auth/login", "/api/artists/{artist_key}", "/api/artists/import"} <= paths


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=IDS)
async def test_nul_anywhere_is_422_on_every_route(
    app_client: httpx.AsyncClient, method: str, path: str, operation: dict[str, Any]
) -> None:
    params = [p for p in operation.get("parameters", []) if p["in"] == "query"]
    probes = [f"{_fill(path)}?{p['name']}={NUL}" for p in params] or [f"{_fill(path)}?probe={NUL}"]
    if "{" in path:
        probes.append(_fill(path, NUL))
    for url in probes:
        _assert_refused(await app_client.request(method, url))
    if "requestBody" in operation:
        body = {"x": "a\x00b", "tmAttractionId": "K\x00", "email": "a\x00@example.com"}
        _assert_refused(await app_client.request(method, _fill(path), json=body))


INTEGER_PARAMS = [
    (m, p, q["name"])
    for m, p, op in OPERATIONS
    for q in op.get("parameters", [])
    if q["in"] == "query" and q.get("schema", {}).get("type") == "integer"
]


@pytest.mark.parametrize(
    ("method", "path", "name"), INTEGER_PARAMS, ids=[f"{m} {p} {n}" for m, p, n in INTEGER_PARAMS]
)
async def test_integers_past_64_bits_are_422(
    app_client: httpx.AsyncClient, method: str, path: str, name: str
) -> None:
    for value in (TOO_BIG, "-" + TOO_BIG, "9" * 5000):
        _assert_refused(await app_client.request(method, f"{_fill(path)}?{name}={value}"))


def test_some_routes_take_integers() -> None:
    assert any(p == "/api/admin/queues/{name}/jobs" and n == "page" for _, p, n in INTEGER_PARAMS)


@pytest.mark.parametrize(
    "url",
    [
        "/api/search?q=a%00b",
        "/api/artists/a%00b",
        "/artists/a%00b",
        "/admin/queues?x=%00",
        "/api/trending?%00=1",
    ],
)
async def test_the_reported_cases_and_pages(app_client: httpx.AsyncClient, url: str) -> None:
    refused = await app_client.get(url)
    _assert_refused(refused)
    assert refused.headers["x-content-type-options"] == "nosniff"  # the edge's answers are headed too


async def test_bodies_json_and_forms(app_client: httpx.AsyncClient) -> None:
    login = "/api/auth/login"
    _assert_refused(await app_client.post(login, json={"email": "fan\x00@example.com", "password": "x" * 12}))
    _assert_refused(await app_client.post(login, content=b'{"email": "a", "n": 1' + b"0" * 30 + b"}"))
    _assert_refused(await app_client.post("/admin/login", data={"email": "a\x00b", "password": "p"}))
    raw = await app_client.post(login, content=b"a\x00b", headers={"content-type": "text/plain"})
    _assert_refused(raw)


async def test_numeric_headers(app_client: httpx.AsyncClient) -> None:
    url = "/api/artists/00000000-0000-0000-0000-000000000000/stream"
    _assert_refused(await app_client.get(url, headers={"Last-Event-ID": TOO_BIG}))


async def test_ordinary_input_passes(app_client: httpx.AsyncClient) -> None:
    assert (await app_client.get("/api/search?q=abba")).status_code == 200
    response = await app_client.post(
        "/api/auth/login", json={"email": "nobody@example.com", "password": "x" * 12}
    )
    assert response.status_code == 401  # the body reached the route intact
