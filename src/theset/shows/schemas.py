from __future__ import annotations

import uuid
from datetime import date, datetime

from theset.core.schemas import ApiModel
from theset.venues.schemas import VenueOut


class ShowOut(ApiModel):
    """A show with its venue; built from a Show whose venue is loaded."""

    id: uuid.UUID
    tm_event_id: str | None
    name: str | None
    date: date | None
    starts_at: datetime | None
    local_time: str | None
    timezone: str | None
    date_tba: bool
    time_tba: bool
    status: str
    url: str | None
    image_url: str | None
    setlist_ready: bool
    venue: VenueOut | None
