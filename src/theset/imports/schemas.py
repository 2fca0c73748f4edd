from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from theset.core.schemas import ApiModel

# Ticketmaster attraction ids are 10–12 characters in practice ([A-Za-z0-9]); allow some slack.
TM_ID_PATTERN = r"^[A-Za-z0-9_-]{4,40}$"


class ImportRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    tm_attraction_id: str = Field(alias="tmAttractionId", pattern=TM_ID_PATTERN)
    name: str | None = Field(default=None, min_length=1, max_length=300)


class ImportStarted(ApiModel):
    artist_id: uuid.UUID
    slug: str
    job_id: str
