"""The console's token sign-in counts attempts per address: a guesser runs out of attempts, and then
even the right token is refused until the window passes (users/admin_sign_in.py)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.admin.conftest import ADMIN_TOKEN
from theset.admin.auth import COOKIE_NAME
from theset.core import audit
from theset.users import throttle


@pytest.mark.usefixtures("admin_token")
async def test_token_guesses_run_out_and_then_the_right_token_is_refused_too(
    app_client: httpx.AsyncClient, redis_client: Any
) -> None:
    for attempt in range(throttle.MAX_FAILURES):
        wrong = await app_client.post("/admin/login", data={"token": f"guess-{attempt}"})
        assert wrong.status_code == 403, attempt
    locked = await app_client.post("/admin/login", data={"token": ADMIN_TOKEN})
    assert locked.status_code == 429 and "too many failed sign-ins" in locked.text
    assert COOKIE_NAME not in app_client.cookies
    reasons = [e["result"]["error"] for e in await audit.recent(redis_client) if e["action"] == "login"]
    assert reasons[0] == "locked out" and reasons[1:] == ["bad token"] * throttle.MAX_FAILURES


@pytest.mark.usefixtures("admin_disabled")
async def test_without_an_admin_token_the_token_form_is_refused_and_not_counted(
    app_client: httpx.AsyncClient, redis_client: Any
) -> None:
    for attempt in range(throttle.MAX_FAILURES + 1):  # one more than a lockout takes: still no 429
        refused = await app_client.post("/admin/login", data={"token": f"anything-{attempt}"})
        assert refused.status_code == 403 and "ADMIN_TOKEN" in refused.text, attempt
    assert [e for e in await audit.recent(redis_client) if e["action"] == "login"] == []
