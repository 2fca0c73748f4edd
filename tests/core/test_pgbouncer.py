"""asyncpg through PgBouncer in transaction-pooling mode (issue 13): DATABASE_TRANSACTION_POOLING."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from tests.pgbouncer import PgBouncer, pgbouncer_binary
from theset.core import config, db

pytestmark = pytest.mark.skipif(pgbouncer_binary() is None, reason="Debian's pgbouncer is not installed")


@pytest.fixture
def bouncer(migrated_database: str, tmp_path: Path) -> Iterator[PgBouncer]:
    server = PgBouncer(tmp_path / "pgbouncer", migrated_database, pool_size=1)
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def pooled(bouncer: PgBouncer, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[AsyncEngine]:
    monkeypatch.setenv("DATABASE_TRANSACTION_POOLING", "true")
    config.reset_settings_cache()
    engine = db.create_engine(bouncer.url, pool_size=5)
    yield engine
    await engine.dispose()


async def _transactions(engine: AsyncEngine, client: int) -> None:
    for round_ in range(5):
        async with engine.begin() as conn:
            assert (await conn.execute(text("SELECT :n + 1"), {"n": client})).scalar_one() == client + 1
            await conn.execute(text("SELECT count(*) FROM artists WHERE slug = :s"), {"s": f"x-{round_}"})
            await conn.execute(text("SELECT stage FROM import_status LIMIT 1"))


async def test_many_clients_share_one_server_connection(pooled: AsyncEngine) -> None:
    """Ten concurrent client connections, one server connection, reset after every transaction."""
    await asyncio.gather(*(_transactions(pooled, n) for n in range(10)))


async def test_without_the_setting_cached_statements_break(bouncer: PgBouncer) -> None:
    """The control: asyncpg's defaults fail behind the same pooler, so the test above tests something."""
    config.reset_settings_cache()
    engine = db.create_engine(bouncer.url, pool_size=1)
    try:
        with pytest.raises(Exception, match="prepared statement"):
            for _ in range(3):  # the second transaction reuses a statement the pooler's reset dropped
                async with engine.begin() as conn:
                    await conn.execute(text("SELECT count(*) FROM artists"))
    finally:
        await engine.dispose()


async def test_statements_outside_a_transaction_pass_through(pooled: AsyncEngine) -> None:
    """The vote endpoint's session (statements that commit as they end, elsewhere) behind the pooler: ten
    clients, one server connection; every statement is prepared and run on the server connection it got."""
    before = db.get_sessionmaker()
    db.set_sessionmaker(async_sessionmaker(pooled, expire_on_commit=False, autoflush=False))
    try:

        async def client(n: int) -> None:
            for _ in range(5):
                async for session in db.request_statement_session():
                    assert (await session.execute(text("SELECT :n + 1"), {"n": n})).scalar_one() == n + 1
                    await session.execute(text("SELECT count(*) FROM artists WHERE slug = :s"), {"s": str(n)})

        await asyncio.gather(*(client(n) for n in range(10)))
    finally:
        db.set_sessionmaker(before)
