"""GET /api/search?q= — typeahead as JSON."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from theset.core.deps import SessionDep
from theset.search import service

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search")
async def search(
    session: SessionDep,
    q: Annotated[str, Query(max_length=100)] = "",
    limit: Annotated[int, Query(ge=1, le=25)] = 8,
) -> dict[str, Any]:
    """Artists on TheSet matching `q`, and Ticketmaster attractions that can be imported."""
    local, remote, failed = await service.search(session, q, limit)
    return {
        "query": q.strip(),
        "artists": [
            {
                "id": str(a.id),
                "name": a.name,
                "slug": a.slug,
                "imageUrl": a.image_url,
                "importState": a.import_state,
            }
            for a in local
        ],
        "attractions": [{"tmAttractionId": r.id, "name": r.name, "imageUrl": r.image_url} for r in remote],
        "attractionsUnavailable": failed,
    }
