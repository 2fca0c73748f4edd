"""The artist page's "most played on the current tour" list ranks as the songs API's `currentTour` sort
does, while reading only the songs the tour played."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tests.web import factories as f
from theset.models import Artist, ArtistSong, Song
from theset.predictions import service as predictions

TODAY = date.today()


async def _artist(session: AsyncSession, slug: str, songs: int) -> tuple[Artist, list[Song]]:
    artist = Artist(name=slug.title(), slug=slug)
    session.add(artist)
    await session.flush()
    # Popularity ties (and unknowns) so that the catalog order, not only the play counts, decides.
    popularity = [None if n % 5 == 4 else (n % 3) * 10 for n in range(songs)]
    catalog = [
        Song(name=f"{slug} {n:02d}", spotify_id=f"{slug}-{n}", popularity=popularity[n]) for n in range(songs)
    ]
    session.add_all(catalog)
    await session.flush()
    session.add_all(ArtistSong(artist_id=artist.id, song_id=s.id) for s in catalog)
    await session.flush()
    return artist, catalog


async def _both(session: AsyncSession, artist: Artist, limit: int) -> tuple[list[Any], list[Any]]:
    favourites = await predictions.tour_favourites(session, artist.id, TODAY, limit=limit)
    ranked = await predictions.songs_with_stats(
        session, artist.id, TODAY, limit=limit, offset=0, sort="currentTour"
    )
    return (
        [s.model_dump() for s in favourites],
        [s.model_dump() for s in ranked if s.current_tour_share],
    )


async def test_tour_favourites_rank_as_the_current_tour_sort(
    session: AsyncSession, redis_client: Any
) -> None:
    band, catalog = await _artist(session, "fav-band", 16)
    _, [elsewhere] = await _artist(session, "other-band", 1)
    await f.history_setlist(session, band, 400, "Old Tour", catalog[12:16])  # played, but not on this tour
    for n in range(4):  # songs 0-11 played 1 to 4 times each (three songs per count), 12-15 not on this tour
        played = [s for k, s in enumerate(catalog[:12]) if k % 4 >= n]
        await f.history_setlist(session, band, 3 + n, "Now Tour", played + ([elsewhere] if n == 0 else []))
    favourites, ranked = await _both(session, band, 10)
    assert favourites == ranked and len(favourites) == 10
    assert {s["name"] for s in favourites[:3]} == {catalog[k].name for k in (3, 7, 11)}  # all 4 shows
    everything, ranked = await _both(session, band, 20)
    assert everything == ranked and len(everything) == 12  # the songs the tour never played are left out
    assert elsewhere.id not in {s["id"] for s in everything}  # not in this artist's catalog


async def test_no_current_tour_no_favourites(session: AsyncSession, redis_client: Any) -> None:
    band, catalog = await _artist(session, "old-band", 3)
    await f.history_setlist(session, band, 400, "Old Tour", catalog)  # too long ago to be the current tour
    assert await _both(session, band, 10) == ([], [])


async def test_most_played_pages_read_as_the_whole_catalog_sorted_would(
    session: AsyncSession, redis_client: Any
) -> None:
    """`played` and `currentTour` read the played songs and one page of the rest; every page, including
    those across the boundary between played and never-played songs, is that page of the whole catalog
    sorted by plays (ties in the catalog's order)."""
    band, catalog = await _artist(session, "paged-band", 23)
    await f.history_setlist(session, band, 400, "Old Tour", catalog[15:20])
    for n in range(3):
        await f.history_setlist(
            session, band, 3 + n, "Now Tour", [s for k, s in enumerate(catalog[:9]) if k % 3 >= n]
        )
    every = await predictions.songs_with_stats(session, band.id, TODAY, limit=100, offset=0)
    assert len(every) == 23  # the popularity order: the catalog's, with each song's statistics
    for sort, plays in (("played", "times_played"), ("currentTour", "current_tour_share")):
        expected = [s.id for s in sorted(every, key=lambda s: -(getattr(s, plays) or 0))]
        for offset in (0, 4, 8, 9, 12, 14, 22, 23, 30):
            for limit in (1, 5, 50):
                page = await predictions.songs_with_stats(
                    session, band.id, TODAY, limit=limit, offset=offset, sort=sort
                )
                assert [s.id for s in page] == expected[offset : offset + limit], (sort, offset, limit)
