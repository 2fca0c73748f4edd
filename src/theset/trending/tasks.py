"""Trending jobs (queue `trending-calc`); the hourly schedule lives in core/schedules.py."""

from __future__ import annotations

from typing import Any

from theset.core import queue_names as q
from theset.core.db import session_scope
from theset.core.logging import get_logger
from theset.core.redis import get_redis
from theset.core.tasks import JobContext, task
from theset.trending import service

log = get_logger(__name__)


@task(q.TRENDING_CALC, "calculate-trending")
async def calculate_trending(ctx: JobContext, data: dict[str, Any]) -> dict[str, Any]:
    async with session_scope() as session:
        result = await service.recalculate(session)
    await service.cache_top(get_redis(), result.top)
    summary = {"artists": result.artists, "changed": result.changed, "top": len(result.top)}
    log.info("trending recalculated", **summary)
    await ctx.log(f"scored {result.artists} artists, {result.changed} changed, top {len(result.top)} cached")
    return summary
