"""Recurring jobs on `scheduled-sync`, `setlist-sync` and `cleanup` (schedules: core/schedules.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from theset.core import queue_names as q
from theset.core.db import session_scope
from theset.core.logging import get_logger
from theset.core.queues import get_registry
from theset.core.redis import get_redis
from theset.core.tasks import JobContext, task
from theset.maintenance import service
from theset.setlists import service as setlists_service
from theset.users import sessions

log = get_logger(__name__)


@task(q.SCHEDULED_SYNC, "sync-active-artists")
async def sync_active_artists(ctx: JobContext, data: dict[str, Any]) -> dict[str, Any]:
    async with session_scope() as session:  # refresh jobs are enqueued after this commit
        result = await service.sync_active_artists(session)
    log.info("active artists sync", **result)
    await ctx.log(f"active artists: {result}")
    return result


@task(q.SCHEDULED_SYNC, "deep-sync-trending")
async def deep_sync_trending(ctx: JobContext, data: dict[str, Any]) -> dict[str, Any]:
    limit = int(data.get("limit", 50))
    async with session_scope() as session:
        result = await service.deep_sync_trending(session, limit)
    log.info("trending deep sync", **result)
    await ctx.log(f"deep sync of trending artists: {result}")
    return result


@task(q.SETLIST_SYNC, "sync-past-setlists")
async def sync_past_setlists(ctx: JobContext, data: dict[str, Any]) -> dict[str, Any]:
    """One `sync-show-setlist` job per recently played show without its actual setlist yet."""
    async with session_scope() as session:  # the jobs are enqueued after this commit
        result = await setlists_service.enqueue_past_show_syncs(session, datetime.now(UTC))
    log.info("past setlists sync", **result)
    await ctx.log(
        f"asked setlist.fm about {result['enqueued']} show(s) from {result['from']} to {result['to']}"
    )
    return result


@task(q.CLEANUP, "weekly-cleanup")
async def weekly_cleanup(ctx: JobContext, data: dict[str, Any]) -> dict[str, Any]:
    removed_jobs = await service.clean_queues(get_registry())
    async with session_scope() as session:
        stale_imports = await service.fail_stale_imports(session)
    async with session_scope() as session:  # after the stale runs are closed, so theirs go too
        unidentified = await service.delete_unidentified_artists(session)
    heartbeats = await service.trim_heartbeats(get_redis())
    # sessions expire by their Redis TTL; what is left are their entries in each user's session index
    sessions_pruned = await sessions.prune_expired(get_redis())
    result = {
        "jobsRemoved": removed_jobs,
        "staleImportsFailed": [str(a) for a in stale_imports],
        "unidentifiedArtistsDeleted": len(unidentified),
        "heartbeatsTrimmed": heartbeats,
        "expiredSessionsPruned": sessions_pruned,
    }
    log.info(
        "weekly clean-up",
        jobs_removed=sum(removed_jobs.values()),
        stale_imports=len(stale_imports),
        unidentified_artists_deleted=len(unidentified),
        heartbeats_trimmed=len(heartbeats),
        expired_sessions_pruned=sessions_pruned,
    )
    await ctx.log(f"clean-up: {result}")
    return result
