"""The setlist-sync job for one show (the hourly schedule enqueues them: maintenance/tasks.py)."""

from __future__ import annotations

import uuid
from typing import Any

from theset.core import queue_names as q
from theset.core.db import session_scope
from theset.core.tasks import JobContext, task, uuid_field
from theset.providers.setlistfm import SetlistFmClient
from theset.setlists import service


async def sync_show(client: SetlistFmClient, show_id: uuid.UUID) -> dict[str, Any]:
    """Read the show, ask setlist.fm with no transaction open, store what it answered."""
    async with session_scope() as session:
        target = await service.find_target(session, show_id)
    if isinstance(target, dict):
        return target
    candidates = await service.fetch_candidates(client, target)
    async with session_scope() as session:
        return await service.store_found(session, target, candidates)


@task(q.SETLIST_SYNC, service.JOB_NAME)
async def sync_show_setlist(ctx: JobContext, data: dict[str, Any]) -> dict[str, Any]:
    from theset.providers import open_providers

    show_id = uuid_field(data, "showId")
    try:
        async with open_providers() as providers:
            result = await sync_show(providers.setlistfm, show_id)
    except Exception as exc:
        await ctx.settle_upstream_error(exc)
    await ctx.log(f"show {show_id}: {result['outcome']}")
    return result
