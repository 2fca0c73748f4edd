"""Actual setlists from setlist.fm for shows that have been played. Takes a session, never commits.

Fans enter setlists on setlist.fm during and after a show, so a show is asked about every hour for its
first two days and then once a day (at DAILY_CHECK_HOUR UTC) until a month has passed; a setlist that
exists but has no songs yet counts as not there. One `setlist-sync/sync-show-setlist` job per show, so
each has its own retries and setlist.fm's shared rate limit paces them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from theset.core import cache
from theset.core import queue_names as q
from theset.core.db import on_commit
from theset.core.logging import get_logger
from theset.core.queues import PRIORITY_BACKGROUND, enqueue_after_commit
from theset.history import service as history
from theset.providers.setlistfm import SetlistFmClient
from theset.providers.types import Setlist
from theset.setlists import repository
from theset.setlists.actual import actual_entries, pick_setlist
from theset.songs.matching import catalog_keys
from theset.votes.scoring import request_scoring

log = get_logger(__name__)

HOURLY_DAYS = 2
LOOKBACK_DAYS = 30
DAILY_CHECK_HOUR = 3
BATCH = 2000
JOB_NAME = "sync-show-setlist"


def check_window(now: datetime) -> tuple[date, date]:
    """The show dates to ask setlist.fm about in the run at `now` (UTC)."""
    yesterday = now.date() - timedelta(days=1)
    days_back = LOOKBACK_DAYS if now.hour == DAILY_CHECK_HOUR else HOURLY_DAYS
    return yesterday - timedelta(days=days_back - 1), yesterday


async def enqueue_past_show_syncs(session: AsyncSession, now: datetime) -> dict[str, Any]:
    oldest, newest = check_window(now)
    show_ids = await repository.past_shows_awaiting_setlist(
        session, oldest=oldest, newest=newest, limit=BATCH
    )
    for show_id in show_ids:
        enqueue_after_commit(
            session, q.SETLIST_SYNC, JOB_NAME, {"showId": str(show_id)}, priority=PRIORITY_BACKGROUND,
            deduplication={"id": f"{JOB_NAME}:{show_id}"},
        )  # fmt: skip
    return {"from": oldest.isoformat(), "to": newest.isoformat(), "enqueued": len(show_ids)}


@dataclass(frozen=True)
class SetlistTarget:
    """What setlist.fm is asked about for one show, read before the call so no transaction stays open
    while it waits for the upstream (and for its rate limit)."""

    show_id: uuid.UUID
    artist_id: uuid.UUID
    mbid: str
    date: date
    venue_name: str | None
    city: str | None


async def find_target(session: AsyncSession, show_id: uuid.UUID) -> SetlistTarget | dict[str, Any]:
    """The show to ask about, or the outcome that says why there is nothing to ask."""
    found = await repository.show_for_setlist(session, show_id)
    if found is None:
        return {"outcome": "no-such-show"}
    show, mbid, venue_name, city = found
    if show.setlist_ready:
        return {"outcome": "already-stored"}
    if show.date is None or mbid is None:
        return {
            "outcome": "not-searchable",
            "reason": "no date" if show.date is None else "artist has no MBID",
        }
    return SetlistTarget(show.id, show.artist_id, mbid, show.date, venue_name, city)


async def fetch_candidates(client: SetlistFmClient, target: SetlistTarget) -> list[Setlist]:
    return await client.search_setlists(artist_mbid=target.mbid, date=target.date)


async def store_found(
    session: AsyncSession, target: SetlistTarget, candidates: list[Setlist]
) -> dict[str, Any]:
    """Store the show's setlist among `candidates`; the outcome says what happened and why."""
    setlist = pick_setlist(candidates, target.venue_name, target.city)
    if setlist is None:
        return {"outcome": "ambiguous" if candidates else "not-yet", "candidates": len(candidates)}
    catalog = await catalog_keys(session, target.artist_id)
    entries = actual_entries(setlist, catalog)
    if not entries:
        return {"outcome": "not-yet", "setlistfmId": setlist.id, "reason": "setlist has no songs yet"}
    stored = await repository.store_actual_setlist(session, target.show_id, setlist.id, entries)
    tags = (cache.show_tag(target.show_id), cache.artist_tag(target.artist_id))
    on_commit(session, lambda: cache.invalidate(*tags))  # the show page and the artist's past shows
    if stored:
        request_scoring(session, target.show_id)
    await history.store_setlists(session, target.artist_id, [setlist], catalog)  # the history grows too
    matched = sum(1 for entry in entries if entry["song_id"] is not None)
    log.info(
        "actual setlist stored", show_id=str(target.show_id), songs=len(entries), matched=matched, new=stored
    )
    return {
        "outcome": "stored" if stored else "already-stored",
        "setlistfmId": setlist.id,
        "songs": len(entries),
        "matchedToCatalog": matched,
    }
