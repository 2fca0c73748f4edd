"""One show as the API returns it: venue, artist and setlists (predicted and actual)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from theset.core.errors import NotFound
from theset.models import Setlist, SetlistSong, Show
from theset.shows import repository
from theset.shows.schemas import ShowOut


def setlist_out(setlist: Setlist, songs: list[SetlistSong]) -> dict[str, Any]:
    scores = setlist.accuracy_detail or {}
    return {
        "id": str(setlist.id),
        "kind": setlist.kind,
        "locked": setlist.is_locked,
        # The crowd's score once the actual setlist is in (votes/accuracy.py), and the import's.
        "accuracy": scores.get("crowd"),
        "importedAccuracy": scores.get("imported"),
        "basis": setlist.basis,
        "songs": [
            {
                "id": str(s.id),
                "songId": str(s.song_id) if s.song_id else None,
                "title": s.title,
                "position": s.position,
                "encore": s.encore,
                "isCover": s.is_cover,
                "votes": s.vote_count,
                "addedByFan": s.added_by_fan,
                "reason": s.reason,
            }
            for s in songs
        ],
    }


@dataclass(frozen=True)
class ShowDetail:
    """The show as the API shapes it (`body`), with the rows a caller may add to it (votes/view.py)."""

    body: dict[str, Any]
    show: Show
    setlists: list[tuple[Setlist, list[SetlistSong]]]


async def show_detail(session: AsyncSession, show_id: uuid.UUID) -> ShowDetail:
    """The show, the same for everyone; votes/view.py adds the caller's own votes and votes left."""
    show = await repository.show_with_venue(session, show_id)
    if show is None:
        raise NotFound(f"show {show_id} not found")
    artist = await repository.artist_of(session, show)
    billed = await repository.artists_of(session, show.id)
    setlists = await repository.setlists_with_songs(session, show.id)
    body = {
        **ShowOut.model_validate(show).model_dump(mode="json"),
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
    return ShowDetail(body, show, setlists)
