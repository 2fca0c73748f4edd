"""Browser tests of the fan pages (Playwright + Debian's Chromium): mobile layout at 390x844, the
trending page, a locked show, a finished show with its accuracy, the add-a-song picker, and every page
still rendering after the Redis the test started is stopped.

Voting between two browsers and the anonymous → sign-up path are in test_live_voting.py.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_admin_console import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.web.test_redis_down import SERVER

# The README's pictures are taken on every run but replace docs/ only when asked
# (THESET_UPDATE_SCREENSHOTS=1): running the suite never changes the repository.
DOCS = (
    Path(__file__).resolve().parents[2] / "docs" if os.environ.get("THESET_UPDATE_SCREENSHOTS") else ARTIFACTS
)
PHONE = {"width": 390, "height": 844}
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's /usr/bin/chromium"),
    pytest.mark.skipif(not Path(SERVER).exists(), reason="needs a redis-server binary"),
]


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


def test_sign_in_errors_throttle_menu_and_sign_out(site: dict[str, Any]) -> None:
    from playwright.sync_api import expect, sync_playwright

    from tests.e2e.conftest import FAN_EMAIL, FAN_PASSWORD

    url = site["url"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport=PHONE).new_page()
            page.goto(f"{url}/signin?next=/trending")
            page.click("#account-form button[type=submit]")
            expect(page.locator("#email-error")).to_have_text("Please fill this in.")
            page.fill("#email", FAN_EMAIL)
            page.fill("#password", "wrong password")
            page.click("#account-form button[type=submit]")
            expect(page.locator("#form-error")).to_contain_text("do not match an account")
            page.fill("#password", FAN_PASSWORD)
            page.click("#account-form button[type=submit]")
            expect(page).to_have_url(f"{url}/trending")
            menu = page.locator("details.account")
            expect(menu.locator("summary")).to_have_text("Night Owl")
            menu.locator("summary").click()
            menu.get_by_role("button", name="Sign out").click()
            expect(page).to_have_url(f"{url}/")
            expect(page.locator("nav a", has_text="Sign in")).to_be_visible()

            for _ in range(12):  # past the sign-in throttle (10 failures per address in 15 min)
                response = page.request.post(
                    f"{url}/api/auth/login", data={"email": FAN_EMAIL, "password": "nope"}
                )
                if response.status == 429:
                    break
            page.goto(f"{url}/signin")
            page.fill("#email", FAN_EMAIL)
            page.fill("#password", FAN_PASSWORD)
            page.click("#account-form button[type=submit]")
            expect(page.locator("#form-error")).to_contain_text("Too many sign-in attempts")
            page.screenshot(path=str(ARTIFACTS / "signin-throttled.png"))
        finally:
            browser.close()


def test_typeahead_opens_a_new_artist_with_its_import_started(site: dict[str, Any]) -> None:
    from playwright.sync_api import expect, sync_playwright

    url = site["url"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport=PHONE).new_page()
            page.goto(url)
            page.fill("#q", "we")  # two letters find the artist already on TheSet
            expect(page.locator("#suggestions a", has_text="Wednesday")).to_be_visible()
            page.fill("#q", "Velvet")
            choice = page.locator("#suggestions button[data-import]", has_text="Velvet Meridian")
            expect(choice).to_be_visible()
            choice.focus()
            page.keyboard.press("Enter")  # reachable and usable by keyboard
            expect(page).to_have_url(re.compile(r"/artists/"))
            expect(page.locator("h1")).to_contain_text("Velvet Meridian")
            expect(page.locator("#import")).to_be_visible()  # no worker here: the import waits in its queue
            expect(page.locator("#import .stage")).to_have_text("Waiting for a worker")
            page.screenshot(path=str(ARTIFACTS / "import-started.png"))
        finally:
            browser.close()
