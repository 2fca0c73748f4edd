"""The front door on a machine with nothing installed: embedded PostgreSQL and Valkey, for real."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine

from theset import devenv
from theset.core import config, migrate, queues, redis
from theset.core import queue_names as q
from theset.worker import run_until_drained

pytestmark = pytest.mark.slow


@pytest.fixture
def embedded(tmp_path: Path) -> Any:
    pg_url, stop_pg = devenv.start_embedded_postgres(tmp_path / "postgres")
    redis_url, stop_redis = devenv.start_embedded_redis(tmp_path / "valkey", port=devenv.free_port())
    try:
        yield pg_url, redis_url
    finally:
        stop_redis()
        stop_pg()


def test_embedded_servers_run_migrations_and_bullmq_jobs(
    embedded: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pg_url, redis_url = embedded
    assert "127.0.0.1:5432" not in pg_url and ":6379" not in redis_url
    devenv.ensure_database(pg_url)
    migrate.upgrade("head", pg_url)

    async def tables() -> set[str]:
        engine = create_async_engine(pg_url)
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            ext = (await conn.exec_driver_sql("SELECT extname FROM pg_extension")).scalars().all()
        await engine.dispose()
        return names | {f"ext:{e}" for e in ext}

    found = asyncio.run(tables())
    assert {"artists", "shows", "songs", "votes", "ext:pg_trgm"} <= found

    monkeypatch.setenv("REDIS_URL", redis_url)
    config.reset_settings_cache()

    async def job_round_trip() -> Any:
        registry = queues.get_registry()
        job_id = await registry.add(q.CACHE_WARM, "ping", {"value": "embedded"})
        await run_until_drained([q.CACHE_WARM], timeout_s=20)
        job = await registry.get(q.CACHE_WARM).getJob(job_id)
        await queues.close_registry()
        await redis.close_redis()
        return job.returnvalue if job else None

    assert asyncio.run(job_round_trip()) == {"pong": "embedded", "attempt": 1}


def test_stale_embedded_redis_from_a_crashed_run_is_replaced(tmp_path: Path) -> None:
    data = tmp_path / "valkey"
    _, stop_first = devenv.start_embedded_redis(data, port=devenv.free_port())
    pid = int((data / "valkey.pid").read_text().split()[0])
    # Simulate a crash: nobody calls stop_first(); the next run must not be blocked by the leftover.
    url, stop_second = devenv.start_embedded_redis(data, port=devenv.free_port())
    try:
        import psutil
        import redis as sync_redis

        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
        assert sync_redis.Redis.from_url(url).ping()
    finally:
        stop_second()
        del stop_first
