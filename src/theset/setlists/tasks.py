"""The setlist-sync job for one show (the hourly schedule enqueues them: maintenance/tasks.py)."""

from __future__ import annotations

import uuid
from typing import Any

from bullmq import UnrecoverableError

from theset.core import queue_names as q
from theset.core.db import session_scope
from theset.core.tasks import JobContext, task
from theset.providers.errors import UpstreamAuthError, UpstreamBadRequest, resume_at
from theset.setlists import service


@task(q.SETLIST_SYNC, service.JOB_NAME)
async def sync_show_setlist(ctx: JobContext, data: dict[str, Any]) -> dict[str, Any]:
    from theset.providers import open_providers

    try:
        show_id = uuid.UUID(str(data.get("showId")))
    except ValueError:
        raise UnrecoverableError(f"showId is not a UUID: {str(data.get('showId'))[:80]!r}") from None
    try:
        async with open_providers() as providers, session_scope() as session:
            result = await service.sync_show_setlist(session, providers.setlistfm, show_id)
    except (UpstreamAuthError, UpstreamBadRequest) as exc:  # no retry can fix our key or our request
        raise UnrecoverableError(str(exc)[:500]) from exc
    except Exception as exc:
        if (when := resume_at(exc)) is not None and ctx.token:
            await ctx.defer_until(when)
        raise
    await ctx.log(f"show {show_id}: {result['outcome']}")
    return result
