"""Voting rules. Takes a session, never commits; live updates go out after the commit (on_commit).

- One vote per fan and song (the database enforces it); voting twice or undoing twice answers the same.
- Limits per fan: VOTES_PER_SHOW current votes on a show (undo gives one back) and VOTES_PER_DAY votes
  cast per UTC day (undo does not); an anonymous fan gets ANON_VOTES_PER_SHOW, then 401 sign_up_required.
- A show's predicted setlist locks at its start time (`shows.starts_at`; a show whose time is still TBA
  stays open) or at once when cancelled; the clock is checked here, so a vote one second late is refused
  even before the lock job has set `setlists.is_locked`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from theset.core.config import get_settings
from theset.core.db import on_commit
from theset.core.errors import NotFound, TheSetError
from theset.votes import live, repository
from theset.votes.errors import (
    InvalidSong,
    SetlistLocked,
    SignUpRequired,
    SongAlreadyInSetlist,
    VoteLimitReached,
)
from theset.votes.fans import Fan


@dataclass(frozen=True)
class VoteResult:
    setlist_song_id: uuid.UUID
    votes: int
    voted: bool
    remaining: int


@dataclass(frozen=True)
class AddedSong:
    setlist_song_id: uuid.UUID
    song_id: uuid.UUID
    title: str
    votes: int


def is_locked(*, flag: bool, status: str, starts_at: datetime | None, now: datetime) -> bool:
    return flag or status == "cancelled" or (starts_at is not None and now >= starts_at)


def per_show_limit(fan: Fan) -> int:
    settings = get_settings()
    return settings.anon_votes_per_show if fan.anonymous else settings.votes_per_show


def _next_day(now: datetime) -> datetime:
    return datetime.combine(now.date() + timedelta(days=1), time(0), tzinfo=now.tzinfo)


def votes_left(fan: Fan, *, on_show: int, used_today: int) -> int:
    """Votes the fan may still cast on a show, given their current votes on it and their casts today:
    the one formula behind every `remaining` and `votesLeft`."""
    return max(0, min(per_show_limit(fan) - on_show, get_settings().votes_per_day - used_today))


async def remaining(session: AsyncSession, fan: Fan, setlist_id: uuid.UUID | None, now: datetime) -> int:
    """Votes the fan may still cast on this show today."""
    on_show = await repository.votes_on_setlist(session, fan, setlist_id) if setlist_id else 0
    today = await repository.daily_used(session, fan.key, now.date())
    return votes_left(fan, on_show=on_show, used_today=today)


def _day_spent(now: datetime) -> VoteLimitReached:
    per_day = get_settings().votes_per_day
    resets = _next_day(now)
    return VoteLimitReached(
        f"you have cast your {per_day} votes for today; more from {resets.isoformat()}",
        details={"limit": "day", "remaining": 0, "resetsAt": resets.isoformat()},
    )


def _show_spent(fan: Fan, limit: int) -> TheSetError:
    if fan.anonymous:
        return SignUpRequired(f"sign up to cast more than {limit} votes on a show: POST /api/auth/signup")
    return VoteLimitReached(
        f"you have used your {limit} votes on this show; undo one to vote for another song",
        details={"limit": "show", "remaining": 0, "resetsAt": None},
    )


async def _open_target(
    session: AsyncSession, show_id: uuid.UUID, setlist_song_id: uuid.UUID, now: datetime
) -> repository.Target:
    found = await repository.target(session, show_id, setlist_song_id)
    if found is None:
        raise NotFound(f"song {setlist_song_id} is not in the predicted setlist of show {show_id}")
    if is_locked(flag=found.is_locked, status=found.show_status, starts_at=found.starts_at, now=now):
        raise SetlistLocked("this show's setlist is locked: voting closed when the show started")
    return found


def _announce(
    session: AsyncSession, show_id: uuid.UUID, setlist_song_id: uuid.UUID, count: int, version: int
) -> None:
    async def send() -> None:
        await live.count_changed(show_id, setlist_song_id, count, version)

    on_commit(session, send)


async def _cast(
    session: AsyncSession, fan: Fan, show_id: uuid.UUID, setlist_song_id: uuid.UUID, now: datetime
) -> tuple[repository.Cast, int]:
    """Cast the fan's vote for a song of the show's predicted setlist (one statement, which checks the
    limits before it writes anything); returns what it found and the fan's votes left."""
    limit = per_show_limit(fan)
    found = await repository.cast(
        session, fan, show_id, setlist_song_id, now, per_day=get_settings().votes_per_day, per_show=limit
    )
    if found is None:
        raise NotFound(f"song {setlist_song_id} is not in the predicted setlist of show {show_id}")
    if found.outcome == "locked":
        raise SetlistLocked("this show's setlist is locked: voting closed when the show started")
    if found.outcome == "day_spent":
        raise _day_spent(now)
    if found.outcome == "show_spent":
        raise _show_spent(fan, limit)
    # cast, or voted already (the same answer again)
    return found, votes_left(fan, on_show=found.on_show or 0, used_today=found.used_today or 0)


async def vote(
    session: AsyncSession, fan: Fan, show_id: uuid.UUID, setlist_song_id: uuid.UUID, now: datetime
) -> VoteResult:
    """One statement and nothing to roll back: the endpoint runs it without a transaction around it."""
    found, left = await _cast(session, fan, show_id, setlist_song_id, now)
    if found.cast and found.version is not None:
        _announce(session, show_id, setlist_song_id, found.votes, found.version)
    return VoteResult(setlist_song_id, found.votes, True, left)


async def unvote(
    session: AsyncSession, fan: Fan, show_id: uuid.UUID, setlist_song_id: uuid.UUID, now: datetime
) -> VoteResult:
    found = await _open_target(session, show_id, setlist_song_id, now)
    deleted = await repository.delete_vote(session, fan, setlist_song_id)
    left = await remaining(session, fan, found.setlist_id, now)
    if deleted:
        votes, version = await repository.bump_count(session, setlist_song_id, -1)
        _announce(session, show_id, setlist_song_id, votes, version)
    else:
        votes = await repository.vote_count(session, setlist_song_id)
    return VoteResult(setlist_song_id, votes, False, left)


async def add_song(
    session: AsyncSession, fan: Fan, show_id: uuid.UUID, song_id: uuid.UUID, now: datetime
) -> AddedSong:
    """Add a studio song of the show's artist to the predicted setlist, as the adder's vote."""
    show = await repository.show_lock(session, show_id)
    if show is None:
        raise NotFound(f"show {show_id} not found")
    locked = show.is_locked if show.setlist_id else False
    if is_locked(flag=locked, status=show.status, starts_at=show.starts_at, now=now):
        raise SetlistLocked("this show's setlist is locked: voting closed when the show started")
    # Songs come from the headliner's catalog (`shows.artist_id`), read with the lock just above.
    song = await repository.studio_song(session, show.artist_id, song_id)
    if song is None:
        raise InvalidSong("songId: not a studio song of this show's artist")
    setlist_id = await repository.ensure_predicted_setlist(session, show_id)
    setlist_song_id = await repository.add_song(session, setlist_id, song)
    if setlist_song_id is None:
        raise SongAlreadyInSetlist(f"{song.name!r} is already in this show's predicted setlist")
    # The adder's vote goes the way of every vote (the song is new, so it is always cast).
    found, _ = await _cast(session, fan, show_id, setlist_song_id, now)
    added = AddedSong(setlist_song_id, song.id, song.name, found.votes)

    async def send() -> None:
        await live.song_added(show_id, added.setlist_song_id, added.song_id, added.title, added.votes)

    on_commit(session, send)
    return added


async def carry_over(session: AsyncSession, anon_id: uuid.UUID | None, user_id: uuid.UUID) -> int:
    """Sign-up or sign-in from a browser that voted anonymously: its votes become the account's, within
    the account's per-show limit."""
    if anon_id is None:
        return 0
    moved, dropped = await repository.carry_over(session, anon_id, user_id, get_settings().votes_per_show)
    for vote in dropped:  # watchers see the count go down, as for an undo
        _announce(session, vote.show_id, vote.setlist_song_id, vote.count, vote.version)
    return moved


async def unvote_preview(
    session: AsyncSession, show_id: uuid.UUID, setlist_song_id: uuid.UUID, now: datetime
) -> VoteResult:
    """An undo from a browser that never voted: the same checks and answer, nothing to delete."""
    await _open_target(session, show_id, setlist_song_id, now)
    votes = await repository.vote_count(session, setlist_song_id)
    return VoteResult(setlist_song_id, votes, False, votes_left(Fan(), on_show=0, used_today=0))
