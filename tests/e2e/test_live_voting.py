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
    known = {getattr(route, "path", "") for route in create_app(configure_logs=False).routes}
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
            rows = page.locator("#setlist li")
            voted = []
            for i in range(rows.count()):  # free votes until the sign-up prompt appears
                row = rows.nth(i)
                title = row.locator(".title").inner_text()
                row.locator("button.vote").click()
                if page.locator("#signup-prompt").is_visible():
                    break
                expect(row.locator("button.vote")).to_have_attribute("aria-pressed", "true")
                voted.append(title)
            expect(page.locator("#signup-prompt")).to_be_visible()
            assert voted, "no free vote was accepted"
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
