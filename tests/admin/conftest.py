"""Admin fixtures: a configured ADMIN_TOKEN and clients that do / do not carry it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from theset.core import config

ADMIN_TOKEN = "test-admin-token-0123456789"
AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def set_admin_token(value: str | None) -> None:
    if value is None:
        os.environ.pop("ADMIN_TOKEN", None)
    else:
        os.environ["ADMIN_TOKEN"] = value
    config.reset_settings_cache()


@pytest.fixture
def admin_token() -> Iterator[str]:
    previous = os.environ.get("ADMIN_TOKEN")
    set_admin_token(ADMIN_TOKEN)
    yield ADMIN_TOKEN
    set_admin_token(previous)


@pytest.fixture
def admin_disabled() -> Iterator[None]:
    previous = os.environ.get("ADMIN_TOKEN")
    set_admin_token(None)
    yield
    set_admin_token(previous)


@pytest.fixture
async def admin_client(admin_token: str, app_client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    app_client.headers.update(AUTH)
    yield app_client
