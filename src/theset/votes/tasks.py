"""Jobs of the `vote-events` queue: work that must not sit in a vote request.

- `lock-started-shows` (every minute): sets `setlists.is_locked` on shows that started or were
  cancelled and tells their streams (`locked`). The write path already refuses late votes by the clock;
  this makes the flag and the live event follow.
- `score-show` (enqueued by setlist-sync after it stored an actual setlist): scores the crowd's and the
  import's predictions against it, stores both on the predicted setlist, locks it, and tells the
  show's stream (`actual`). Idempotent: re-running rewrites the same scores.
"""

from __future__ import annotations

from typing import Any

from theset.core import queue_names as q
from theset.core.clock import utcnow
from theset.core.db import session_scope
from theset.core.logging import get_logger
from theset.core.tasks import JobContext, task, uuid_field
from theset.votes import scoring

log = get_logger(__name__)


@task(q.VOTE_EVENTS, "lock-started-shows")
async def lock_started_shows(ctx: JobContext, data: dict[str, Any]) -> dict[str, Any]:
    locked = await scoring.lock_started_shows(utcnow())
    await ctx.log(f"locked {len(locked)} setlists")
    return {"locked": len(locked)}


@task(q.VOTE_EVENTS, scoring.SCORE_JOB)
async def score_show(ctx: JobContext, data: dict[str, Any]) -> dict[str, Any]:
    show_id = uuid_field(data, "showId")
    async with session_scope() as session:
        result = await scoring.score_show(session, show_id)
    await ctx.log(f"show {show_id}: {result['outcome']}")
    return result
