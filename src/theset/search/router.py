"""GET /api/search?q= — typeahead as JSON."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from theset.core.deps import SessionDep
from theset.search import service
from theset.search.schemas import ArtistHitOut, AttractionOut, SearchOut

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search", response_model=SearchOut)
async def search(
    session: SessionDep,
    q: Annotated[str, Query(max_length=100)] = "",
    limit: Annotated[int, Query(ge=1, le=25)] = 8,
) -> SearchOut:
    """Artists on TheSet matching `q`, and Ticketmaster attractions that can be imported."""
    local, remote, failed = await service.search(session, q, limit)
    return SearchOut(
        query=q.strip(),
        artists=[ArtistHitOut.model_validate(artist) for artist in local],
        attractions=[
            AttractionOut(tm_attraction_id=r.id, name=r.name, image_url=r.image_url) for r in remote
        ],
        attractions_unavailable=failed,
    )
