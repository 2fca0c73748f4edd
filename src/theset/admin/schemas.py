"""Admin API input/output shapes: queue and job actions, job lists and details, the import console and
the audit trail. What the operator watches (queues, health, schedulers) is in admin/monitoring_schemas.py.

Fields are snake_case in Python and camelCase on the wire (core.schemas.ApiModel), with the wire's names
kept as they were (`returnvalue` is one word). Values that are whatever JSON a job carries (its data,
options, return value, progress) are `JsonValue`."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    SerializerFunctionWrapHandler,
    model_serializer,
)

from theset.core.schemas import ApiModel

QueueActionName = Literal["pause", "resume", "clean", "retry-failed", "promote", "drain", "obliterate"]
JobActionName = Literal["retry", "remove", "promote"]
# Actions that destroy jobs need `options.confirm` equal to the queue's name.
DESTRUCTIVE_ACTIONS = frozenset({"drain", "obliterate"})
# An action's options as the operator sent them (JSON) and as the audit trail records them.
ActionOptions = Mapping[str, JsonValue]


class QueueActionIn(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    action: QueueActionName
    queue_name: str = Field(alias="queueName", min_length=1, max_length=100)
    options: dict[str, JsonValue] = Field(default_factory=dict)


# --- what an operator action did (the audit trail records the same) ----------------------------
class ActionOutcome(ApiModel):
    """What an action did; `ms` is how long it took, filled in by admin.service.audited."""

    ms: float | None = None

    @model_serializer(mode="wrap")
    def _ms_last(self, handler: SerializerFunctionWrapHandler):
        # A base class's fields come first; `ms` was always sent after what the action did. No return
        # annotation: pydantic would take it for the schema of the whole model.
        data = handler(self)
        if isinstance(data, dict) and "ms" in data:
            data["ms"] = data.pop("ms")
        return data


class PausedOutcome(ActionOutcome):
    """pause and resume: whether the queue is paused now."""

    paused: bool


class CleanedOutcome(ActionOutcome):
    state: str
    grace_ms: int
    removed: int


class RetriedOutcome(ActionOutcome):
    retried: int


class PromotedOutcome(ActionOutcome):
    promoted: int


class DrainedOutcome(ActionOutcome):
    removed: int
    delayed: bool


class ObliteratedOutcome(ActionOutcome):
    obliterated: bool


class JobActionOutcome(ActionOutcome):
    """retry, remove or promote one job: its state before and after."""

    previous_state: str
    state: str


class RerunOutcome(ActionOutcome):
    """An operator re-run of an artist's import: the run's job (a live run is joined, not doubled)."""

    artist_id: uuid.UUID
    job_id: str


QueueActionOutcome = (
    PausedOutcome | CleanedOutcome | RetriedOutcome | PromotedOutcome | DrainedOutcome | ObliteratedOutcome
)


class ActionResult(ApiModel):
    """POST /api/admin/queues and POST /api/admin/queues/{name}/jobs/{jobId}/{action}."""

    action: str
    queue_name: str
    job_id: str | None = None
    result: QueueActionOutcome | JobActionOutcome


# --- jobs -------------------------------------------------------------------------------------------
class JobSummaryOut(ApiModel):
    """One job in a list. Times are epoch milliseconds (None: not yet)."""

    id: str
    name: str
    state: str | None
    attempts_made: int
    attempts: int
    priority: int
    progress: JsonValue
    timestamp: int | None
    processed_on: int | None
    finished_on: int | None
    delay: int
    failed_reason: str | None


class JobListOut(ApiModel):
    """GET /api/admin/queues/{name}/jobs: one page of a queue's jobs in one state."""

    queue_name: str
    state: str
    page: int
    page_size: int
    total: int
    pages: int
    jobs: list[JobSummaryOut]


class JobDetailOut(JobSummaryOut):
    """GET /api/admin/queues/{name}/jobs/{jobId}; data, options and return value with secrets redacted."""

    queue_name: str
    data: JsonValue
    opts: JsonValue
    returnvalue: JsonValue
    attempts_started: int
    stalled_counter: int
    stacktrace: list[str]
    logs: list[str]
    log_count: int
    repeat_job_key: str | None


# --- the audit trail and the import console ----------------------------------------------------------
class AuditEntryOut(ApiModel):
    """One operator action as core.audit recorded it (`timestamp` in epoch seconds)."""

    id: str
    actor: str | None
    action: str | None
    queue: str | None
    options: JsonValue
    result: JsonValue
    ok: bool
    timestamp: float


class AuditOut(ApiModel):
    entries: list[AuditEntryOut]


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
