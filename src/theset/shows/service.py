"""One show as the API returns it: venue, artist and setlists (predicted and actual)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from theset.artists.service import show_out
from theset.core.errors import NotFound
from theset.models import Setlist, SetlistSong
from theset.shows import repository


def setlist_out(setlist: Setlist, songs: list[SetlistSong]) -> dict[str, Any]:
    return {
        "id": str(setlist.id),
        "kind": setlist.kind,
        "locked": setlist.is_locked,
        "accuracy": setlist.accuracy,
        "songs": [
            {
                "id": str(s.id),
                "songId": str(s.song_id) if s.song_id else None,
                "title": s.title,
                "position": s.position,
                "encore": s.encore,
                "isCover": s.is_cover,
                "votes": s.vote_count,
            }
            for s in songs
        ],
    }


async def show_detail(session: AsyncSession, show_id: uuid.UUID) -> dict[str, Any]:
    show = await repository.show_with_venue(session, show_id)
    if show is None:
        raise NotFound(f"show {show_id} not found")
    artist = await repository.artist_of(session, show)
    billed = await repository.artists_of(session, show.id)
    setlists = await repository.setlists_with_songs(session, show.id)
    return {
        **show_out(show).model_dump(mode="json"),
        "artist": {"id": str(artist.id), "name": artist.name, "slug": artist.slug} if artist else None,
        # The whole bill (show_artists), headliner first; `artist` is the one the show is listed under.
        "artists": [
            {
                "id": str(a.id),
                "name": a.name,
                "slug": a.slug,
                "role": link.role,
                "billingOrder": link.billing_order,
            }
            for a, link in billed
        ],
        "setlists": {setlist.kind: setlist_out(setlist, songs) for setlist, songs in setlists},
    }
