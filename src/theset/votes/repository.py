"""Vote queries. Counts stay exact under any interleaving: a vote row is unique per fan and song (the
database refuses a second), and `setlist_songs.vote_count` only moves by ±1 in the same transaction
that inserted or deleted a row, under that row's lock."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlalchemy import ColumnElement, and_, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from theset.models import ArtistSong, Setlist, SetlistSong, Show, Song, Vote, VoteQuota
from theset.votes.fans import Fan


@dataclass(frozen=True)
class Target:
    """A predicted-setlist song of a show, with what the lock rule needs."""

    setlist_song_id: uuid.UUID
    setlist_id: uuid.UUID
    is_locked: bool
    show_status: str
    starts_at: datetime | None
    artist_id: uuid.UUID


@dataclass(frozen=True)
class ShowLock:
    show_id: uuid.UUID
    artist_id: uuid.UUID
    status: str
    starts_at: datetime | None
    setlist_id: uuid.UUID | None
    is_locked: bool


def _fan_filter(fan: Fan) -> ColumnElement[bool]:
    return Vote.user_id == fan.user_id if fan.user_id is not None else Vote.anon_id == fan.anon_id


async def target(session: AsyncSession, show_id: uuid.UUID, setlist_song_id: uuid.UUID) -> Target | None:
    stmt = (
        select(SetlistSong.id, Setlist.id, Setlist.is_locked, Show.status, Show.starts_at, Show.artist_id)
        .join(Setlist, Setlist.id == SetlistSong.setlist_id)
        .join(Show, Show.id == Setlist.show_id)
        .where(SetlistSong.id == setlist_song_id, Show.id == show_id, Setlist.kind == "predicted")
    )
    row = (await session.execute(stmt)).first()
    return None if row is None else Target(*row)


async def show_lock(session: AsyncSession, show_id: uuid.UUID) -> ShowLock | None:
    """The show with its predicted setlist (if any)."""
    predicted = and_(Setlist.show_id == Show.id, Setlist.kind == "predicted")
    stmt = (
        select(Show.id, Show.artist_id, Show.status, Show.starts_at, Setlist.id, Setlist.is_locked)
        .outerjoin(Setlist, predicted)
        .where(Show.id == show_id)
    )
    row = (await session.execute(stmt)).first()
    return None if row is None else ShowLock(*row[:5], bool(row[5]))


async def studio_song(session: AsyncSession, artist_id: uuid.UUID, song_id: uuid.UUID) -> Song | None:
    """The song if it is in the artist's catalog and a studio recording."""
    stmt = (
        select(Song)
        .join(ArtistSong, ArtistSong.song_id == Song.id)
        .where(Song.id == song_id, ArtistSong.artist_id == artist_id, Song.is_live.is_(False))
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def delete_vote(session: AsyncSession, fan: Fan, setlist_song_id: uuid.UUID) -> bool:
    stmt = delete(Vote).where(_fan_filter(fan), Vote.setlist_song_id == setlist_song_id).returning(Vote.id)
    return (await session.execute(stmt)).scalar_one_or_none() is not None


async def bump_count(session: AsyncSession, setlist_song_id: uuid.UUID, delta: int) -> tuple[int, int]:
    """Move the song's count by `delta`; returns (count, version) as of this change."""
    stmt = (
        update(SetlistSong)
        .where(SetlistSong.id == setlist_song_id)
        .values(vote_count=SetlistSong.vote_count + delta, count_version=SetlistSong.count_version + 1)
        .returning(SetlistSong.vote_count, SetlistSong.count_version)
    )
    count, version = (await session.execute(stmt)).one()
    return int(count), int(version)


async def vote_count(session: AsyncSession, setlist_song_id: uuid.UUID) -> int:
    stmt = select(SetlistSong.vote_count).where(SetlistSong.id == setlist_song_id)
    return int((await session.execute(stmt)).scalar_one())


async def daily_used(session: AsyncSession, fan_id: uuid.UUID, day: date) -> int:
    stmt = select(VoteQuota.used).where(VoteQuota.fan_id == fan_id, VoteQuota.day == day)
    return int((await session.execute(stmt)).scalar_one_or_none() or 0)


async def votes_on_setlist(session: AsyncSession, fan: Fan, setlist_id: uuid.UUID) -> int:
    stmt = select(func.count()).select_from(Vote).where(_fan_filter(fan), Vote.setlist_id == setlist_id)
    return int((await session.execute(stmt)).scalar_one())


async def voted_song_ids(session: AsyncSession, fan: Fan, setlist_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    if not setlist_ids:
        return set()
    stmt = select(Vote.setlist_song_id).where(_fan_filter(fan), Vote.setlist_id.in_(setlist_ids))
    return set((await session.execute(stmt)).scalars().all())


async def ensure_predicted_setlist(session: AsyncSession, show_id: uuid.UUID) -> uuid.UUID:
    """The show's predicted setlist, created empty if the import seeded none; locked FOR UPDATE so
    concurrent adds to one setlist take positions one after another."""
    await session.execute(
        insert(Setlist)
        .values(id=uuid.uuid4(), show_id=show_id, kind="predicted")
        .on_conflict_do_nothing(index_elements=[Setlist.show_id, Setlist.kind])
    )
    stmt = select(Setlist.id).where(Setlist.show_id == show_id, Setlist.kind == "predicted").with_for_update()
    return (await session.execute(stmt)).scalar_one()


async def add_song(session: AsyncSession, setlist_id: uuid.UUID, song: Song) -> uuid.UUID | None:
    """Append the song to the setlist; None when it is already there."""
    last = select(func.coalesce(func.max(SetlistSong.position), 0)).where(
        SetlistSong.setlist_id == setlist_id
    )
    position = int((await session.execute(last)).scalar_one()) + 1
    stmt = (
        insert(SetlistSong)
        .values(
            id=uuid.uuid4(),
            setlist_id=setlist_id,
            song_id=song.id,
            title=song.name[:500],
            position=position,
            added_by_fan=True,
        )
        .on_conflict_do_nothing(index_elements=[SetlistSong.setlist_id, SetlistSong.song_id])
        .returning(SetlistSong.id)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


@dataclass(frozen=True)
class Dropped:
    """An anonymous vote that did not carry over, and its song's count afterwards."""

    show_id: uuid.UUID
    setlist_song_id: uuid.UUID
    count: int
    version: int


async def carry_over(
    session: AsyncSession, anon_id: uuid.UUID, user_id: uuid.UUID, per_show: int
) -> tuple[int, list[Dropped]]:
    """Give the account the anonymous votes on open setlists, oldest first, except songs it already voted
    for and votes past `per_show` on one setlist (those are dropped and their counts given back). Votes
    on locked setlists stay as cast. Returns how many votes moved, and the dropped ones."""
    anon = (
        await session.execute(
            select(Vote.id, Vote.setlist_song_id, Setlist.id, Setlist.show_id)
            .join(SetlistSong, SetlistSong.id == Vote.setlist_song_id)
            .join(Setlist, Setlist.id == SetlistSong.setlist_id)
            .where(Vote.anon_id == anon_id, Setlist.is_locked.is_(False))
            .order_by(Vote.created_at, Vote.id)
        )
    ).all()
    if not anon:
        return 0, []
    mine = (
        await session.execute(select(Vote.setlist_song_id, Vote.setlist_id).where(Vote.user_id == user_id))
    ).all()
    voted = {song_id for song_id, _ in mine}
    used: dict[uuid.UUID, int] = {}
    for _, setlist_id in mine:
        used[setlist_id] = used.get(setlist_id, 0) + 1
    move, drop = [], []
    for vote_id, song_id, setlist_id, show_id in anon:
        if song_id in voted or used.get(setlist_id, 0) >= per_show:
            drop.append((vote_id, song_id, show_id))
            continue
        move.append(vote_id)
        voted.add(song_id)
        used[setlist_id] = used.get(setlist_id, 0) + 1
    # Only rows still anonymous: a concurrent sign-in from the same browser may have taken some already.
    still_anon = Vote.anon_id == anon_id
    moved = 0
    if move:
        result = await session.execute(
            update(Vote).where(Vote.id.in_(move), still_anon).values(user_id=user_id, anon_id=None)
        )
        moved = int(getattr(result, "rowcount", 0) or 0)
    dropped = []
    if drop:
        shows = {song_id: show_id for _, song_id, show_id in drop}
        gone = await session.execute(
            delete(Vote)
            .where(Vote.id.in_([vote_id for vote_id, _, _ in drop]), still_anon)
            .returning(Vote.setlist_song_id)
        )
        # In one order, so two carry-overs giving back counts of the same songs never wait on each other in a
        # cycle (a deadlock PostgreSQL would resolve by failing one sign-in).
        for song_id in sorted(gone.scalars().all()):
            count, version = await bump_count(session, song_id, -1)
            dropped.append(Dropped(shows[song_id], song_id, count, version))
    return moved, dropped


async def lock_started(session: AsyncSession, now: datetime) -> list[uuid.UUID]:
    """Lock the predicted setlists of shows that started (or were cancelled); the shows' ids."""
    started = (Show.status == "cancelled") | (Show.starts_at <= now)
    stmt = (
        update(Setlist)
        .where(Setlist.show_id == Show.id, Setlist.kind == "predicted", Setlist.is_locked.is_(False), started)
        .values(is_locked=True)
        .returning(Setlist.show_id)
    )
    return list((await session.execute(stmt)).scalars().all())


async def forget_quotas_before(session: AsyncSession, day: date) -> None:
    await session.execute(delete(VoteQuota).where(VoteQuota.day < day))


# A vote is one statement, cast_vote() (migration 0011_cast_vote): it finds the song and whether its setlist
# is open, takes the fan's row of the day so the fan's votes count one at a time, checks the day's and the
# show's limits before it writes, then writes the vote, counts it in the fan's day and moves the song's
# count. Nothing it does needs a rollback, so the vote endpoint runs it without a transaction around it.
_CAST = text(
    "SELECT setlist, outcome, used_today, on_show, song_votes, song_version "
    "FROM cast_vote(:now, :show, :song, :vote_id, :user_id, :anon_id, :day, :per_day, :per_show)"
)


Outcome = Literal["cast", "voted", "locked", "day_spent", "show_spent"]  # voted: already, nothing written


@dataclass(frozen=True)
class Cast:
    setlist_id: uuid.UUID
    outcome: Outcome
    used_today: int | None  # the fan's casts today, this one included when cast (None when locked)
    on_show: int | None  # the fan's votes on the setlist, this one included when cast (None when locked)
    votes: int  # the song's count: after this vote when cast
    version: int | None  # the count's version when cast

    @property
    def cast(self) -> bool:
        return self.outcome == "cast"


async def cast(
    session: AsyncSession,
    fan: Fan,
    show_id: uuid.UUID,
    song_id: uuid.UUID,
    now: datetime,
    *,
    per_day: int,
    per_show: int,
) -> Cast | None:
    """None when the song is not in the show's predicted setlist."""
    params = {
        "now": now, "song": song_id, "show": show_id, "vote_id": uuid.uuid4(), "user_id": fan.user_id,
        "anon_id": fan.anon_id, "day": now.date(), "per_day": per_day, "per_show": per_show,
    }  # fmt: skip
    # Core execution on the session's connection: the ORM's execute path adds nothing for a plain
    # statement but about 0.05 ms of CPU per vote (measured in process).
    connection = await session.connection()
    row = (await connection.execute(_CAST, params)).first()
    return None if row is None else Cast(*row)
