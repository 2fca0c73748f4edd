"""The vote endpoint's one statement runs without a transaction around it (the session draws its own
connection here, as in production, instead of joining a test's transaction): it commits as it ends, and
a vote it refuses leaves nothing behind, since it checks before it writes."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.votes.conftest import Api, make_fan, make_show
from theset.core import db
from theset.core.config import reset_settings_cache
from theset.models import SetlistSong, Vote, VoteQuota

pytestmark = [pytest.mark.usefixtures("committed_db", "redis_client")]


async def test_a_vote_commits_as_its_statement_ends(api: Api, committed_db: AsyncEngine) -> None:
    async with db.session_scope() as session:
        f = await make_show(session)
        _, fan = await make_fan(session)
    url = f"/api/shows/{f.show.id}/votes"
    seen: list[tuple[str, bool]] = []

    def record(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append((statement, conn.connection.driver_connection.is_in_transaction()))

    event.listen(committed_db.sync_engine, "after_cursor_execute", record)
    try:
        vote = await api.client.post(url, json={"setlistSongId": str(f.songs[0].id)}, headers=fan)
        undo = await api.client.delete(f"{url}/{f.songs[0].id}", headers=fan)
    finally:
        event.remove(committed_db.sync_engine, "after_cursor_execute", record)
    assert vote.status_code == undo.status_code == 200, (vote.text, undo.text)
    casts = [in_transaction for sql, in_transaction in seen if "cast_vote" in sql]
    deletes = [in_transaction for sql, in_transaction in seen if sql.startswith("DELETE FROM votes")]
    assert casts == [False]
    assert deletes == [True]  # the undo's statements share a transaction, and the probe sees it


async def test_a_refused_vote_leaves_nothing_behind(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOTES_PER_SHOW", "1")
    reset_settings_cache()
    async with db.session_scope() as session:
        f = await make_show(session)
        user, fan = await make_fan(session)
    url = f"/api/shows/{f.show.id}/votes"
    first = await api.client.post(url, json={"setlistSongId": str(f.songs[0].id)}, headers=fan)
    second = await api.client.post(url, json={"setlistSongId": str(f.songs[1].id)}, headers=fan)
    assert first.status_code == 200 and second.status_code == 429, second.text
    assert second.json()["error"]["code"] == "vote_limit_reached"
    async with db.session_scope() as session:
        votes = await session.scalar(select(func.count()).select_from(Vote).where(Vote.user_id == user.id))
        counts = await session.scalar(
            select(func.sum(SetlistSong.vote_count)).where(SetlistSong.setlist_id == f.setlist.id)
        )
        used = await session.scalar(select(VoteQuota.used).where(VoteQuota.fan_id == user.id))
    assert (votes, counts, used) == (1, 1, 1)
