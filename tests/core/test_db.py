from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from theset.core.db import on_commit, session_scope
from theset.models import Artist


def _artist(name: str = "Phoebe Bridgers") -> Artist:
    return Artist(name=name, slug=f"{name.lower().replace(' ', '-')}-{uuid.uuid4().hex[:6]}")


async def _count(conn: AsyncConnection) -> int:
    return (await conn.execute(select(func.count()).select_from(Artist))).scalar_one()


async def test_scope_commits_and_then_runs_after_commit_callbacks(connection: AsyncConnection) -> None:
    calls: list[int] = []

    async def after() -> None:
        calls.append(await _count(connection))

    async with session_scope() as session:
        session.add(_artist())
        on_commit(session, after)
        assert calls == []
    assert calls == [1]  # ran after the commit, and saw the committed row
    assert await _count(connection) == 1


async def test_scope_rolls_back_and_drops_callbacks_on_error(connection: AsyncConnection) -> None:
    calls: list[str] = []

    async def after() -> None:
        calls.append("ran")

    with pytest.raises(RuntimeError):
        async with session_scope() as session:
            session.add(_artist())
            on_commit(session, after)
            await session.flush()
            raise RuntimeError("handler failed")
    assert calls == []
    assert await _count(connection) == 0


async def test_each_test_starts_from_an_empty_database(connection: AsyncConnection) -> None:
    # The two tests above wrote rows; the per-test rollback must have removed them.
    assert await _count(connection) == 0
