"""Browser tests of the fan pages (Playwright + Debian's Chromium): mobile layout at 390x844, the
trending page, a locked show, a finished show with its accuracy, the add-a-song picker, and every page
still rendering after the Redis the test started is stopped.

Voting between two browsers and the anonymous → sign-up path need the voting API (issue 11) and are in
test_live_voting.py once it lands.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_admin_console import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, UVICORN
from tests.web import factories as f
from tests.web.test_redis_down import SERVER, OwnRedis
from theset.core.db import get_sessionmaker
from theset.devenv import free_port, wait_http

DOCS = Path(__file__).resolve().parents[2] / "docs"
PHONE = {"width": 390, "height": 844}
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's /usr/bin/chromium"),
    pytest.mark.skipif(not Path(SERVER).exists(), reason="needs a redis-server binary"),
]


@pytest.fixture
async def seeded(committed_db: Any) -> dict[str, str]:
    async with get_sessionmaker()() as session:
        band = await f.artist(session, "Wednesday", slug="wednesday", import_state="complete", popularity=61)
        cradle = await f.venue(session, "Cat's Cradle", "Carrboro")
        anthem = await f.venue(session, "The Anthem", "Washington")
        for day in range(2, 70):
            await f.show(session, band, day, anthem if day % 2 else cradle, url=f"https://tm.example/{day}")
        catalog = await f.songs(session, band, SONGS)
        soon = await f.show(session, band, 1, cradle, url="https://tm.example/soon", local_time="20:00:00")
        await f.setlist(session, soon, "predicted", list(zip(catalog[:6], [9, 4, 7, 0, 2, 1], strict=True)))
        locked = await f.show(session, band, 0, anthem)
        await f.setlist(session, locked, "predicted", [(s, 3) for s in catalog[:4]], locked=True)
        done = await f.show(session, band, -2, anthem)
        votes = [12, 8, 0, 5, 3, 0, 0, 1]
        await f.setlist(session, done, "predicted", list(zip(catalog[:8], votes, strict=True)), locked=True)
        actual = [(catalog[0], 0), (catalog[3], 0), (catalog[8], 0), ("Wild Horses", 0)]
        await f.setlist(session, done, "actual", actual)
        await session.commit()
        return {"soon": str(soon.id), "locked": str(locked.id), "done": str(done.id)}


SONGS = [
    "Bull Believer", "Chosen to Deserve", "Hot Rotten Grass Smell", "Quarry", "Formula One", "Got Shocked",
    "Bath County", "TV in the Gas Pump", "What's So Funny", "Cody's Only",
]  # fmt: skip


@pytest.fixture
def site(seeded: dict[str, str], tmp_path: Path) -> Iterator[dict[str, Any]]:
    redis = OwnRedis(tmp_path)
    redis.start()
    port = free_port()
    env = {**os.environ, "REDIS_URL": redis.url, "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen([*UVICORN, "--port", str(port)], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_http(f"{url}/healthz", timeout_s=20, proc=server), "uvicorn did not start"
        yield {"url": url, "redis": redis, "shows": seeded}
    finally:
        server.terminate()
        server.wait(10)
        redis.stop()


def _no_horizontal_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide on a {PHONE['width']}px phone"


def test_fan_pages_on_a_phone_and_with_redis_stopped(site: dict[str, Any]) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, shows = site["url"], site["shows"]
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        phone = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
        page = phone.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
        try:
            page.goto(f"{url}/artists/wednesday")
            expect(page.locator("h1")).to_have_text("Wednesday")
            expect(page.locator("#upcoming h2")).to_contain_text("(70)")
            expect(page.locator("#upcoming .show-list > li")).to_have_count(50)
            expect(page.locator("#upcoming .pager")).to_contain_text("Page 1 of 2")
            expect(page.locator("#past .show-list")).to_contain_text("Predicted 2 of 4")
            expect(page.locator("#upcoming .status").first).to_have_text("On sale")
            _no_horizontal_scroll(page)
            page.screenshot(path=str(DOCS / "artist-phone.png"))
            page.click("#upcoming .pager a[rel=next]")
            expect(page.locator("#upcoming .pager")).to_contain_text("Page 2 of 2")

            page.goto(f"{url}/shows/{shows['soon']}")
            titles = page.locator("#setlist .title")
            expect(titles.first).to_have_text("Bull Believer")
            expect(titles.nth(1)).to_have_text("Hot Rotten Grass Smell")  # 7 votes before 4
            expect(page.locator("#setlist button.vote").first).to_be_visible()
            page.fill("#song-q", "cod")
            expect(page.locator("#song-results")).to_contain_text("Cody's Only")
            page.keyboard.press("Tab")  # the first suggestion is reachable by keyboard
            _no_horizontal_scroll(page)
            page.screenshot(path=str(DOCS / "show-phone.png"), full_page=True)

            page.goto(f"{url}/shows/{shows['locked']}")
            expect(page.locator("#locked-note")).to_be_visible()
            expect(page.locator("#setlist button.vote").first).to_be_hidden()
            expect(page.locator("#add-song")).to_have_count(0)

            page.goto(f"{url}/shows/{shows['done']}")
            expect(page.locator(".results")).to_contain_text("How the predictions did")
            crowd = page.locator(".three-col > div").nth(1)
            expect(crowd.locator(".accuracy")).to_contain_text("2 of 4")
            expect(page.locator(".three-col .result-list li.hit").first).to_be_visible()
            _no_horizontal_scroll(page)
            page.screenshot(path=str(ARTIFACTS / "results-phone.png"), full_page=True)

            desktop = browser.new_page(viewport={"width": 1280, "height": 900})
            desktop.goto(f"{url}/shows/{shows['done']}")
            expect(desktop.locator(".three-col .accuracy")).to_have_count(2)
            desktop.screenshot(path=str(DOCS / "results-desktop.png"), full_page=True)
            desktop.goto(f"{url}/trending?timeframe=month")
            expect(desktop.locator(".tabs a.active")).to_have_text("This month")
            expect(desktop.locator(".rank-list")).to_contain_text("Wednesday")
            expect(desktop.locator(".show-list.ranked")).to_have_count(0)  # no votes cast in the window
            desktop.screenshot(path=str(ARTIFACTS / "trending.png"), full_page=True)

            site["redis"].stop()
            for path in (
                "/",
                "/trending",
                "/artists/wednesday",
                f"/shows/{shows['soon']}",
                f"/shows/{shows['done']}",
            ):
                response = desktop.goto(url + path)
                assert response is not None and response.status == 200, path
            expect(desktop.locator(".results")).to_be_visible()
            desktop.goto(f"{url}/artists/wednesday")
            expect(desktop.locator("#upcoming .show-list > li")).to_have_count(50)
        finally:
            browser.close()
    assert errors == [], errors
