from __future__ import annotations

import uuid
from datetime import datetime
from typing import Generic, TypeVar

from pydantic import BaseModel

from theset.core.schemas import ApiModel


class ImportStatusOut(ApiModel):
    """An artist's import status: `GET /api/artists/{id}/status`, and `importStatus` in the artist."""

    stage: str
    progress: int
    message: str | None
    updated_at: datetime


class ArtistFields(ApiModel):
    """The artist row's own fields."""

    id: uuid.UUID
    name: str
    slug: str
    tm_attraction_id: str | None
    spotify_id: str | None
    mbid: str | None
    image_url: str | None
    import_state: str
    shows_synced_at: datetime | None
    song_catalog_synced_at: datetime | None
    last_synced_at: datetime | None


class ArtistOut(ArtistFields):
    show_count: int
    song_count: int
    import_status: ImportStatusOut | None


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    limit: int
    offset: int
