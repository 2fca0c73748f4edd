"""Votes through the API on the test's rolled-back transaction: the rules of issue 11, one by one."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.votes.conftest import JSON, NOW, Api, cookie_header, make_fan, make_show
from theset.core import config
from theset.models import Vote
from theset.votes.fans import ANON_COOKIE

pytestmark = pytest.mark.usefixtures("connection")


async def _rows(session: AsyncSession, setlist_song_id: uuid.UUID) -> int:
    stmt = select(func.count()).select_from(Vote).where(Vote.setlist_song_id == setlist_song_id)
    return int((await session.execute(stmt)).scalar_one())


async def test_vote_twice_and_undo_twice_answer_the_same(api: Api, session: AsyncSession) -> None:
    f = await make_show(session)
    _, fan = await make_fan(session)
    song = f.songs[0].id
    url = f"/api/shows/{f.show.id}/votes"
    first = await api.client.post(url, json={"setlistSongId": str(song)}, headers=fan)
    again = await api.client.post(url, json={"setlistSongId": str(song)}, headers=fan)
    assert first.status_code == again.status_code == 200
    assert (
        first.json()
        == again.json()
        == {"setlistSongId": str(song), "votes": 1, "voted": True, "remaining": 9}
    )
    assert await _rows(session, song) == 1
    undo = await api.client.delete(f"{url}/{song}", headers=fan)
    undo_again = await api.client.delete(f"{url}/{song}", headers=fan)
    assert (
        undo.json()
        == undo_again.json()
        == {"setlistSongId": str(song), "votes": 0, "voted": False, "remaining": 10}
    )
    assert await _rows(session, song) == 0


async def test_show_detail_has_the_fans_votes_lock_and_votes_left(api: Api, session: AsyncSession) -> None:
    f = await make_show(session)
    _, fan = await make_fan(session)
    await api.client.post(
        f"/api/shows/{f.show.id}/votes", json={"setlistSongId": str(f.songs[1].id)}, headers=fan
    )
    body = (await api.client.get(f"/api/shows/{f.show.id}", headers=fan)).json()
    predicted = body["setlists"]["predicted"]
    assert predicted["locked"] is False and predicted["accuracy"] is None
    assert [s["voted"] for s in predicted["songs"]][:3] == [False, True, False]
    assert body["votesLeft"] == 9
    stranger = (await api.client.get(f"/api/shows/{f.show.id}")).json()
    assert stranger["votesLeft"] == 2 and not any(
        s["voted"] for s in stranger["setlists"]["predicted"]["songs"]
    )


async def test_per_show_limit_and_undo_gives_one_back(api: Api, session: AsyncSession) -> None:
    f = await make_show(session)
    _, fan = await make_fan(session)
    url = f"/api/shows/{f.show.id}/votes"
    for entry in f.songs[:10]:
        assert (
            await api.client.post(url, json={"setlistSongId": str(entry.id)}, headers=fan)
        ).status_code == 200
    refused = await api.client.post(url, json={"setlistSongId": str(f.songs[10].id)}, headers=fan)
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "vote_limit_reached" and error["limit"] == "show" and error["remaining"] == 0
    assert await _rows(session, f.songs[10].id) == 0
    await api.client.delete(f"{url}/{f.songs[0].id}", headers=fan)
    ok = await api.client.post(url, json={"setlistSongId": str(f.songs[10].id)}, headers=fan)
    assert ok.status_code == 200 and ok.json()["remaining"] == 0


async def test_daily_limit_counts_casts_and_says_when_it_resets(
    api: Api, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VOTES_PER_DAY", "3")
    config.reset_settings_cache()
    a, b = await make_show(session), await make_show(session)
    _, fan = await make_fan(session)
    for entry in a.songs[:2]:
        await api.client.post(
            f"/api/shows/{a.show.id}/votes", json={"setlistSongId": str(entry.id)}, headers=fan
        )
    await api.client.delete(f"/api/shows/{a.show.id}/votes/{a.songs[0].id}", headers=fan)  # no day refund
    ok = await api.client.post(
        f"/api/shows/{b.show.id}/votes", json={"setlistSongId": str(b.songs[0].id)}, headers=fan
    )
    assert ok.status_code == 200 and ok.json()["remaining"] == 0
    refused = await api.client.post(
        f"/api/shows/{b.show.id}/votes", json={"setlistSongId": str(b.songs[1].id)}, headers=fan
    )
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert (error["code"], error["limit"], error["remaining"]) == ("vote_limit_reached", "day", 0)
    assert error["resetsAt"] == (NOW.date() + timedelta(days=1)).isoformat() + "T00:00:00+00:00"
    api.set_now(NOW + timedelta(days=1))
    next_day = await api.client.post(
        f"/api/shows/{b.show.id}/votes", json={"setlistSongId": str(b.songs[1].id)}, headers=fan
    )
    assert next_day.status_code == 200


async def test_anonymous_fans_get_two_votes_then_must_sign_up(api: Api, session: AsyncSession) -> None:
    f = await make_show(session)
    url = f"/api/shows/{f.show.id}/votes"
    first = await api.client.post(url, json={"setlistSongId": str(f.songs[0].id)}, headers=JSON)
    assert first.status_code == 200 and first.json()["remaining"] == 1
    assert "httponly" in first.headers["set-cookie"].lower()
    anon = {**JSON, "Cookie": cookie_header(first, ANON_COOKIE)}
    api.client.cookies.clear()
    assert (
        await api.client.post(url, json={"setlistSongId": str(f.songs[1].id)}, headers=anon)
    ).status_code == 200
    third = await api.client.post(url, json={"setlistSongId": str(f.songs[2].id)}, headers=anon)
    assert third.status_code == 401 and third.json()["error"]["code"] == "sign_up_required"
    forged = {**JSON, "Cookie": f"{ANON_COOKIE}={uuid.uuid4().hex}.{'0' * 32}"}
    fresh = await api.client.post(url, json={"setlistSongId": str(f.songs[2].id)}, headers=forged)
    assert fresh.status_code == 200  # a forged cookie is ignored: that is a new anonymous fan
    api.client.cookies.clear()


async def test_setlist_locks_at_showtime_to_the_second(api: Api, session: AsyncSession) -> None:
    starts = NOW + timedelta(hours=2)
    f = await make_show(session, starts_at=starts)
    _, fan = await make_fan(session)
    url = f"/api/shows/{f.show.id}/votes"
    api.set_now(starts - timedelta(seconds=1))
    assert (
        await api.client.post(url, json={"setlistSongId": str(f.songs[0].id)}, headers=fan)
    ).status_code == 200
    api.set_now(starts)
    for response in (
        await api.client.post(url, json={"setlistSongId": str(f.songs[1].id)}, headers=fan),
        await api.client.delete(f"{url}/{f.songs[0].id}", headers=fan),
        await api.client.post(
            f"/api/shows/{f.show.id}/songs", json={"songId": str(f.catalog[0].id)}, headers=fan
        ),
    ):
        assert response.status_code == 409 and response.json()["error"]["code"] == "setlist_locked"
    body = (await api.client.get(f"/api/shows/{f.show.id}", headers=fan)).json()
    assert body["setlists"]["predicted"]["locked"] is True and body["votesLeft"] == 0


async def test_cancelled_shows_lock_at_once_and_tba_shows_stay_open(api: Api, session: AsyncSession) -> None:
    cancelled = await make_show(session, status="cancelled")
    tba = await make_show(session, starts_at=None)
    _, fan = await make_fan(session)
    api.set_now(NOW + timedelta(days=400))
    refused = await api.client.post(
        f"/api/shows/{cancelled.show.id}/votes",
        json={"setlistSongId": str(cancelled.songs[0].id)},
        headers=fan,
    )
    assert refused.json()["error"]["code"] == "setlist_locked"
    ok = await api.client.post(
        f"/api/shows/{tba.show.id}/votes", json={"setlistSongId": str(tba.songs[0].id)}, headers=fan
    )
    assert ok.status_code == 200


async def test_lock_job_sets_the_flag(api: Api, session: AsyncSession) -> None:
    from theset.votes.scoring import lock_started_shows

    started = await make_show(session, starts_at=NOW - timedelta(minutes=1))
    later = await make_show(session, starts_at=NOW + timedelta(minutes=1))
    locked = await lock_started_shows(NOW)
    assert started.show.id in locked and later.show.id not in locked
    assert await lock_started_shows(NOW) == []  # idempotent
    await session.refresh(started.setlist)
    assert started.setlist.is_locked is True


async def test_locking_drops_the_cached_show_page(api: Api, session: AsyncSession) -> None:
    from theset.core import cache
    from theset.votes.scoring import lock_started_shows

    started = await make_show(session, starts_at=NOW - timedelta(minutes=1))
    later = await make_show(session, starts_at=NOW + timedelta(minutes=1))
    for f in (started, later):
        await cache.store(f"page:{f.show.id}", 60, "with buttons", tags=[cache.show_tag(f.show.id)])
    await lock_started_shows(NOW)
    assert await cache.read(f"page:{started.show.id}") is None
    assert await cache.read(f"page:{later.show.id}") == "with buttons"


async def test_add_song_rules(api: Api, session: AsyncSession) -> None:
    f = await make_show(session)
    _, fan = await make_fan(session)
    url = f"/api/shows/{f.show.id}/songs"
    added = await api.client.post(url, json={"songId": str(f.catalog[0].id)}, headers=fan)
    assert added.status_code == 201
    body = added.json()
    assert (
        body["songId"] == str(f.catalog[0].id) and body["title"] == f.catalog[0].name and body["votes"] == 1
    )
    again = await api.client.post(url, json={"songId": str(f.catalog[0].id)}, headers=fan)
    assert again.status_code == 409 and again.json()["error"]["code"] == "song_already_in_setlist"
    seeded = await api.client.post(url, json={"songId": str(f.songs[0].song_id)}, headers=fan)
    assert seeded.json()["error"]["code"] == "song_already_in_setlist"
    for song_id in (f.live_song.id, f.other_artist_song.id, uuid.uuid4()):  # type: ignore[union-attr]
        refused = await api.client.post(url, json={"songId": str(song_id)}, headers=fan)
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "validation_error"
    detail = (await api.client.get(f"/api/shows/{f.show.id}", headers=fan)).json()
    last = detail["setlists"]["predicted"]["songs"][-1]
    assert (last["id"], last["voted"], last["addedByFan"], last["position"]) == (
        body["setlistSongId"],
        True,
        True,
        13,
    )
    assert detail["votesLeft"] == 9


async def test_cross_site_and_malformed_writes_are_refused(api: Api, session: AsyncSession) -> None:
    f = await make_show(session)
    _, fan = await make_fan(session)
    url = f"/api/shows/{f.show.id}/votes"
    body = {"setlistSongId": str(f.songs[0].id)}
    foreign = await api.client.post(url, json=body, headers={**fan, "Origin": "https://evil.example"})
    assert foreign.status_code == 403
    cookie_only = {"Cookie": fan["Cookie"], "Content-Type": "application/x-www-form-urlencoded"}
    form = await api.client.post(url, content=f"setlistSongId={f.songs[0].id}", headers=cookie_only)
    assert form.status_code == 415
    same = await api.client.post(url, json=body, headers={**fan, "Origin": "http://testserver"})
    assert same.status_code == 200
    htmx = await api.client.delete(
        f"{url}/{f.songs[0].id}", headers={"Cookie": fan["Cookie"], "HX-Request": "true"}
    )
    assert htmx.status_code == 200
    for bad in (
        {},
        {"setlistSongId": "nope"},
        {"setlistSongId": str(f.songs[0].id), "x": 1},
        {"setlistSongId": "a\x00"},
    ):
        response = await api.client.post(url, json=bad, headers=fan)
        assert response.status_code == 422 and set(response.json()["error"]) >= {"code", "message"}
    assert (await api.client.post(url, content=b"{", headers=fan)).status_code == 422
    unknown = await api.client.post(url, json={"setlistSongId": str(uuid.uuid4())}, headers=fan)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"
    other_show = await make_show(session)
    wrong_show = await api.client.post(url, json={"setlistSongId": str(other_show.songs[0].id)}, headers=fan)
    assert wrong_show.status_code == 404
    assert (
        await api.client.post(
            f"/api/shows/{uuid.uuid4()}/songs", json={"songId": str(uuid.uuid4())}, headers=fan
        )
    ).status_code == 404


async def test_undo_from_a_browser_that_never_voted_changes_nothing(api: Api, session: AsyncSession) -> None:
    f = await make_show(session)
    _, fan = await make_fan(session)
    await api.client.post(
        f"/api/shows/{f.show.id}/votes", json={"setlistSongId": str(f.songs[0].id)}, headers=fan
    )
    stranger = await api.client.delete(f"/api/shows/{f.show.id}/votes/{f.songs[0].id}", headers=JSON)
    assert stranger.status_code == 200
    assert stranger.json() == {
        "setlistSongId": str(f.songs[0].id),
        "votes": 1,
        "voted": False,
        "remaining": 2,
    }
    assert await _rows(session, f.songs[0].id) == 1


async def test_a_stored_score_in_another_shape_shows_no_score_instead_of_failing_the_show(
    api: Api, session: AsyncSession
) -> None:
    f = await make_show(session)
    f.setlist.accuracy_detail = {"crowd": {"recall": "most of them"}, "imported": ["?"]}
    await session.commit()
    response = await api.client.get(f"/api/shows/{f.show.id}")
    assert response.status_code == 200
    predicted = response.json()["setlists"]["predicted"]
    assert predicted["accuracy"] is None and predicted["importedAccuracy"] is None
    assert len(predicted["songs"]) == len(f.songs)
