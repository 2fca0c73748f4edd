"""GET /api/trending — the ranked artists and most-voted shows of a timeframe (read cache first)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from theset.core.deps import SessionDep
from theset.trending import service
from theset.trending.schemas import TrendingBoardOut

router = APIRouter(prefix="/api", tags=["trending"])


@router.get("/trending", response_model=TrendingBoardOut)
async def trending(
    session: SessionDep,
    timeframe: Literal["today", "week", "month"] = "week",
    limit: Annotated[int, Query(ge=1, le=service.BOARD_SIZE)] = 20,
) -> TrendingBoardOut:
    """Artists ranked by trending score and shows ranked by votes, within today / this week / this month."""
    board = await service.board(session, timeframe)
    return TrendingBoardOut.model_validate(
        {**board, "artists": board["artists"][:limit], "shows": board["shows"][:limit]}
    )
