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
    """Ready when PostgreSQL answers and the schema is at the latest migration. Without Redis the web
    still serves every page and read API from PostgreSQL (core/cache.py), so it stays in rotation as
    `degraded` (200) — live updates, sign-in and imports wait for Redis to come back."""
    database, redis = await asyncio.gather(_run(_check_database), _run(_check_redis))
    if not database["ok"]:
        status, code = "unavailable", 503
    elif not redis["ok"]:
        status, code = "degraded", 200
        redis["degraded"] = "pages and read APIs from PostgreSQL; live updates, sign-in and imports paused"
    else:
        status, code = "ready", 200
    body = {"status": status, "checks": {"database": database, "redis": redis}}
    return JSONResponse(body, status_code=code)
