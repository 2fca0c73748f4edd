"""Runs an import's phases in order as ONE job.

Why one orchestrating job rather than a job per phase: the phases are strictly sequential and each needs
what the previous one learned (the identity phase finds the Spotify and MusicBrainz ids the catalog phase
uses), so splitting them buys no parallelism; one job gives one retry unit, one place that owns the
run's status, and simple crash recovery. Every phase is idempotent (bulk upserts on natural keys) and
records a checkpoint when it finishes, so a job retried after a crash or a SIGKILL skips finished phases
and redoes at most the interrupted one. The checkpoint is `import_status.phases_done`, with the notes the
finished phases left (`import_status.notes`), in PostgreSQL, not in Redis: a run whose job Redis lost is
re-enqueued by imports/recovery.py and must still know where it stopped and what it found.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from theset.core import cache
from theset.core import queue_names as q
from theset.core.db import session_scope
from theset.core.logging import get_logger
from theset.core.queues import get_registry
from theset.imports import repository
from theset.imports.context import ImportContext
from theset.imports.phases import catalog, identity, shows, wrapup

log = get_logger(__name__)
RANK_AFTER_IMPORT_MS = 30_000
Phase = Callable[[ImportContext], Awaitable[None]]
PHASES: list[tuple[str, Phase]] = [
    ("identity", identity.run),
    ("shows", shows.run),
    ("catalog", catalog.run),
    ("wrapup", wrapup.run),
]


async def run_import(ctx: ImportContext) -> dict[str, object]:
    async with session_scope() as session:
        saved = await repository.checkpoint(session, ctx.artist_id, ctx.run_id)
    done = saved.phases_done
    for note in saved.notes:  # what the skipped phases noticed (an ambiguous identity) still holds
        ctx.note(note)
    await ctx.progress("initializing", 1.0 if done else 0.0, "Resuming import" if done else "Starting import")
    for name, phase in PHASES:
        if name in done:
            log.info("phase already done in this run; skipping", phase=name, run_id=ctx.run_id)
            continue
        await phase(ctx)
        async with session_scope() as session:
            await repository.record_phase(session, ctx.artist_id, ctx.run_id, name, ctx.notes)
    notes = "; ".join(dict.fromkeys(ctx.notes))
    # Before "completed" is published: the page reloads its content on that event.
    await cache.invalidate(cache.artist_tag(ctx.artist_id))
    await ctx.progress("completed", 1.0, f"Import complete. Note: {notes}." if notes else "Import complete")
    await _rank_soon(ctx)
    return ctx.stats


async def _rank_soon(ctx: ImportContext) -> None:
    """Ask for a trending recalculation shortly, so a new artist reaches the home page and its ranks
    within a minute rather than at the next hourly run. Debounced: imports that complete while one is
    pending join it (bullmq deduplication while the job waits)."""
    try:
        await get_registry().add(
            q.TRENDING_CALC,
            "calculate-trending",
            {},
            delay_ms=RANK_AFTER_IMPORT_MS,
            deduplication={"id": "trending-after-import"},
        )
    except Exception as exc:  # the import is complete; the hourly run ranks it anyway
        log.warning(
            "trending recalculation not requested", artist_id=str(ctx.artist_id), error=str(exc)[:200]
        )
