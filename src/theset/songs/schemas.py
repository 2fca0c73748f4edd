from __future__ import annotations

import uuid
from datetime import date

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
    # From the stored setlist.fm history: shows that played it, the last one, and the share of the current
    # tour's shows that did (null when there is no current tour).
    times_played: int = 0
    last_played: date | None = None
    current_tour_share: float | None = None
