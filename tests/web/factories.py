"""Rows for the page tests: an artist with shows, venues, a studio catalog, setlists and setlist.fm
history."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from theset.models import (
    Artist,
    ArtistSong,
    HistorySetlist,
    HistorySong,
    Setlist,
    SetlistSong,
    Show,
    ShowArtist,
    Song,
    Venue,
)


def _id() -> str:
    return uuid.uuid4().hex[:10]


async def artist(session: AsyncSession, name: str = "Wednesday", **fields: object) -> Artist:
    row = Artist(
        name=name, slug=fields.pop("slug", f"band-{_id()}"), tm_attraction_id=f"K8v{_id()}", **fields
    )
    session.add(row)
    await session.flush()
    return row


async def venue(session: AsyncSession, name: str = "Cat's Cradle", city: str = "Carrboro") -> Venue:
    row = Venue(tm_venue_id=f"Kov{_id()}", name=name, city=city, country="United States", country_code="US")
    session.add(row)
    await session.flush()
    return row


async def show(
    session: AsyncSession, of: Artist, days: int, at: Venue | None = None, **fields: object
) -> Show:
    row = Show(
        tm_event_id=f"ev{_id()}",
        artist_id=of.id,
        venue_id=at.id if at else None,
        date=date.today() + timedelta(days=days),
        **fields,
    )
    session.add(row)
    await session.flush()
    session.add(ShowArtist(show_id=row.id, artist_id=of.id, role="headliner", billing_order=0))
    await session.flush()
    return row


async def songs(session: AsyncSession, of: Artist, names: list[str]) -> list[Song]:
    rows = [Song(spotify_id=f"sp{_id()}", name=n, album_name="Rat Saw God", popularity=50) for n in names]
    session.add_all(rows)
    await session.flush()
    session.add_all([ArtistSong(artist_id=of.id, song_id=s.id) for s in rows])
    await session.flush()
    return rows


async def setlist(
    session: AsyncSession, of: Show, kind: str, entries: list[tuple[Song | str, int]], locked: bool = False
) -> list[SetlistSong]:
    """entries: (song or free title, votes) in setlist order."""
    row = Setlist(show_id=of.id, kind=kind, is_locked=locked)
    session.add(row)
    await session.flush()
    items = []
    for position, (song, votes) in enumerate(entries, start=1):
        title = song if isinstance(song, str) else song.name
        song_id = None if isinstance(song, str) else song.id
        items.append(
            SetlistSong(setlist_id=row.id, song_id=song_id, title=title, position=position, vote_count=votes)
        )
    session.add_all(items)
    await session.flush()
    return items


async def history_setlist(
    session: AsyncSession, of: Artist, days_ago: int, tour: str, played: list[Song]
) -> HistorySetlist:
    """A setlist.fm setlist in the artist's history, `days_ago` days back, playing `played` in order."""
    row = HistorySetlist(
        artist_id=of.id,
        setlistfm_id=f"sfm{_id()}",
        event_date=date.today() - timedelta(days=days_ago),
        tour_name=tour,
    )
    session.add(row)
    await session.flush()
    session.add_all(
        HistorySong(history_setlist_id=row.id, position=i, title=s.name, song_id=s.id)
        for i, s in enumerate(played, start=1)
    )
    await session.flush()
    return row
