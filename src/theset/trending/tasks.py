"""Trending jobs (queue `trending-calc`); the hourly schedule lives in core/schedules.py."""

from __future__ import annotations

from typing import Any

from theset.core import queue_names as q
from theset.core.db import session_scope
from theset.core.logging import get_logger
from theset.core.redis import get_redis
from theset.core.tasks import JobContext, task
from theset.trending import service, views

log = get_logger(__name__)


@task(q.TRENDING_CALC, "calculate-trending")
async def calculate_trending(ctx: JobContext, data: dict[str, Any]) -> dict[str, Any]:
    async with session_scope() as session:
        folded = await views.fold(get_redis(), session)
    async with session_scope() as session:
        result = await service.recalculate(session)
    await service.publish(result.boards)
    summary = {
        "artists": result.artists,
        "changed": result.changed,
        "viewsFolded": folded,
        "top": len(result.boards[service.DEFAULT_TIMEFRAME]["artists"]),
    }
    log.info("trending recalculated", **summary)
    await ctx.log(f"folded {folded} page views; scored {result.artists} artists, {result.changed} changed")
    return summary
