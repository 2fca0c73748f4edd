"""Browser test of the operator console: sign in, see the queues, pause and resume one."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from theset.core import queue_names as q
from theset.core.queues import get_registry, heartbeat_key
from theset.core.schedules import register_schedules
from theset.devenv import free_port, wait_http
from theset.worker import run_until_drained

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TOKEN = "e2e-admin-token-abcdef"
UVICORN = [sys.executable, "-m", "uvicorn", "theset.web.app:create_app", "--factory", "--host", "127.0.0.1"]
UVICORN += ["--log-level", "warning"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's /usr/bin/chromium"),
]


@pytest.fixture
async def seeded(redis_client: Any, migrated_database: str) -> None:
    """Some history for the overview: completed and failed jobs, and the per-minute counters."""
    registry = get_registry()
    for i in range(6):
        await registry.add(q.CACHE_WARM, "ping", {"value": i})
    await registry.add(q.CACHE_WARM, "not-a-task", {}, attempts=1)
    await registry.add(q.TRENDING_CALC, "calculate-trending", {}, delay_ms=3_600_000)
    await run_until_drained([q.CACHE_WARM], timeout_s=20)
    await register_schedules()
    beat = {"id": "e2e-worker", "queues": list(q.QUEUE_NAMES), "in_flight": 0, "processed": 6, "failed": 1}
    await redis_client.hset(  # a worker heartbeat as theset.worker writes it (no worker runs here)
        heartbeat_key(), "e2e-worker", orjson.dumps({**beat, "at": time.time(), "ttl": 300}).decode()
    )


@pytest.fixture
def console_url(seeded: None) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "ADMIN_TOKEN": TOKEN, "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [*UVICORN, "--port", str(port)],
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_http(f"{url}/healthz", timeout_s=20, proc=server), "uvicorn did not start"
        yield url
    finally:
        server.terminate()
        server.wait(10)


def _paused(url: str, queue_name: str) -> bool:
    response = httpx.get(f"{url}/api/admin/queues", headers={"Authorization": f"Bearer {TOKEN}"})
    return {row["name"]: row["paused"] for row in response.json()["queues"]}[queue_name]


def test_operator_signs_in_sees_queues_and_pauses_one(console_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.on("dialog", lambda dialog: dialog.accept())
        try:
            page.goto(f"{console_url}/admin/queues")
            expect(page.locator("h1")).to_have_text("Operator sign-in")
            page.fill("#token", TOKEN)
            page.click("form:has(#token) button[type=submit]")
            expect(page).to_have_url(f"{console_url}/admin/queues")
            for name in q.QUEUE_NAMES:
                expect(page.locator(f"#queue-{name}")).to_be_visible()
            cache_row = page.locator(f"#queue-{q.CACHE_WARM}")
            expect(cache_row.locator("td").nth(5)).to_have_text("6")  # completed
            expect(page.locator("table.schedulers")).to_contain_text("trending-hourly")
            expect(page.locator("table.workers")).to_contain_text("e2e-worker")

            row = page.locator(f"#queue-{q.TRENDING_CALC}")
            row.get_by_role("button", name="Pause").click()
            expect(page.locator("#flash")).to_contain_text("pause on trending-calc")
            expect(row.locator(".badge")).to_have_text("paused")  # the panel refreshed itself
            assert _paused(console_url, q.TRENDING_CALC) is True
            page.screenshot(path=str(ARTIFACTS / "admin-console.png"), full_page=True)

            row.get_by_role("button", name="Resume").click()
            expect(page.locator("#flash")).to_contain_text("resume on trending-calc")
            expect(row.locator(".badge")).to_have_text("running")
            assert _paused(console_url, q.TRENDING_CALC) is False

            page.click(f"text={q.CACHE_WARM}")
            expect(page.locator("h1")).to_have_text(q.CACHE_WARM)
            expect(page.locator("#jobs")).to_contain_text("not-a-task")
            page.screenshot(path=str(ARTIFACTS / "admin-queue.png"), full_page=True)
            page.locator("#jobs table a").first.click()
            expect(page.locator("dl.facts")).to_contain_text("no task 'not-a-task'")
            page.screenshot(path=str(ARTIFACTS / "admin-job.png"), full_page=True)
        finally:
            browser.close()
