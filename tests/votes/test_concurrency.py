"""Counts stay exact when 200 fans vote and undo at once, each from two tabs, on one show. Real commits
on a pool of connections, so the interleavings are the database's, not the test's. (The HTTP path in
front of these service calls is covered by test_votes_api; here every cycle goes to the database.)"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from tests.votes.conftest import NOW, make_show
from theset.core import db
from theset.models import SetlistSong, User, Vote
from theset.votes import service
from theset.votes.fans import Fan

FANS = 200


@pytest.fixture
async def wide_pool(committed_db: AsyncEngine) -> AsyncIterator[None]:
    """More connections than the default test pool, and patience: 400 tabs queue for them."""
    engine = create_async_engine(committed_db.url, pool_size=12, max_overflow=4, pool_timeout=300)
    db.set_sessionmaker(async_sessionmaker(engine, expire_on_commit=False, autoflush=False))
    try:
        yield
    finally:
        await engine.dispose()
        db.set_sessionmaker(async_sessionmaker(committed_db, expire_on_commit=False, autoflush=False))


async def _fans() -> list[Fan]:
    ids = [uuid.uuid4() for _ in range(FANS)]
    async with db.session_scope() as session:
        await session.execute(
            insert(User), [{"id": i, "email": f"{i.hex}@example.org", "display_name": i.hex[:8]} for i in ids]
        )
    return [Fan(user_id=i) for i in ids]


@pytest.mark.timeout(300)
@pytest.mark.usefixtures("redis_client", "wide_pool")
async def test_two_hundred_fans_voting_and_undoing_concurrently() -> None:
    async with db.session_scope() as session:
        f = await make_show(session, songs=3)
    show_id = f.show.id
    s0, s1, s2 = (entry.id for entry in f.songs)

    async def act(fan: Fan, song: uuid.UUID, *, undo: bool = False) -> None:
        async with db.session_scope() as session:
            if undo:
                await service.unvote(session, fan, show_id, song, NOW)
            else:
                await service.vote(session, fan, show_id, song, NOW)

    async def tab_one(fan: Fan) -> None:
        await act(fan, s0)
        await act(fan, s1)
        await act(fan, s0, undo=True)

    async def tab_two(fan: Fan) -> None:
        await act(fan, s1)
        await act(fan, s2)
        await act(fan, s2, undo=True)

    fans = await _fans()
    await asyncio.gather(*(tab(fan) for fan in fans for tab in (tab_one, tab_two)))

    async with db.session_scope() as session:
        by_song = select(Vote.setlist_song_id, func.count()).group_by(Vote.setlist_song_id)
        rows = {song: n for song, n in (await session.execute(by_song)).all()}
        of_setlist = select(SetlistSong.id, SetlistSong.vote_count).where(
            SetlistSong.setlist_id == f.setlist.id
        )
        counts = {song: n for song, n in (await session.execute(of_setlist)).all()}
    assert counts == {s0: 0, s1: FANS, s2: 0}
    assert rows == {s1: FANS}
