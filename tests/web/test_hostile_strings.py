"""Every upstream or user string is escaped: artist, song, venue and display names holding script tags,
quotes, right-to-left text and emoji render as text on every fan page."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.web import factories as f
from tests.web.html_checks import inline_code
from theset.core import cache
from theset.models import User
from theset.trending import service as trending
from theset.users import sessions

SCRIPT = "<script>alert('pwned')</script>"
IMG = '"><img src=x onerror=alert(1)>'
RTL = "\u202egnirts lrt مرحبا"
EMOJI = "🎸🔥 Sold Out 🤘"
QUOTES = "Rock 'n' \"Roll\" </title>"
HOSTILE = [SCRIPT, IMG, RTL, EMOJI, QUOTES]
BROWSER = {"accept": "text/html", "user-agent": "Mozilla/5.0 Firefox/133.0"}


def assert_escaped(html: str, where: str) -> None:
    assert SCRIPT not in html and "<img src=x" not in html, where
    assert "&lt;script&gt;" in html, where
    assert RTL in html and EMOJI in html, where  # shown as they are, not mangled
    assert inline_code(html) == [], where


@pytest.fixture
async def hostile_show(session: AsyncSession, redis_client: Any) -> dict[str, Any]:
    band = await f.artist(session, f"{SCRIPT} {RTL} {EMOJI}", slug="hostile-band", image_url=IMG)
    hall = await f.venue(session, f"{IMG} {QUOTES}", city=f"{SCRIPT} {RTL} {EMOJI}")
    gig = await f.show(session, band, 3, hall, url="javascript:alert(1)")
    past = await f.show(session, band, -3, hall)
    songs = await f.songs(session, band, [SCRIPT, IMG, RTL, EMOJI, QUOTES, f"{SCRIPT} B-side"])
    await f.setlist(session, gig, "predicted", [(s, i) for i, s in enumerate(songs[:5])])
    await f.setlist(session, past, "predicted", [(s, i) for i, s in enumerate(songs[:3])])
    await f.setlist(session, past, "actual", [(songs[0], 0), (SCRIPT + " (cover)", 0)])
    user = User(email="x@example.com", display_name=f"{SCRIPT} {RTL} {EMOJI}")
    session.add(user)
    await session.flush()
    result = await trending.recalculate(session)
    await trending.publish(result.boards)
    return {"band": band, "show": gig, "past": past, "user": user}


async def test_hostile_names_are_escaped_on_every_page(
    app_client: httpx.AsyncClient, hostile_show: dict[str, Any]
) -> None:
    token = await sessions.create(cache.cache_redis(), hostile_show["user"].id)
    app_client.cookies.set(sessions.COOKIE_NAME, token)  # the display name shows in the account menu
    paths = [
        "/",
        "/trending",
        "/trending?timeframe=today",
        "/artists/hostile-band",
        f"/shows/{hostile_show['show'].id}",
        f"/shows/{hostile_show['past'].id}",
    ]
    for path in paths:
        response = await app_client.get(path, headers=BROWSER)
        assert response.status_code == 200, path
        assert_escaped(response.text, path)
    show_page = (await app_client.get(f"/shows/{hostile_show['show'].id}", headers=BROWSER)).text
    assert 'href="javascript:' not in show_page  # a hostile ticket URL is not linked as script
    picker = await app_client.get(f"/shows/{hostile_show['show'].id}/song-picker", params={"q": "B-side"})
    assert "&lt;script&gt;" in picker.text and SCRIPT not in picker.text
    suggest = await app_client.get("/search/suggest", params={"q": "script"})
    assert suggest.status_code == 200 and SCRIPT not in suggest.text
