"""Shared fixtures: a migrated test database, per-test rollback, isolated Redis, an in-process worker.

Tests talk to real PostgreSQL and Redis. `make test` provides them (local servers, or embedded ones);
the test database is `<name>_test` on the same server and the Redis database is 13, both wiped here.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from theset.core import cache, config, db, events, queues, redis
from theset.devenv import free_port, recreate_database
from theset.models import Base

# Parallel checkouts on one machine set THESET_TEST_REDIS_DB / THESET_TEST_QUEUE_PREFIX to stay apart.
TEST_REDIS_DB = int(os.environ.get("THESET_TEST_REDIS_DB", "13"))
TEST_QUEUE_PREFIX = os.environ.get("THESET_TEST_QUEUE_PREFIX", "theset-test")


def _test_urls() -> tuple[str, str]:
    base_db = os.environ.get("DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/theset")
    parsed = make_url(config.Settings.model_validate({"database_url": base_db}).database_url)
    test_db = parsed.set(database=f"{parsed.database or 'theset'}_test").render_as_string(hide_password=False)
    base_redis = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    return test_db, with_redis_db(base_redis, TEST_REDIS_DB)


def with_redis_db(url: str, db: int) -> str:
    """The same Redis server, another logical database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{db}"))


TEST_DATABASE_URL, TEST_REDIS_URL = _test_urls()


@pytest.fixture(scope="session", autouse=True)
def _environment() -> Iterator[None]:
    os.environ["DATABASE_URL"] = TEST_DATABASE_URL
    os.environ["REDIS_URL"] = TEST_REDIS_URL
    os.environ["QUEUE_PREFIX"] = TEST_QUEUE_PREFIX
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    config.reset_settings_cache()
    yield


@pytest.fixture(autouse=True)
def _settings_follow_the_environment() -> Iterator[None]:
    """Forget the cached settings after each test, once `monkeypatch` has restored the environment
    (autouse fixtures are torn down after the ones a test asks for). A test that resets the cache while
    its patched variables are still set would otherwise let a background task (a vote-count flush on the
    shared event loop) cache them for the tests that follow: VOTES_PER_SHOW=2 leaking this way made the
    stream tests' third vote a 429 in CI."""
    yield
    config.reset_settings_cache()


@pytest.fixture(scope="session")
def migrated_database(_environment: None) -> str:
    from theset.core import migrate

    recreate_database(TEST_DATABASE_URL)
    migrate.upgrade("head", TEST_DATABASE_URL)
    return TEST_DATABASE_URL


@pytest.fixture(scope="session")
async def engine(migrated_database: str) -> AsyncIterator[AsyncEngine]:
    eng = db.create_engine(migrated_database, pool_size=5)
    yield eng
    await eng.dispose()
    await db.dispose_engine()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection inside a transaction that is rolled back after the test."""
    async with engine.connect() as conn:
        outer = await conn.begin()
        factory = async_sessionmaker(
            bind=conn, expire_on_commit=False, autoflush=False, join_transaction_mode="create_savepoint"
        )
        db.set_sessionmaker(factory)
        try:
            yield conn
        finally:
            db.set_sessionmaker(None)
            if outer.is_active:
                await outer.rollback()


@pytest.fixture
async def session(connection: AsyncConnection) -> AsyncIterator[AsyncSession]:
    async with db.get_sessionmaker()() as sess:
        yield sess


@pytest.fixture
async def committed_db(engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """For tests whose data must be visible to other processes: real commits, tables emptied after."""
    db.set_sessionmaker(async_sessionmaker(engine, expire_on_commit=False, autoflush=False))
    try:
        yield engine
    finally:
        db.set_sessionmaker(None)
        names = ", ".join(t.name for t in reversed(Base.metadata.sorted_tables))
        async with engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {names} CASCADE"))


@pytest.fixture
async def redis_client(_environment: None) -> AsyncIterator[object]:
    client = redis.get_redis()
    await client.flushdb()
    cache.breaker.succeeded()  # a test that stopped Redis must not leave the next one bypassing it
    yield client
    await client.flushdb()
    await events.close_hub()
    await queues.close_registry()
    await redis.close_redis()
    await cache.close_cache()


@pytest.fixture
async def app_client(connection: AsyncConnection, redis_client: object) -> AsyncIterator[object]:
    import httpx

    from theset.web.app import create_app

    application = create_app(configure_logs=False)
    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture(scope="session")
def sim_url() -> Iterator[str]:
    """The upstream simulator on a real loopback socket (uvicorn in a thread), shared by the session."""
    import uvicorn

    from theset_simulator.app import KEEP_ALIVE_S
    from theset_simulator.app import create_app as create_sim_app
    from theset_simulator.options import SimOptions

    port = free_port()
    config = uvicorn.Config(
        create_sim_app(SimOptions()),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        timeout_keep_alive=KEEP_ALIVE_S,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="upstream-simulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("simulator did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
