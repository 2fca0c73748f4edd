"""Bulk writes stay correct past PostgreSQL's 32,767 bind parameters per statement."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.trending.factories import link_headliners
from theset.models import Artist, ArtistSong, Setlist, SetlistSong, Show, Song
from theset.setlists.repository import seed_predictions, upcoming_shows_without_prediction
from theset.songs.repository import upsert_songs

SONGS = 3_000  # 3,000 rows × 15 columns = 45,000 parameters: more than one statement can carry


def song_row(n: int, *, name: str | None = None) -> dict[str, object]:
    return {
        "spotify_id": f"sp{n:06d}", "isrc": f"USX{n:09d}", "name": name or f"Song {n}",
        "normalized_name": f"song {n}", "album_name": "Big Box", "album_spotify_id": "alb1",
        "album_type": "album", "release_date": "2001", "popularity": None, "duration_ms": 200_000 + n,
        "is_live": False, "is_remix": False, "merged_spotify_ids": [f"sp{n:06d}"],
    }  # fmt: skip


async def count(session: AsyncSession, model: object) -> int:
    return int((await session.execute(select(func.count()).select_from(model))).scalar_one())  # type: ignore[arg-type]


async def test_song_upsert_in_chunks_is_complete_and_idempotent(session: AsyncSession) -> None:
    artist = Artist(name="Prolific", slug="prolific", tm_attraction_id="K8vBULK1")
    session.add(artist)
    await session.flush()
    rows = [song_row(n) for n in range(SONGS)]
    await upsert_songs(session, artist.id, rows)
    assert await count(session, Song) == SONGS and await count(session, ArtistSong) == SONGS
    # now() is the transaction's start time, so age every row to see which ones the next upsert writes
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)
    await session.execute(update(Song).values(updated_at=long_ago))

    rows[-1] = song_row(SONGS - 1, name="Renamed Upstream")
    await upsert_songs(session, artist.id, rows)
    assert await count(session, Song) == SONGS and await count(session, ArtistSong) == SONGS
    changed = (await session.execute(select(Song).where(Song.updated_at > long_ago))).scalars().all()
    assert [s.name for s in changed] == ["Renamed Upstream"]


async def test_predictions_are_seeded_in_bulk_and_only_once(session: AsyncSession) -> None:
    artist = Artist(name="Touring", slug="touring", tm_attraction_id="K8vBULK2")
    session.add(artist)
    await session.flush()
    today = date.today()
    session.add_all(
        Show(tm_event_id=f"ev{n}", artist_id=artist.id, date=today + timedelta(days=n))
        for n in range(1, 1401)
    )
    session.add(Show(tm_event_id="ev-cancelled", artist_id=artist.id, date=today, status="cancelled"))
    session.add(Show(tm_event_id="ev-past", artist_id=artist.id, date=today - timedelta(days=1)))
    await link_headliners(session)
    songs = [Song(spotify_id=f"spt{n}", name=f"Hit {n}") for n in range(20)]
    session.add_all(songs)
    await session.flush()
    chosen = [(s.id, s.name, f"reason {n}") for n, s in enumerate(songs)]

    shows = await upcoming_shows_without_prediction(session, artist.id, today)
    assert len(shows) == 1400
    assert await seed_predictions(session, shows, chosen) == 1400
    assert await count(session, SetlistSong) == 1400 * 20
    assert await upcoming_shows_without_prediction(session, artist.id, today) == []
    assert await seed_predictions(session, shows, chosen) == 0, "a show never gets a second prediction"
    assert await count(session, Setlist) == 1400
    first = (
        await session.execute(select(SetlistSong.title).where(SetlistSong.position == 1).limit(1))
    ).scalar_one()
    assert first == "Hit 0"
