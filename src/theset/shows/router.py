"""GET /api/shows/{id} — a show with its venue, its artist and its setlists (predicted and actual)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter

from theset.core.deps import SessionDep
from theset.shows import service

router = APIRouter(prefix="/api/shows", tags=["shows"])


@router.get("/{show_id}")
async def get_show(show_id: uuid.UUID, session: SessionDep) -> dict[str, Any]:
    return await service.show_detail(session, show_id)
