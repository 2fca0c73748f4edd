"""GET /api/shows/{id} — a show with its venue, its artist and its setlists (predicted and actual)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from theset.artists.service import show_out
from theset.core.errors import NotFound
from theset.models import Artist, Setlist, SetlistSong, Show
from theset.web.deps import SessionDep

router = APIRouter(prefix="/api/shows", tags=["shows"])


def _setlist_out(setlist: Setlist, songs: list[SetlistSong]) -> dict[str, Any]:
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


@router.get("/{show_id}")
async def get_show(show_id: uuid.UUID, session: SessionDep) -> dict[str, Any]:
    show = (
        await session.execute(select(Show).options(selectinload(Show.venue)).where(Show.id == show_id))
    ).scalar_one_or_none()
    if show is None:
        raise NotFound(f"show {show_id} not found")
    artist = await session.get(Artist, show.artist_id)
    setlists = (await session.execute(select(Setlist).where(Setlist.show_id == show.id))).scalars().all()
    songs = (
        (
            await session.execute(
                select(SetlistSong)
                .where(SetlistSong.setlist_id.in_([s.id for s in setlists]))
                .order_by(SetlistSong.position)
            )
        )
        .scalars()
        .all()
    )
    by_setlist: dict[uuid.UUID, list[SetlistSong]] = {}
    for song in songs:
        by_setlist.setdefault(song.setlist_id, []).append(song)
    return {
        **show_out(show).model_dump(mode="json"),
        "artist": {"id": str(artist.id), "name": artist.name, "slug": artist.slug} if artist else None,
        "setlists": {s.kind: _setlist_out(s, by_setlist.get(s.id, [])) for s in setlists},
    }
