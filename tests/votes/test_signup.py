"""Public sign-up, and anonymous votes carried over to the account on sign-up and sign-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.users.conftest import PASSWORD, make_user
from tests.votes.conftest import JSON, Api, cookie_header, make_fan, make_show
from theset.core import config
from theset.models import SetlistSong, User, Vote
from theset.users import sessions
from theset.votes.fans import ANON_COOKIE

pytestmark = pytest.mark.usefixtures("connection")
GOOD = {"email": "  Fan@Example.ORG ", "password": "a long enough secret", "displayName": "  Zoë 東京  "}


async def test_sign_up_creates_a_signed_in_account(api: Api, session: AsyncSession) -> None:
    response = await api.client.post("/api/auth/signup", json=GOOD, headers=JSON)
    assert response.status_code == 201
    body = response.json()
    assert (
        body["email"] == "fan@example.org"
        and body["displayName"] == "Zoë 東京"
        and set(body) == {"id", "email", "displayName"}
    )
    cookie = response.headers["set-cookie"].lower()
    assert sessions.COOKIE_NAME in cookie and "httponly" in cookie and "samesite=lax" in cookie
    me = await api.client.get(
        "/api/auth/me", headers={"Cookie": cookie_header(response, sessions.COOKIE_NAME)}
    )
    assert me.status_code == 200 and me.json()["email"] == "fan@example.org"
    api.client.cookies.clear()
    taken = await api.client.post("/api/auth/signup", json={**GOOD, "email": "FAN@example.org"}, headers=JSON)
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "email_taken"


@pytest.mark.parametrize(
    "change",
    [
        {"password": "short1234"},
        {"password": "Password123"},
        {"password": "qwertyuiop"},
        {"email": "not-an-email"},
        {"email": "fan\x00@example.org"},
        {"displayName": "   "},
        {"displayName": "x" * 51},
        {"displayName": "bad\x00name"},
        {"displayName": "zero\u200bwidth"},
    ],
)
async def test_sign_up_refuses_weak_or_malformed_input(api: Api, change: dict[str, str]) -> None:
    response = await api.client.post("/api/auth/signup", json={**GOOD, **change}, headers=JSON)
    assert response.status_code == 422 and response.json()["error"]["code"] == "validation_error"


async def test_sign_up_is_throttled_per_address(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    from theset.core import config

    monkeypatch.setenv("SIGNUPS_PER_ADDRESS_PER_HOUR", "2")
    config.reset_settings_cache()
    codes = []
    for i in range(3):
        api.client.cookies.clear()
        response = await api.client.post(
            "/api/auth/signup", json={**GOOD, "email": f"f{i}@example.org"}, headers=JSON
        )
        codes.append(response.status_code)
    assert codes == [201, 201, 429] and response.json()["error"]["code"] == "rate_limited"


async def test_sign_up_refuses_a_foreign_origin(api: Api) -> None:
    response = await api.client.post(
        "/api/auth/signup", json=GOOD, headers={**JSON, "Origin": "https://evil.example"}
    )
    assert response.status_code == 403


async def _vote_anonymously(api: Api, show_id: object, song_ids: list[object]) -> dict[str, str]:
    headers = dict(JSON)
    for song_id in song_ids:
        response = await api.client.post(
            f"/api/shows/{show_id}/votes", json={"setlistSongId": str(song_id)}, headers=headers
        )
        assert response.status_code == 200
        if ANON_COOKIE in response.cookies:
            headers["Cookie"] = cookie_header(response, ANON_COOKIE)
        api.client.cookies.clear()
    return headers


async def _votes_of(session: AsyncSession, user_id: object) -> set[object]:
    return set((await session.execute(select(Vote.setlist_song_id).where(Vote.user_id == user_id))).scalars())


async def test_sign_up_carries_anonymous_votes_over(api: Api, session: AsyncSession) -> None:
    f = await make_show(session)
    anon = await _vote_anonymously(api, f.show.id, [f.songs[0].id, f.songs[1].id])
    response = await api.client.post("/api/auth/signup", json=GOOD, headers=anon)
    assert response.status_code == 201
    assert ANON_COOKIE in response.headers["set-cookie"]  # cleared: the votes are the account's now
    user = (await session.execute(select(User).where(User.email == "fan@example.org"))).scalar_one()
    assert await _votes_of(session, user.id) == {f.songs[0].id, f.songs[1].id}
    assert (await session.execute(select(Vote).where(Vote.anon_id.is_not(None)))).first() is None
    counts = (
        (
            await session.execute(
                select(SetlistSong.vote_count).where(SetlistSong.id.in_([f.songs[0].id, f.songs[1].id]))
            )
        )
        .scalars()
        .all()
    )
    assert sorted(counts) == [1, 1]


async def test_sign_in_carries_votes_over_without_a_second_vote_for_a_song(
    api: Api, session: AsyncSession
) -> None:
    f = await make_show(session)
    user = await make_user(session, "returning@example.org")
    await session.commit()
    _, signed_in = await make_fan(session)  # another account, to show other votes stay untouched
    await api.client.post(
        f"/api/shows/{f.show.id}/votes", json={"setlistSongId": str(f.songs[0].id)}, headers=signed_in
    )
    login = await api.client.post(
        "/api/auth/login", json={"email": "returning@example.org", "password": PASSWORD}
    )
    account = {**JSON, "Cookie": cookie_header(login, sessions.COOKIE_NAME)}
    api.client.cookies.clear()
    await api.client.post(
        f"/api/shows/{f.show.id}/votes", json={"setlistSongId": str(f.songs[0].id)}, headers=account
    )
    anon = await _vote_anonymously(api, f.show.id, [f.songs[0].id, f.songs[2].id])
    again = await api.client.post(
        "/api/auth/login", json={"email": "returning@example.org", "password": PASSWORD}, headers=anon
    )
    assert again.status_code == 200
    assert await _votes_of(session, user.id) == {f.songs[0].id, f.songs[2].id}
    rows = (await session.execute(select(Vote.setlist_song_id))).scalars().all()
    stmt = select(SetlistSong.id, SetlistSong.vote_count).where(SetlistSong.setlist_id == f.setlist.id)
    counts = {row[0]: row[1] for row in (await session.execute(stmt)).all()}
    assert counts[f.songs[0].id] == rows.count(f.songs[0].id) == 2  # the other account's and this one's
    assert counts[f.songs[2].id] == rows.count(f.songs[2].id) == 1


async def test_carried_votes_stay_within_the_accounts_per_show_limit(
    api: Api, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VOTES_PER_SHOW", "2")
    config.reset_settings_cache()
    f = await make_show(session)
    user = await make_user(session, "busy@example.org")
    await session.commit()
    login = await api.client.post("/api/auth/login", json={"email": "busy@example.org", "password": PASSWORD})
    account = {**JSON, "Cookie": cookie_header(login, sessions.COOKIE_NAME)}
    api.client.cookies.clear()
    await api.client.post(
        f"/api/shows/{f.show.id}/votes", json={"setlistSongId": str(f.songs[0].id)}, headers=account
    )
    anon = await _vote_anonymously(api, f.show.id, [f.songs[1].id, f.songs[2].id])
    # One outer test transaction gives both votes the same now(): make the first one visibly older.
    await session.execute(
        update(Vote)
        .where(Vote.setlist_song_id == f.songs[1].id, Vote.anon_id.is_not(None))
        .values(created_at=func.now() - timedelta(minutes=1))
    )
    again = await api.client.post(
        "/api/auth/login", json={"email": "busy@example.org", "password": PASSWORD}, headers=anon
    )
    assert again.status_code == 200
    assert await _votes_of(session, user.id) == {f.songs[0].id, f.songs[1].id}  # 2 = the limit
    assert (await session.execute(select(Vote).where(Vote.anon_id.is_not(None)))).first() is None
    stmt = select(SetlistSong.id, SetlistSong.vote_count).where(SetlistSong.setlist_id == f.setlist.id)
    counts = {row[0]: row[1] for row in (await session.execute(stmt)).all()}
    assert counts[f.songs[2].id] == 0  # the dropped vote's count was given back
