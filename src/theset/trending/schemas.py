"""GET /api/trending: a timeframe's board, as the hourly job caches it or as the stored ranking gives it."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from theset.core.schemas import ApiModel


class TrendingArtistOut(ApiModel):
    """An artist's place on the board; the counts are None on a partial board (only the job counts them)."""

    rank: int
    id: uuid.UUID
    name: str
    slug: str
    image_url: str | None
    score: float
    upcoming_shows: int | None
    recent_votes: int | None
    views: int | None


class ShowArtistRef(ApiModel):
    name: str
    slug: str


class ShowVenueRef(ApiModel):
    name: str | None
    city: str | None


class TrendingShowOut(ApiModel):
    """A show ranked by the votes cast on it within the timeframe."""

    rank: int
    id: uuid.UUID
    name: str | None
    date: date | None
    status: str
    artist: ShowArtistRef
    venue: ShowVenueRef
    votes: int


class TrendingBoardOut(ApiModel):
    """`partial`: the hourly job's board is not cached, so this is the stored ranking alone (no counts,
    no shows) until it is."""

    timeframe: Literal["today", "week", "month"]
    computed_at: datetime | None
    artists: list[TrendingArtistOut]
    shows: list[TrendingShowOut]
    partial: bool = False
