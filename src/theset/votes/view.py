"""What the caller sees of a show's voting: their own votes, whether each setlist is locked now, and
how many votes they have left (GET /api/shows/{id} and the stream's snapshot)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from theset.core.config import get_settings
from theset.models import Setlist, SetlistSong, Show
from theset.shows.service import show_detail
from theset.votes import repository
from theset.votes.fans import Fan
from theset.votes.service import is_locked, remaining


async def annotate(
    session: AsyncSession,
    body: dict[str, Any],
    show: Show,
    setlists: list[tuple[Setlist, list[SetlistSong]]],
    fan: Fan | None,
    now: datetime,
) -> None:
    """Add `voted` to every song, the live `locked` to every setlist and `votesLeft` to the show."""
    voted = await repository.voted_song_ids(session, fan, [s.id for s, _ in setlists]) if fan else set()
    predicted: Setlist | None = None
    for setlist, _ in setlists:
        out = body["setlists"][setlist.kind]
        locked = is_locked(flag=setlist.is_locked, status=show.status, starts_at=show.starts_at, now=now)
        out["locked"] = setlist.kind != "predicted" or locked
        for song in out["songs"]:
            song["voted"] = uuid.UUID(song["id"]) in voted
        if setlist.kind == "predicted":
            predicted = setlist
    open_show = not is_locked(
        flag=predicted.is_locked if predicted else False,
        status=show.status,
        starts_at=show.starts_at,
        now=now,
    )
    body["votesLeft"] = await _votes_left(session, fan, predicted, now) if open_show else 0


async def _votes_left(
    session: AsyncSession, fan: Fan | None, predicted: Setlist | None, now: datetime
) -> int:
    if fan is None:
        settings = get_settings()
        return min(settings.anon_votes_per_show, settings.votes_per_day)
    return await remaining(session, fan, predicted.id if predicted else None, now)


async def show_for_fan(
    session: AsyncSession, show_id: uuid.UUID, fan: Fan | None, now: datetime
) -> dict[str, Any]:
    """GET /api/shows/{id}: the show; `fan` (None: a visitor who never voted) sees their own votes and votes
    left."""
    detail = await show_detail(session, show_id)
    await annotate(session, detail.body, detail.show, detail.setlists, fan, now)
    return detail.body
