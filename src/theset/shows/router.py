"""GET /api/shows/{id} — a show with its venue, its artist and its setlists (predicted and actual)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request

from theset.core.clock import ClockDep
from theset.core.deps import SessionDep
from theset.shows import service
from theset.votes.fans import fan_of

router = APIRouter(prefix="/api/shows", tags=["shows"])


@router.get("/{show_id}")
async def get_show(
    show_id: uuid.UUID, request: Request, session: SessionDep, clock: ClockDep
) -> dict[str, Any]:
    """The show with its setlists; each song says whether the caller voted for it, each setlist whether
    it is locked, and `votesLeft` how many votes the caller has left on it."""
    return await service.show_detail(session, show_id, fan=await fan_of(request), now=clock())
