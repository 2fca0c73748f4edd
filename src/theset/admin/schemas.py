"""Admin API input/output shapes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

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
