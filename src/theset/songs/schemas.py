from __future__ import annotations

import uuid

from theset.core.schemas import ApiModel


class SongOut(ApiModel):
    id: uuid.UUID
    spotify_id: str | None
    name: str
    album_name: str | None
    isrc: str | None
    duration_ms: int | None
    popularity: int | None
    release_date: str | None
    album_type: str | None
    is_remix: bool
