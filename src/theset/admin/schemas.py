"""Admin API input/output shapes."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from theset.core.schemas import ApiModel

QueueActionName = Literal["pause", "resume", "clean", "retry-failed", "promote", "drain", "obliterate"]
JobActionName = Literal["retry", "remove", "promote"]
# Actions that destroy jobs need `options.confirm` equal to the queue's name.
DESTRUCTIVE_ACTIONS = frozenset({"drain", "obliterate"})


class QueueActionIn(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    action: QueueActionName
    queue_name: str = Field(alias="queueName", min_length=1, max_length=100)
    options: dict[str, Any] = Field(default_factory=dict)


class ActionResult(BaseModel):
    action: str
    queueName: str
    jobId: str | None = None
    result: dict[str, Any] = Field(default_factory=dict)


class ImportRunOut(ApiModel):
    """One artist's latest import run, for the import console and `GET /api/admin/imports`."""

    artist_id: uuid.UUID
    artist_name: str
    slug: str
    tm_attraction_id: str | None
    stage: str
    progress: int
    message: str | None
    error: str | None
    job_id: str | None
    # ISO 8601 strings as written by datetime.isoformat() (the console prints them as they are).
    started_at: str | None
    finished_at: str | None
    updated_at: str | None


class ImportRunsOut(ApiModel):
    imports: list[ImportRunOut]
