"""Live voting in two browsers, and an anonymous fan's votes surviving sign-up (needs the voting API of
issue 11: skipped until its routes exist).

The stream is checked by behaviour: the second browser never reloads, so a count that changes there came
through the show stream. "Within a second" is measured by the browsers' own clocks, not by how long the
test waited: the voter's page records when the vote's response arrived (Resource Timing), the watcher's
page when its count changed (a MutationObserver), both as `performance.timeOrigin + now()` on the one
machine clock. Only that delivery latency is held to a second; how long Playwright, the test process or
a loaded CI box take to notice it only meets the generous wait ceiling.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_admin_console import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.e2e.test_fan_pages import PHONE
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


LIVE_WITHIN_MS = 1_000  # the "within a second", from the vote's response to the other screen
WAIT_CEILING_MS = 20_000  # how long the test may wait for it to show (a busy machine's scheduling)

# In the watching page: the moment (epoch ms, the page's clock) the song's count first changes.
WATCH_COUNT = """(title) => {
  const count = () => {
    const li = [...document.querySelectorAll("#setlist li")].find((el) => el.textContent.includes(title));
    return li ? li.querySelector(".count").textContent.trim() : null;
  };
  const before = count();
  window.__countChangedAt = null;
  new MutationObserver((_, observer) => {
    if (count() !== before) {
      window.__countChangedAt = performance.timeOrigin + performance.now();
      observer.disconnect();
    }
  }).observe(document.getElementById("setlist"), {subtree: true, childList: true, characterData: true});
}"""
# In the voting page: when the last vote request's response had fully arrived (epoch ms, its clock).
VOTE_ANSWERED = """() => {
  const votes = performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/votes"));
  const last = votes[votes.length - 1];
  return last && last.responseEnd > 0 ? performance.timeOrigin + last.responseEnd : null;
}"""


def _count(page: Any, title: str) -> Any:
    return page.locator("#setlist li", has_text=title).locator(".count")


def _delivery_ms(voter: Any, watcher: Any) -> float:
    """From the vote's response reaching the voter to the count changing on the watcher's screen."""
    answered = voter.wait_for_function(VOTE_ANSWERED, timeout=WAIT_CEILING_MS).json_value()
    changed = watcher.wait_for_function("() => window.__countChangedAt", timeout=WAIT_CEILING_MS).json_value()
    return float(changed) - float(answered)


def test_two_browsers_see_each_others_votes_live(site: dict[str, Any]) -> None:
    from playwright.sync_api import expect, sync_playwright

    show_url = f"{site['url']}/shows/{site['shows']['soon']}"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            alice, bob = browser.new_context(viewport=PHONE), browser.new_context(viewport=PHONE)
            a, b = alice.new_page(), bob.new_page()
            a.goto(show_url)
            b.goto(show_url)
            expect(_count(b, "Quarry")).to_have_text("0")
            b.evaluate(WATCH_COUNT, "Quarry")
            a.locator("#setlist li", has_text="Quarry").locator("button.vote").click()
            expect(_count(a, "Quarry")).to_have_text("1")
            # via the stream, no reload
            expect(_count(b, "Quarry")).to_have_text("1", timeout=WAIT_CEILING_MS)
            delivery = _delivery_ms(a, b)
            print(f"vote seen by the other browser {delivery:.0f} ms after its response")
            assert delivery < LIVE_WITHIN_MS, f"the other browser saw the vote after {delivery:.0f} ms"
            expect(a.locator("#setlist li", has_text="Quarry").locator("button.vote")).to_have_attribute(
                "aria-pressed", "true"
            )
            a.evaluate(WATCH_COUNT, "Formula One")
            b.locator("#setlist li", has_text="Formula One").locator("button.vote").click()
            expect(_count(a, "Formula One")).to_have_text("3", timeout=WAIT_CEILING_MS)
            back = _delivery_ms(b, a)
            print(f"and the other way round after {back:.0f} ms")
            assert back < LIVE_WITHIN_MS, f"the first browser saw the vote after {back:.0f} ms"
            a.fill("#song-q", "cod")
            a.locator("#song-results button", has_text="Cody's Only").click()
            added = a.locator("#setlist li", has_text="Cody's Only")
            expect(added.locator("button.vote")).to_have_attribute("aria-pressed", "true")  # the adder's vote
            # the other browser gets the song-added event
            expect(b.locator("#setlist li", has_text="Cody's Only")).to_be_visible(timeout=WAIT_CEILING_MS)
            a.screenshot(path=str(ARTIFACTS / "show-live.png"), full_page=True)
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
