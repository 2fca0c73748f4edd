"""Artist read API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from theset.artists import service
from theset.artists.schemas import ArtistOut, Page
from theset.core.clock import ClockDep
from theset.core.deps import SessionDep
from theset.shows.schemas import ShowOut

router = APIRouter(prefix="/api/artists", tags=["artists"])
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=100_000)]


@router.get("/{artist_key}", response_model=ArtistOut)
async def get_artist(artist_key: str, session: SessionDep) -> ArtistOut:
    """One artist by id or slug, with its import status and counts."""
    return await service.artist_out(session, await service.get_artist(session, artist_key))


@router.get("/{artist_key}/shows", response_model=Page[ShowOut])
async def artist_shows(
    artist_key: str,
    session: SessionDep,
    clock: ClockDep,
    upcoming: bool = True,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ShowOut]:
    today = clock().date() if upcoming else None
    items = await service.list_shows(session, artist_key, upcoming_from=today, limit=limit, offset=offset)
    return Page[ShowOut](items=items, limit=limit, offset=offset)
