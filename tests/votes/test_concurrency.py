"""Counts stay exact when 200 fans vote and undo at once, each from two tabs, on one show. Real commits
on a pool of connections, so the interleavings are the database's, not the test's. (The HTTP path in
front of these service calls is covered by test_votes_api; here every cycle goes to the database.)"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from tests.votes.conftest import NOW, make_show
from theset.core import config, db
from theset.models import SetlistSong, User, Vote
from theset.votes import service
from theset.votes.errors import VoteLimitReached
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
    return await _fans_of(FANS)


async def _fans_of(n: int) -> list[Fan]:
    ids = [uuid.uuid4() for _ in range(n)]
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


async def _blocked_on_a_lock(fragment: str) -> bool:
    """True when a statement of this database containing `fragment` is waiting for a lock."""
    async with db.session_scope() as session:
        waiting = await session.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND position(:fragment in query) > 0"
            ),
            {"fragment": fragment},
        )
        return int(waiting.scalar_one()) > 0


@pytest.mark.timeout(120)
@pytest.mark.usefixtures("redis_client", "wide_pool")
async def test_a_second_tab_waiting_on_the_first_sees_its_vote_before_the_show_limit() -> None:
    """A vote takes the fan's row of the day before it counts the fan's votes on the show: a tab that had
    to wait for the fan's other tab must count that tab's vote once it committed, or the fan would pass
    the limit."""
    async with db.session_scope() as session:
        f = await make_show(session, songs=12)
    (fan,) = await _fans_of(1)
    limit = config.get_settings().votes_per_show
    for entry in f.songs[: limit - 1]:
        async with db.session_scope() as session:
            await service.vote(session, fan, f.show.id, entry.id, NOW)

    first = db.get_sessionmaker()()
    try:
        await service.vote(first, fan, f.show.id, f.songs[limit - 1].id, NOW)  # the last vote, not committed

        async def second_tab() -> None:
            async with db.session_scope() as session:
                await service.vote(session, fan, f.show.id, f.songs[limit].id, NOW)

        second = asyncio.create_task(second_tab())
        while not await _blocked_on_a_lock("cast_vote"):  # the second tab waits for the fan's day row
            assert not second.done(), second
            await asyncio.sleep(0.01)
        await first.commit()
    finally:
        await first.close()
    with pytest.raises(VoteLimitReached):
        await second

    async with db.session_scope() as session:
        mine = select(func.count()).select_from(Vote).where(Vote.user_id == fan.user_id)
        counts = select(func.sum(SetlistSong.vote_count)).where(SetlistSong.setlist_id == f.setlist.id)
        assert (await session.execute(mine)).scalar_one() == limit
        assert (await session.execute(counts)).scalar_one() == limit
