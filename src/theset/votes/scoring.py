"""Locking at showtime and scoring after the show (run by the vote-events jobs in votes/tasks.py)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from theset.core import cache
from theset.core import queue_names as q
from theset.core.db import on_commit, session_scope
from theset.core.logging import get_logger
from theset.core.queues import enqueue_after_commit
from theset.models import SetlistSong
from theset.shows.repository import setlists_with_songs, show_with_venue
from theset.shows.results import Entry, score
from theset.shows.service import setlist_out
from theset.votes import live, repository

log = get_logger(__name__)
SCORE_JOB = "score-show"
QUOTA_DAYS_KEPT = 2


def request_scoring(session: AsyncSession, show_id: uuid.UUID) -> None:
    """For setlist-sync: score the show once its actual setlist is committed."""
    enqueue_after_commit(
        session,
        q.VOTE_EVENTS,
        SCORE_JOB,
        {"showId": str(show_id)},
        deduplication={"id": f"{SCORE_JOB}:{show_id}"},
    )


async def lock_started_shows(now: datetime) -> list[uuid.UUID]:
    async with session_scope() as session:
        show_ids = await repository.lock_started(session, now)
        await repository.forget_quotas_before(session, now.date() - timedelta(days=QUOTA_DAYS_KEPT))
    for show_id in show_ids:
        await cache.invalidate(cache.show_tag(show_id))  # a cached page would still offer the buttons
        await live.publish(show_id, {"type": "locked"})
    return show_ids


def _ranked_by_crowd(songs: list[SetlistSong]) -> list[Entry]:
    ranked = sorted(songs, key=lambda s: (-s.vote_count, s.position))
    return [Entry(s.song_id, s.title) for s in ranked]


def _imported(songs: list[SetlistSong]) -> list[Entry]:
    return [Entry(s.song_id, s.title) for s in songs if not s.added_by_fan]


async def score_show(session: AsyncSession, show_id: uuid.UUID) -> dict[str, Any]:
    setlists = {
        setlist.kind: (setlist, songs) for setlist, songs in await setlists_with_songs(session, show_id)
    }
    if "actual" not in setlists or "predicted" not in setlists:
        return {"outcome": "nothing-to-score"}
    actual_setlist, actual_songs = setlists["actual"]
    predicted, predicted_songs = setlists["predicted"]
    actual = [Entry(s.song_id, s.title) for s in actual_songs]
    crowd = score(_ranked_by_crowd(predicted_songs), actual)
    if crowd is None:
        return {"outcome": "empty-actual-setlist"}
    imported = score(_imported(predicted_songs), actual)
    predicted.accuracy = crowd["recall"]
    predicted.accuracy_detail = {"crowd": crowd, "imported": imported}
    predicted.is_locked = True
    event = {
        "type": "actual",
        "setlist": setlist_out(actual_setlist, actual_songs).model_dump(mode="json") | {"locked": True},
        "accuracy": crowd,
        "importedAccuracy": imported,
    }

    show = await show_with_venue(session, show_id)
    tags = [cache.show_tag(show_id), *([cache.artist_tag(show.artist_id)] if show else [])]

    async def announce() -> None:
        await cache.invalidate(*tags)  # the show page and the artist's past shows carry the scores
        await live.publish(show_id, event)

    on_commit(session, announce)
    return {
        "outcome": "scored",
        "crowd": f"{crowd['hits']}/{crowd['of']}",
        "imported": f"{imported['hits'] if imported else 0}/{len(actual)}",
    }
