"""Async engine, session factory and the unit-of-work scope used by requests and jobs.

Services never commit: `session_scope` (and the request dependency built on it) commits on success,
rolls back on error, and only after a successful commit runs the callbacks registered with
`on_commit` — that is how jobs get enqueued strictly after the rows they point at exist.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from theset.core.config import get_settings
from theset.core.logging import get_logger

log = get_logger(__name__)
AfterCommit = Callable[[], Awaitable[object]]
_AFTER_COMMIT_KEY = "theset.after_commit"

_engine: AsyncEngine | None = None
_sessionmaker: async_sessionmaker[AsyncSession] | None = None


def _statement_name() -> str:
    return f"__theset_{uuid.uuid4().hex}__"


def pooler_connect_args() -> dict[str, Any]:
    """asyncpg behind a transaction-pooling PgBouncer (DATABASE_TRANSACTION_POOLING): consecutive
    transactions of one client connection land on different server connections, so asyncpg's cached,
    sequentially named prepared statements ("__asyncpg_stmt_1__") collide there or are missing. No
    statement caches, and a unique name for each statement SQLAlchemy prepares (it prepares one per
    execution, inside the transaction that runs it)."""
    if not get_settings().database_transaction_pooling:
        return {}
    return {
        "statement_cache_size": 0,
        "prepared_statement_cache_size": 0,
        "prepared_statement_name_func": _statement_name,
    }


def create_engine(url: str, *, pool_size: int | None = None) -> AsyncEngine:
    """A pool of `pool_size` (DATABASE_POOL_SIZE) connections and no overflow: SQLAlchemy closes an
    overflow connection as soon as it is returned, so under a steady load above the pool every request
    paid for a new connection (TCP, SSL negotiation, authentication, an empty statement cache) — that was
    most of the vote benchmark's tail latency. Past the pool, requests wait for a connection instead."""
    size = pool_size or get_settings().database_pool_size
    return create_async_engine(
        url,
        pool_size=size,
        max_overflow=0,
        # No pre-ping: it costs a round trip per checkout on every request. A connection that died with a
        # server restart fails one statement, which invalidates the pool; recycling bounds their age.
        pool_pre_ping=False,
        pool_recycle=1800,
        connect_args=pooler_connect_args(),
    )


def get_engine() -> AsyncEngine:
    global _engine
    if _engine is None:
        _engine = create_engine(get_settings().database_url)
    return _engine


def get_sessionmaker() -> async_sessionmaker[AsyncSession]:
    global _sessionmaker
    if _sessionmaker is None:
        _sessionmaker = async_sessionmaker(get_engine(), expire_on_commit=False, autoflush=False)
    return _sessionmaker


def set_sessionmaker(factory: async_sessionmaker[AsyncSession] | None) -> None:
    """Tests bind the app to their own connection/transaction through this hook."""
    global _sessionmaker
    _sessionmaker = factory


async def dispose_engine() -> None:
    global _engine, _sessionmaker
    if _engine is not None:
        await _engine.dispose()
    _engine = None
    _sessionmaker = None


def on_commit(session: AsyncSession, callback: AfterCommit) -> None:
    """Run `callback` once the surrounding unit of work commits; dropped on rollback."""
    session.info.setdefault(_AFTER_COMMIT_KEY, []).append(callback)


async def _run_after_commit(session: AsyncSession) -> None:
    callbacks: list[AfterCommit] = session.info.pop(_AFTER_COMMIT_KEY, [])
    for callback in callbacks:
        await callback()


async def commit(session: AsyncSession) -> None:
    """Commit, then run the after-commit callbacks (used by jobs that commit per batch)."""
    await session.commit()
    await _run_after_commit(session)


@asynccontextmanager
async def session_scope() -> AsyncIterator[AsyncSession]:
    async with get_sessionmaker()() as session:
        try:
            yield session
        except BaseException:
            session.info.pop(_AFTER_COMMIT_KEY, None)
            await session.rollback()
            raise
        await commit(session)


async def request_session() -> AsyncIterator[AsyncSession]:
    """FastAPI dependency: one session per request, committed when the handler returns."""
    async with session_scope() as session:
        yield session


async def request_statement_session() -> AsyncIterator[AsyncSession]:
    """FastAPI dependency for a write that is a single statement needing no rollback (a vote): each
    statement commits as it ends, so there is no BEGIN or COMMIT round trip and the row locks it takes
    are released at once instead of after the handler has run; the after-commit callbacks run as for
    `request_session`. Two cases keep a transaction: a session joining a connection the caller already
    holds (its transaction, as tests do), and a transaction-pooling PgBouncer
    (DATABASE_TRANSACTION_POOLING), which may hand a statement prepared outside a transaction and its
    execution to different server connections."""
    async with session_scope() as session:
        joined = isinstance(session.bind, AsyncConnection)
        if not joined and not get_settings().database_transaction_pooling:
            await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        yield session
