"""The fan pages: artist (paging, tickets, past results, friendly words), show (ranked setlist, locked,
cancelled, results), trending, account pages, HTML errors and security headers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.web import factories as f
from tests.web.html_checks import inline_code, visible_text
from theset.core import cache
from theset.models import Setlist, SetlistSong
from theset.trending import service as trending
from theset.trending import views

BROWSER = {"accept": "text/html,application/xhtml+xml", "user-agent": "Mozilla/5.0 (iPhone) Safari/604.1"}


async def page(client: httpx.AsyncClient, path: str, status: int = 200) -> str:
    response = await client.get(path, headers=BROWSER)
    assert response.status_code == status, (path, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    assert inline_code(response.text) == [], path
    return response.text


async def test_security_headers_on_every_page(app_client: httpx.AsyncClient, session: AsyncSession) -> None:
    band = await f.artist(session, slug="sec-band")
    gig = await f.show(session, band, 5)
    for path in ("/", "/trending", "/artists/sec-band", f"/shows/{gig.id}", "/signin", "/signup", "/nope"):
        response = await app_client.get(path, headers=BROWSER)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    api = await app_client.get("/api/trending")
    assert api.headers["x-content-type-options"] == "nosniff"


async def test_missing_pages_are_html_for_browsers_and_json_for_the_api(
    app_client: httpx.AsyncClient,
) -> None:
    for path in ("/artists/nobody", f"/shows/{uuid.uuid4()}", "/shows/not-a-show", "/no/such/page"):
        text = await page(app_client, path, status=404)
        assert "Page not found" in text and 'href="/"' in text
    api = await app_client.get("/api/artists/nobody", headers=BROWSER)
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
    plain = await app_client.get("/artists/nobody")  # no Accept: text/html → the JSON shape
    assert plain.json()["error"]["code"] == "not_found"


async def test_artist_page_pages_upcoming_shows_with_tickets_and_past_results(
    app_client: httpx.AsyncClient, session: AsyncSession, redis_client: Any
) -> None:
    band = await f.artist(session, "Touring Band", slug="touring-band", import_state="in_progress")
    hall = await f.venue(session, "Hall", "Leeds")
    for day in range(1, 121):
        await f.show(session, band, day, hall, url=f"https://www.ticketmaster.com/event/{day}")
    await f.show(session, band, 200, hall, status="postponed")
    played = await f.show(session, band, -3, hall)
    catalog = await f.songs(session, band, ["Hit One", "Hit Two", "Deep Cut"])
    await f.setlist(session, played, "predicted", [(catalog[0], 4), (catalog[2], 1)])
    await f.setlist(session, played, "actual", [(catalog[0], 0), (catalog[1], 0), ("A Cover", 0)])

    first = await page(app_client, "/artists/touring-band")
    assert "121 upcoming shows" in first and "Page 1 of 3" in first
    assert first.count('class="tickets"') == 50
    assert 'href="https://www.ticketmaster.com/event/1"' in first
    assert "Predicted 1 of 3" in first  # past show: one of three played songs predicted
    words = visible_text(first)
    assert "in_progress" not in words and "onsale" not in words and "On sale" in words
    third = await page(app_client, "/artists/touring-band?upcoming=3")
    assert "Page 3 of 3" in third and ">Postponed<" in third and third.count('class="tickets"') == 20
    assert await page(app_client, "/artists/touring-band?upcoming=0", status=422)
    assert await redis_client.hgetall(views.pending_key()) == {f"{band.id}|{datetime.now(UTC).date()}": "1"}


async def test_artist_page_is_cached_until_an_import_or_setlist_invalidates_it(
    app_client: httpx.AsyncClient, session: AsyncSession, redis_client: Any
) -> None:
    band = await f.artist(session, "Cached Band", slug="cached-band", import_state="complete")
    await f.show(session, band, 3, await f.venue(session, "First Venue"))
    assert "First Venue" in await page(app_client, "/artists/cached-band")
    await f.show(session, band, 4, await f.venue(session, "Second Venue"))
    assert "Second Venue" not in await page(app_client, "/artists/cached-band")  # served from the cache
    await cache.invalidate(cache.artist_tag(band.id))  # what a completed import does
    assert "Second Venue" in await page(app_client, "/artists/cached-band")


async def test_show_page_ranks_the_predicted_setlist_by_votes(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    band = await f.artist(session, "Wednesday", slug="wednesday")
    gig = await f.show(
        session, band, 9, await f.venue(session), url="https://tm.example/ev", local_time="20:00:00"
    )
    catalog = await f.songs(session, band, ["Bull Believer", "Chosen to Deserve", "Hot Rotten Grass Smell"])
    await f.setlist(session, gig, "predicted", [(catalog[0], 2), (catalog[1], 7), (catalog[2], 0)])
    text = await page(app_client, f"/shows/{gig.id}")
    assert text.index("Chosen to Deserve") < text.index("Bull Believer") < text.index("Hot Rotten")
    assert 'data-vote="' in text and 'aria-live="polite"' in text and "20:00" in text
    assert 'href="https://tm.example/ev"' in text and "Add a song" in text
    picker = await app_client.get(f"/shows/{gig.id}/song-picker", params={"q": "ch"})
    assert "Chosen" not in picker.text  # already in the setlist
    await f.songs(session, band, ["Chosen One More Time"])
    picker = await app_client.get(f"/shows/{gig.id}/song-picker", params={"q": "cho"})
    assert picker.status_code == 200 and "Chosen One More Time" in picker.text
    refused = await app_client.get(f"/shows/{gig.id}/song-picker", params={"q": "cho\x00"})
    assert refused.status_code == 422  # a NUL byte is refused at the edge (web/edge.py)


async def test_locked_and_cancelled_shows_say_so_without_buttons(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    band = await f.artist(session, "Locked Band")
    gig = await f.show(session, band, 1, status="cancelled", url="https://tm.example/x")
    [song] = await f.songs(session, band, ["Only Song"])
    await f.setlist(session, gig, "predicted", [(song, 3)], locked=True)
    text = await page(app_client, f"/shows/{gig.id}")
    assert "Voting is closed for this show." in text and "This show is cancelled" in text
    assert 'class="vote hidden"' in text and "Add a song" not in text and "tm.example/x" not in text


async def test_finished_show_compares_actual_with_both_predictions(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    band = await f.artist(session, "Done Band")
    gig = await f.show(session, band, -1)
    a, b, c, d = await f.songs(session, band, ["Alpha", "Bravo", "Charlie", "Delta"])
    await f.setlist(session, gig, "predicted", [(a, 0), (b, 5), (c, 2), (d, 0)], locked=True)
    await f.setlist(session, gig, "actual", [(b, 0), (d, 0), ("Cover Song", 0)])
    text = await page(app_client, f"/shows/{gig.id}")
    assert "How the predictions did" in text and 'data-vote="' not in text
    # crowd: Bravo (hit), Charlie → 1 of 3; imported (seeded order, 3 songs): Alpha, Bravo, Charlie → 1 of 3
    assert text.count("<strong>1 of 3</strong>") == 2
    assert '<li class="hit">Bravo' in text and '<li class="miss">Cover Song' in text


async def test_trending_page_has_timeframes_and_ranks(
    app_client: httpx.AsyncClient, session: AsyncSession, redis_client: Any
) -> None:
    band = await f.artist(session, "Trend Band", slug="trend-band")
    await f.show(session, band, 2)
    result = await trending.recalculate(session)
    await trending.publish(result.boards)
    for timeframe, label in trending.TIMEFRAME_LABELS.items():
        text = await page(app_client, f"/trending?timeframe={timeframe}")
        assert f'aria-current="page" class="active">{label}<' in text
        assert "#1" in text and 'href="/artists/trend-band"' in text
    await page(app_client, "/trending?timeframe=decade", status=422)
    home = await page(app_client, "/")
    assert "Trend Band" in home and 'id="q"' in home
    artist_page = await page(app_client, "/artists/trend-band")
    assert "#1 this week" in artist_page


async def test_account_pages_and_menu(app_client: httpx.AsyncClient, session: AsyncSession) -> None:
    signin = await page(app_client, "/signin?next=/trending")
    assert 'data-endpoint="/api/auth/login"' in signin and 'data-next="/trending"' in signin
    evil = await page(app_client, "/signup?next=//evil.example/x")
    assert 'data-next="/"' in evil and 'data-endpoint="/api/auth/signup"' in evil
    assert 'href="/signin"' in await page(app_client, "/")
    from theset.models import User
    from theset.users import sessions
    from theset.users.passwords import hash_password

    user = User(
        email="fan@example.com", display_name="Fan <b>One</b>", password_hash=hash_password("pw-123456")
    )
    session.add(user)
    await session.flush()
    token = await sessions.create(cache.cache_redis(), user.id)
    app_client.cookies.set(sessions.COOKIE_NAME, token)
    home = await page(app_client, "/")
    assert "Fan &lt;b&gt;One&lt;/b&gt;" in home and 'action="/signout"' in home
    assert (await app_client.get("/signin", headers=BROWSER)).status_code == 303  # already signed in
    foreign = await app_client.post("/signout", headers={"origin": "https://evil.example"})
    assert foreign.status_code == 303 and await sessions.resolve(cache.cache_redis(), token) == user.id
    null = await app_client.post("/signout", headers={"origin": "null"})
    assert null.status_code == 303 and await sessions.resolve(cache.cache_redis(), token) == user.id
    # behind a TLS-terminating proxy the browser's Origin is https while this process sees http: the
    # host decides (core/csrf), not the scheme
    out = await app_client.post("/signout", headers={"origin": "https://testserver"})
    assert out.status_code == 303 and await sessions.resolve(cache.cache_redis(), token) is None


async def test_head_answers_every_page_like_get_without_a_body(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    band = await f.artist(session, "Head Band", slug="head-band", import_state="complete")
    gig = await f.show(session, band, 5)
    paths = ["/", "/trending", "/artists/head-band", f"/shows/{gig.id}", "/signin", "/signup", "/nope"]
    for path in [*paths, "/static/theset.css"]:
        get = await app_client.get(path, headers=BROWSER)
        head = await app_client.head(path, headers=BROWSER)
        assert head.status_code == get.status_code and head.status_code in (200, 404), path
        assert head.content == b"" and get.content != b"", path
        assert head.headers["content-type"] == get.headers["content-type"], path
        assert head.headers["content-length"] == str(len(get.content)), path
        assert head.headers["content-security-policy"] == get.headers["content-security-policy"], path
    assert (await app_client.head("/signout")).status_code == 405  # no GET there either


async def test_show_page_explains_the_seeded_prediction(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    band = await f.artist(session, "Wednesday", slug="wednesday")
    gig = await f.show(session, band, 9, await f.venue(session))
    [song] = await f.songs(session, band, ["Bull Believer"])
    [entry] = await f.setlist(session, gig, "predicted", [(song, 0)])
    setlist = await session.get(Setlist, entry.setlist_id)
    assert setlist is not None
    setlist.basis = "based on 12 shows of the Rat Saw God Tour"
    entry.reason = "played at 11 of 12 shows of the Rat Saw God Tour; usually opens"
    await session.flush()
    text = await page(app_client, f"/shows/{gig.id}")
    assert "based on 12 shows of the Rat Saw God Tour" in text
    assert '<details class="reason">' in text and "usually opens" in text


async def test_artist_page_lists_the_current_tours_most_played_songs(
    app_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    band = await f.artist(session, "Tour Band", slug="tour-band", import_state="complete")
    staple, rarity, _never = await f.songs(session, band, ["Staple Song", "Rare Song", "Never Played"])
    for n, played in enumerate([[staple, rarity], [staple], [staple]]):
        await f.history_setlist(session, band, 3 + n, "Now Tour", played)
    text = await page(app_client, "/artists/tour-band")
    section = text[text.index('id="tour-favourites"') : text.index('id="catalog"')]
    assert section.index("Staple Song") < section.index("Rare Song")
    assert "100% of the tour's shows" in section and "33% of the tour's shows" in section
    assert "Never Played" not in section


async def test_a_warm_show_page_is_one_cached_body_dropped_with_the_show(
    app_client: httpx.AsyncClient, session: AsyncSession, connection: Any, redis_client: Any
) -> None:
    from tests.web.statements import statements

    band = await f.artist(session, "Body Band", slug="body-band")
    gig = await f.show(session, band, 6, await f.venue(session, "Body Hall"))
    first, late = await f.songs(session, band, ["First Song", "Late Song"])
    [entry] = await f.setlist(session, gig, "predicted", [(first, 1)])
    cold = await page(app_client, f"/shows/{gig.id}")
    assert "First Song" in cold and "<title>Body Band · " in cold
    with statements(connection) as sent:
        assert await page(app_client, f"/shows/{gig.id}") == cold
    assert sent == []  # the body, title and all, from the read cache
    session.add(SetlistSong(setlist_id=entry.setlist_id, song_id=late.id, title=late.name, position=2))
    await session.flush()
    assert "Late Song" not in await page(app_client, f"/shows/{gig.id}")
    await cache.invalidate(cache.show_tag(gig.id))  # what a setlist change or a lock does
    assert "Late Song" in await page(app_client, f"/shows/{gig.id}")
