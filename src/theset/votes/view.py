"""What the caller sees of a show's voting: their own votes, whether each setlist is locked now, and
how many votes they have left (GET /api/shows/{id} and the stream's snapshot)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from theset.models import Setlist
from theset.shows.schemas import SetlistOut
from theset.shows.service import ShowDetail, show_detail
from theset.votes import repository
from theset.votes.fans import Fan
from theset.votes.schemas import FanSetlistOut, FanSetlistSongOut, ShowForFanOut
from theset.votes.service import is_locked, remaining, votes_left


def _for_fan(out: SetlistOut, locked: bool, voted: set[uuid.UUID]) -> FanSetlistOut:
    songs = [FanSetlistSongOut(**dict(song), voted=song.id in voted) for song in out.songs]
    return FanSetlistOut(**{**dict(out), "locked": locked, "songs": songs})


async def for_fan(session: AsyncSession, detail: ShowDetail, fan: Fan | None, now: datetime) -> ShowForFanOut:
    """The show with `voted` on every song, the live `locked` on every setlist and `votesLeft`."""
    show = detail.show
    voted = (
        await repository.voted_song_ids(session, fan, [s.id for s, _ in detail.setlists]) if fan else set()
    )
    predicted: Setlist | None = None
    setlists: dict[str, FanSetlistOut] = {}
    for setlist, _ in detail.setlists:
        locked = is_locked(flag=setlist.is_locked, status=show.status, starts_at=show.starts_at, now=now)
        setlists[setlist.kind] = _for_fan(
            detail.out.setlists[setlist.kind], setlist.kind != "predicted" or locked, voted
        )
        if setlist.kind == "predicted":
            predicted = setlist
    open_show = not is_locked(
        flag=predicted.is_locked if predicted else False,
        status=show.status,
        starts_at=show.starts_at,
        now=now,
    )
    votes_left = await _votes_left(session, fan, predicted, now) if open_show else 0
    return ShowForFanOut(**{**dict(detail.out), "setlists": setlists, "votes_left": votes_left})


async def _votes_left(
    session: AsyncSession, fan: Fan | None, predicted: Setlist | None, now: datetime
) -> int:
    if fan is None:  # a browser that never voted: an anonymous fan's allowance
        return votes_left(Fan(), on_show=0, used_today=0)
    return await remaining(session, fan, predicted.id if predicted else None, now)


async def show_for_fan(
    session: AsyncSession, show_id: uuid.UUID, fan: Fan | None, now: datetime
) -> ShowForFanOut:
    """GET /api/shows/{id}: the show; `fan` (None: a visitor who never voted) sees their own votes and votes
    left."""
    return await for_fan(session, await show_detail(session, show_id), fan, now)
