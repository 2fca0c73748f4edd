"""Live voting in two browsers, and an anonymous fan's votes surviving sign-up (needs the voting API of
issue 11: skipped until its routes exist).

The stream is checked by behaviour: the second browser never reloads, so a count that changes there came
through the show stream. The ceiling is generous for a busy CI box; the measured delay is printed.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.e2e.test_admin_console import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.test_fan_pages import DOCS, PHONE
from theset.web.app import create_app


def _has_routes(*paths: str) -> bool:
    known = create_app(configure_logs=False).openapi()["paths"]
    return all(path in known for path in paths)


pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not _has_routes("/api/shows/{show_id}/stream", "/api/auth/signup", "/api/shows/{show_id}/votes"),
        reason="needs the voting API (issue 11)",
    ),
]


def _count(page: Any, title: str) -> Any:
    return page.locator("#setlist li", has_text=title).locator(".count")


def test_two_browsers_see_each_others_votes_live(site: dict[str, Any]) -> None:
    from playwright.sync_api import expect, sync_playwright

    show_url = f"{site['url']}/shows/{site['shows']['soon']}"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            alice, bob = browser.new_context(viewport=PHONE), browser.new_context(viewport=PHONE)
            a, b = alice.new_page(), bob.new_page()
            a.goto(show_url)
            b.goto(show_url)
            expect(_count(b, "Quarry")).to_have_text("0")
            started = time.monotonic()
            a.locator("#setlist li", has_text="Quarry").locator("button.vote").click()
            expect(_count(a, "Quarry")).to_have_text("1")
            expect(_count(b, "Quarry")).to_have_text("1", timeout=5_000)  # via the stream, no reload
            print(f"vote seen by the other browser after {time.monotonic() - started:.3f} s")
            expect(a.locator("#setlist li", has_text="Quarry").locator("button.vote")).to_have_attribute(
                "aria-pressed", "true"
            )
            b.locator("#setlist li", has_text="Formula One").locator("button.vote").click()
            expect(_count(a, "Formula One")).to_have_text("3", timeout=5_000)
            a.fill("#song-q", "cod")
            a.locator("#song-results button", has_text="Cody's Only").click()
            added = a.locator("#setlist li", has_text="Cody's Only")
            expect(added.locator("button.vote")).to_have_attribute("aria-pressed", "true")  # the adder's vote
            # the other browser gets the song-added event
            expect(b.locator("#setlist li", has_text="Cody's Only")).to_be_visible(timeout=5_000)
            a.screenshot(path=str(DOCS / "show-phone.png"), full_page=True)
        finally:
            browser.close()


def test_anonymous_votes_are_kept_after_sign_up(site: dict[str, Any]) -> None:
    from playwright.sync_api import expect, sync_playwright

    show_url = f"{site['url']}/shows/{site['shows']['soon']}"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport=PHONE).new_page()
            page.goto(show_url)
            voted = ["Quarry", "Got Shocked"]  # ANON_VOTES_PER_SHOW (2) free votes
            for title in voted:
                button = page.locator("#setlist li", has_text=title).locator("button.vote")
                button.click()
                expect(button).to_have_attribute("aria-pressed", "true")
            expect(page.locator("#votes-left")).to_contain_text("0 votes left")
            page.locator("#setlist li", has_text="Chosen to Deserve").locator("button.vote").click()
            expect(page.locator("#signup-prompt")).to_be_visible()
            page.locator("#signup-prompt a", has_text="Sign up").click()
            page.fill("#displayName", "Early Bird")
            page.fill("#email", "early.bird@example.com")
            page.fill("#password", "a-long-enough-password-1")
            page.click("#account-form button[type=submit]")
            expect(page).to_have_url(show_url)
            expect(page.locator("details.account summary")).to_have_text("Early Bird")
            for title in voted:
                button = page.locator("#setlist li", has_text=title).locator("button.vote")
                expect(button).to_have_attribute("aria-pressed", "true")
        finally:
            browser.close()
