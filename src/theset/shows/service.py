"""One show as the API returns it: venue, artist and setlists (predicted and actual)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from theset.core.errors import NotFound
from theset.core.logging import get_logger
from theset.models import Setlist, SetlistSong, Show
from theset.shows import repository
from theset.shows.schemas import (
    AccuracyOut,
    ArtistRefOut,
    BilledArtistOut,
    SetlistOut,
    SetlistSongOut,
    ShowDetailOut,
    ShowOut,
)

log = get_logger(__name__)


def _stored_score(raw: object, setlist_id: uuid.UUID) -> AccuracyOut | None:
    """A score as `accuracy_detail` stored it; a row the scoring never wrote that way (edited by hand,
    from an older shape) shows no score rather than failing the whole show."""
    if raw is None:
        return None
    try:
        return AccuracyOut.model_validate(raw)
    except ValidationError:
        log.warning("stored accuracy not in the score shape", setlist_id=str(setlist_id))
        return None


def setlist_out(setlist: Setlist, songs: list[SetlistSong]) -> SetlistOut:
    scores = setlist.accuracy_detail or {}
    return SetlistOut(
        id=setlist.id,
        kind=setlist.kind,
        locked=setlist.is_locked,
        # The crowd's score once the actual setlist is in (shows/results.py), and the import's.
        accuracy=_stored_score(scores.get("crowd"), setlist.id),
        imported_accuracy=_stored_score(scores.get("imported"), setlist.id),
        basis=setlist.basis,
        songs=[SetlistSongOut.model_validate(song) for song in songs],
    )


@dataclass(frozen=True)
class ShowDetail:
    """The show as the API shapes it (`out`), with the rows a caller may add to it (votes/view.py)."""

    out: ShowDetailOut
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
    out = ShowDetailOut(
        **dict(ShowOut.model_validate(show)),
        artist=ArtistRefOut.model_validate(artist) if artist else None,
        artists=[
            BilledArtistOut(
                id=a.id, name=a.name, slug=a.slug, role=link.role, billing_order=link.billing_order
            )
            for a, link in billed
        ],
        setlists={setlist.kind: setlist_out(setlist, songs) for setlist, songs in setlists},
    )
    return ShowDetail(out, show, setlists)
