"""The stored setlist.fm history: natural keys, linking, versions, refreshes that read only what is new."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.providers.conftest import Sim
from theset.catalog.titles import title_key
from theset.catalog.types import AlbumInfo, TrackInfo
from theset.history import service
from theset.imports.phases import catalog as catalog_phase
from theset.models import Artist, ArtistSong, HistorySetlist, HistorySong, Song
from theset.providers.types import Setlist, SetlistArtistRef, SetlistSet, SetlistSong

pytestmark = pytest.mark.usefixtures("redis_client")


async def _artist(session: AsyncSession, mbid: str | None = None, titles: tuple[str, ...] = ()) -> Artist:
    artist = Artist(name="Band", slug=f"band-{uuid.uuid4().hex[:8]}", mbid=mbid)
    session.add(artist)
    await session.flush()
    await _songs(session, artist, titles)
    return artist


async def _songs(session: AsyncSession, artist: Artist, titles: tuple[str, ...]) -> None:
    for title in titles:
        song = Song(name=title, normalized_name=title_key(title), spotify_id=uuid.uuid4().hex[:22])
        session.add(song)
        await session.flush()
        session.add(ArtistSong(artist_id=artist.id, song_id=song.id))
    await session.flush()


def _setlist(
    setlist_id: str = "3bd6b4c4", version: str = "v1", songs: tuple[SetlistSong, ...] = ()
) -> Setlist:
    return Setlist(
        id=setlist_id,
        event_date=date(2026, 4, 2),
        version_id=version,
        tour="Blue Tour",
        sets=(
            SetlistSet(
                songs=songs
                or (
                    SetlistSong("Intro Tape", tape=True),
                    SetlistSong("Blue Hour"),
                    SetlistSong("Yesterday", cover=SetlistArtistRef(name="The Beatles", mbid=None)),
                    SetlistSong("Brand New Unreleased"),
                )
            ),
            SetlistSet(songs=(SetlistSong("Red Sky"),), encore=1),
        ),
    )


async def _rows(session: AsyncSession) -> list[HistorySong]:
    return list((await session.execute(select(HistorySong).order_by(HistorySong.position))).scalars().all())


async def test_songs_link_to_the_catalog_but_covers_tape_and_unknown_songs_stay_unlinked(
    session: AsyncSession,
) -> None:
    artist = await _artist(session, titles=("Blue Hour", "Red Sky", "Yesterday", "Intro Tape"))
    assert await service.store_setlists(session, artist.id, [_setlist()]) == 1
    rows = await _rows(session)
    assert [r.title for r in rows] == [
        "Intro Tape",
        "Blue Hour",
        "Yesterday",
        "Brand New Unreleased",
        "Red Sky",
    ]
    linked = {r.title: r.song_id is not None for r in rows}
    assert linked == {
        "Intro Tape": False,
        "Blue Hour": True,
        "Yesterday": False,
        "Brand New Unreleased": False,
        "Red Sky": True,
    }
    assert [(r.is_tape, r.is_cover, r.encore) for r in rows][::2] == [
        (True, False, 0),
        (False, True, 0),
        (False, False, 1),
    ]


async def test_storing_again_adds_nothing_and_a_new_version_replaces_the_songs(session: AsyncSession) -> None:
    artist = await _artist(session, titles=("Blue Hour", "Red Sky"))
    await service.store_setlists(session, artist.id, [_setlist()])
    assert await service.store_setlists(session, artist.id, [_setlist(), _setlist()]) == 0
    assert (await session.execute(select(func.count(HistorySong.id)))).scalar_one() == 5
    edited = _setlist(version="v2", songs=(SetlistSong("Red Sky"),))
    assert await service.store_setlists(session, artist.id, [replace(edited, tour="Red Tour")]) == 1
    stored = (await session.execute(select(HistorySetlist))).scalar_one()
    assert (stored.version_id, stored.tour_name) == ("v2", "Red Tour")
    assert [r.title for r in await _rows(session)] == ["Red Sky", "Red Sky"]


async def test_a_catalog_sync_that_adds_songs_links_the_history_to_them(session: AsyncSession) -> None:
    artist = await _artist(session, titles=("Blue Hour",))
    await service.store_setlists(session, artist.id, [_setlist()])
    album = AlbumInfo("album-new", "New Album", "album", "2026-05-01", 1)
    new = TrackInfo(spotify_id="track-new", name="Brand New Unreleased", duration_ms=200_000, album=album)
    await catalog_phase._store(artist.id, [], [new], ["album-new"], catalog_phase.MbCatalog())
    linked = {r.title for r in await _rows(session) if r.song_id}
    assert linked == {"Blue Hour", "Brand New Unreleased"}


async def test_a_song_the_catalog_learns_later_is_linked_on_relink(session: AsyncSession) -> None:
    artist = await _artist(session, titles=("Blue Hour",))
    await service.store_setlists(session, artist.id, [_setlist()])
    await _songs(session, artist, ("Brand New Unreleased", "Yesterday"))
    assert await service.relink(session, artist.id) == 1  # the cover stays a cover
    linked = {r.title for r in await _rows(session) if r.song_id}
    assert linked == {"Blue Hour", "Brand New Unreleased"}
    assert await service.relink(session, artist.id) == 0


async def test_a_refresh_reads_only_pages_newer_than_what_is_stored(
    session: AsyncSession, sim: Sim, redis_client: Any
) -> None:
    key = "hollow-pines"
    await sim.configure(setlistfm_rate_per_s=0, setlistfm_daily_quota=0)  # count calls, not 429 retries
    truth = await sim.truth(sim.artists[key]["tmAttractionId"])
    artist = await _artist(session, mbid=sim.artists[key]["mbid"])
    providers = sim.providers(redis_client, setlistfm_rate_limit=1000.0)

    async def calls() -> int:
        return sum((await sim.stats())["apis"]["setlistfm"]["endpoints"].values())

    try:
        first = await service.refresh(providers.setlistfm, artist.id, artist.mbid or "")
        after_first = await calls()
        again = await service.refresh(providers.setlistfm, artist.id, artist.mbid or "")
        after_again = await calls()
        # The newest setlist is deleted: the next refresh finds it on the first page and stops there.
        newest = (
            await session.execute(select(HistorySetlist).order_by(HistorySetlist.event_date.desc()).limit(1))
        ).scalar_one()
        await session.delete(newest)
        await session.flush()
        healed = await service.refresh(providers.setlistfm, artist.id, artist.mbid or "")
    finally:
        await providers.aclose()
    assert first == min(len(truth["setlists"]), 20 * service.FIRST_READ_PAGES)
    assert after_first == -(-first // 20)
    assert again == 0 and after_again - after_first == 1
    assert healed == 1 and await calls() - after_again == 1
    count = (await session.execute(select(func.count(HistorySetlist.id)))).scalar_one()
    assert count == first
    await session.refresh(artist)
    assert artist.setlists_synced_at is not None
