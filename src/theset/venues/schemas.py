from __future__ import annotations

import uuid

from theset.core.schemas import ApiModel


class VenueOut(ApiModel):
    id: uuid.UUID
    name: str
    city: str | None
    state: str | None
    country: str | None
    country_code: str | None
    timezone: str | None
    latitude: float | None
    longitude: float | None
