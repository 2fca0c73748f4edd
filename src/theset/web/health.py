"""Liveness and readiness probes."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from theset.core.db import get_engine
from theset.core.logging import redact_text
from theset.core.migrate import current_revision, head_revision
from theset.core.redis import get_redis

router = APIRouter(tags=["health"])
CHECK_TIMEOUT_S = 3.0


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up and serving; says nothing about its dependencies."""
    return {"status": "ok"}


async def _check_database() -> dict[str, Any]:
    async with get_engine().connect() as conn:
        await conn.execute(text("SELECT 1"))
        current = await current_revision(conn)
    head = head_revision()
    if current != head:
        raise RuntimeError(f"migrations not at head (database {current}, code {head})")
    return {"ok": True, "revision": current}


async def _check_redis() -> dict[str, Any]:
    await get_redis().ping()  # type: ignore[misc]
    return {"ok": True}


async def _run(check: Any) -> dict[str, Any]:
    try:
        return await asyncio.wait_for(check(), timeout=CHECK_TIMEOUT_S)
    except TimeoutError:
        return {"ok": False, "error": "timed out"}
    except Exception as exc:
        return {"ok": False, "error": redact_text(str(exc))[:300] or type(exc).__name__}


@router.get("/readyz")
async def readyz() -> JSONResponse:
    """Ready when PostgreSQL and Redis answer and the schema is at the latest migration."""
    database, redis = await asyncio.gather(_run(_check_database), _run(_check_redis))
    ready = database["ok"] and redis["ok"]
    body = {"status": "ready" if ready else "unavailable", "checks": {"database": database, "redis": redis}}
    return JSONResponse(body, status_code=200 if ready else 503)
