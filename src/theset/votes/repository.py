"""Vote queries. Counts stay exact under any interleaving: a vote row is unique per fan and song (the
database refuses a second), and `setlist_songs.vote_count` only moves by ±1 in the same transaction
that inserted or deleted a row, under that row's lock."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

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
        for song_id in gone.scalars().all():
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


# A vote in one statement (one round trip, plus BEGIN and COMMIT): find the song and whether its setlist is
# open, write the vote, count it in the fan's day, move the song's count, and read what the per-show
# limit needs. Data-modifying CTEs do not see each other's rows, so the fan's votes on the setlist and
# their day's casts are read as of the statement's snapshot (`on_show_before`, `used_before`); the day
# row's lock (ON CONFLICT DO UPDATE waits for the fan's other tabs, then updates the newest version)
# tells whether another vote of the fan committed in between: `used_today` is then more than
# `used_before + 1`, and the service counts again (`votes_on_setlist`, a fresh snapshot) before it
# trusts the per-show limit. Written as SQL once: no statement building per vote.
_CAST = """
WITH target AS (
    SELECT ss.id AS song_id, sl.id AS setlist_id, ss.vote_count,
           (sl.is_locked OR sh.status = 'cancelled' OR (sh.starts_at IS NOT NULL AND sh.starts_at <= :now))
               AS locked
      FROM setlist_songs ss
      JOIN setlists sl ON sl.id = ss.setlist_id AND sl.kind = 'predicted'
      JOIN shows sh ON sh.id = sl.show_id
     WHERE ss.id = :song AND sh.id = :show
), cast_vote AS (
    INSERT INTO votes (id, user_id, anon_id, setlist_song_id, setlist_id)
    SELECT :vote_id, :user_id, :anon_id, song_id, setlist_id FROM target WHERE NOT locked
    ON CONFLICT DO NOTHING
    RETURNING setlist_song_id
), quota AS (
    INSERT INTO vote_quotas (fan_id, day, used)
    SELECT :fan, :day, 1 FROM cast_vote
    ON CONFLICT (fan_id, day) DO UPDATE SET used = vote_quotas.used + 1 WHERE vote_quotas.used < :per_day
    RETURNING used
), bump AS (
    UPDATE setlist_songs SET vote_count = vote_count + 1, count_version = count_version + 1
     WHERE id = (SELECT setlist_song_id FROM cast_vote) AND EXISTS (SELECT 1 FROM quota)
    RETURNING vote_count, count_version
)
SELECT target.setlist_id, target.locked, EXISTS (SELECT 1 FROM cast_vote), (SELECT used FROM quota),
       coalesce((SELECT used FROM vote_quotas WHERE fan_id = :fan AND day = :day), 0),
       (SELECT count(*) FROM votes v WHERE v.{fan_column} = :fan AND v.setlist_id = target.setlist_id),
       coalesce((SELECT vote_count FROM bump), target.vote_count), (SELECT count_version FROM bump)
  FROM target
"""
_CAST_USER = text(_CAST.format(fan_column="user_id"))
_CAST_ANON = text(_CAST.format(fan_column="anon_id"))


@dataclass(frozen=True)
class Cast:
    setlist_id: uuid.UUID
    locked: bool
    cast: bool  # a new vote row was written (False: locked, or the fan had voted for the song)
    used_today: int | None  # the fan's casts today including this one; None: the day's votes are spent
    used_before: int  # the fan's casts today as of the statement's snapshot
    on_show_before: int  # the fan's votes on the setlist as of the snapshot (without this one)
    votes: int  # the song's count: after this vote when cast, else as of the snapshot
    version: int | None  # the count's version when cast

    @property
    def fan_raced(self) -> bool:
        """Another vote of the fan committed between the snapshot and the day row's lock: the snapshot's
        count of their votes on the setlist may miss it."""
        return self.used_today is not None and self.used_today != self.used_before + 1


async def cast(
    session: AsyncSession, fan: Fan, show_id: uuid.UUID, song_id: uuid.UUID, now: datetime, per_day: int
) -> Cast | None:
    """None when the song is not in the show's predicted setlist."""
    params = {
        "now": now, "song": song_id, "show": show_id, "vote_id": uuid.uuid4(), "user_id": fan.user_id,
        "anon_id": fan.anon_id, "fan": fan.key, "day": now.date(), "per_day": per_day,
    }  # fmt: skip
    stmt = _CAST_USER if fan.user_id is not None else _CAST_ANON
    row = (await session.execute(stmt, params)).first()
    if row is None:
        return None
    setlist_id, locked, was_cast, used_today, used_before, on_show, votes, version = row
    return Cast(setlist_id, bool(locked), bool(was_cast), used_today, int(used_before), int(on_show),
                int(votes), version)  # fmt: skip
