"""Wrap-up: refresh the artist's setlist history, seed a predicted setlist for every upcoming show that has
none, mark the artist complete.

The history is read from setlist.fm only when a show needs a prediction or it was never read (the first
import): most 6-hourly refreshes seed nothing and leave setlist.fm's shared budget alone, and the hourly
setlist-sync adds the shows we know of as they are played. The prediction is the same one
`GET /api/artists/{id}/predicted-setlist` answers for today (theset.predictions), in set order.
"""

from __future__ import annotations

import uuid

from theset.artists import repository as artists
from theset.core.clock import utcnow
from theset.core.db import session_scope
from theset.core.logging import get_logger
from theset.history import service as history
from theset.imports.context import ImportContext
from theset.predictions.service import prediction
from theset.setlists.repository import seed_predictions, upcoming_shows_without_prediction

log = get_logger(__name__)


async def run(ctx: ImportContext) -> None:
    today = utcnow().date()  # the UTC day, as the pages and trending count upcoming shows
    await ctx.progress("wrapup", 0.0, "Predicting setlists for upcoming shows")
    async with session_scope() as session:
        artist = await artists.get_for_job(session, ctx.artist_id)
        mbid, history_read = artist.mbid, artist.setlists_synced_at is not None
        shows = await upcoming_shows_without_prediction(session, ctx.artist_id, today)
    stored = 0
    if mbid and (shows or not history_read):
        stored = await history.refresh(ctx.providers.setlistfm, ctx.artist_id, mbid)
    seeded, based_on = 0, 0
    async with session_scope() as session:  # a concurrent run may have seeded some: they are skipped
        if shows:
            predicted = await prediction(session, ctx.artist_id, today)
            chosen = [(uuid.UUID(r.song.id), r.song.title, r.reason) for r in predicted.in_set_order()]
            seeded = await seed_predictions(session, shows, chosen, basis=predicted.summary)
            based_on = predicted.setlists
    await ctx.progress("wrapup", 0.7, f"Seeded {seeded} predicted setlists")
    async with session_scope() as session:
        await artists.mark_import_complete(session, ctx.artist_id, utcnow())
    ctx.stats["wrapup"] = {"predictedSetlists": seeded, "historySetlists": stored, "basedOn": based_on}
    await ctx.progress("wrapup", 1.0, "Wrapping up")
