"""Import progress: persisted in import_status, then published for every SSE listener."""

from __future__ import annotations

import uuid

from theset.core.db import session_scope
from theset.core.events import Event, publish
from theset.core.keys import redis_key
from theset.core.logging import get_logger
from theset.imports import repository
from theset.models import TERMINAL_STAGES, ImportStatus

log = get_logger(__name__)

# Where each stage starts on the 0–100 bar; long stages report inside their band.
STAGE_BANDS: dict[str, tuple[int, int]] = {
    "pending": (0, 0),
    "initializing": (1, 4),
    "identity": (5, 9),
    "shows": (10, 34),
    "catalog": (35, 89),
    "wrapup": (90, 99),
    "completed": (100, 100),
    "failed": (0, 100),
}


def channel(artist_id: uuid.UUID | str) -> str:
    return redis_key("import", artist_id)


def status_event(status: ImportStatus) -> Event:
    return Event(
        id=int(status.sequence),
        data={
            "stage": status.stage,
            "progress": int(status.progress),
            "message": status.message or "",
            "at": status.updated_at.isoformat() if status.updated_at else None,
        },
    )


def is_terminal(event: Event) -> bool:
    return event.data.get("stage") in TERMINAL_STAGES


def in_band(stage: str, fraction: float) -> int:
    low, high = STAGE_BANDS[stage]
    return round(low + (high - low) * min(max(fraction, 0.0), 1.0))


class QuietReporter:
    """For background syncs outside an import run: progress goes to the debug log, not to import_status
    (a scheduled refresh must not reopen a finished import's status or its SSE stream)."""

    def __init__(self, artist_id: uuid.UUID) -> None:
        self.artist_id = artist_id
        self.stage = "sync"

    async def update(self, stage: str, fraction: float, message: str, *, error: str | None = None) -> None:
        self.stage = stage
        log.debug("sync progress", artist_id=str(self.artist_id), stage=stage, message=message)


class RunSuperseded(Exception):
    """This run's status was taken over by a newer run, or closed (the weekly clean-up fails runs stuck
    for a day): its job stops instead of doing the whole import again for nobody."""


class ProgressReporter:
    """Reports one run's progress. Each update commits on its own so pages see it at once."""

    def __init__(self, artist_id: uuid.UUID, job_id: str) -> None:
        self.artist_id = artist_id
        self.job_id = job_id
        self.last_progress = 0
        self.stage = "initializing"

    async def update(self, stage: str, fraction: float, message: str, *, error: str | None = None) -> None:
        progress = in_band(stage, fraction)
        async with session_scope() as session:
            status = await repository.advance(
                session, self.artist_id, self.job_id, stage, progress, message[:1000], error=error
            )
        if status is None:
            raise RunSuperseded(f"import run {self.job_id} of artist {self.artist_id} is no longer current")
        self.last_progress = int(status.progress)
        self.stage = status.stage
        await publish(channel(self.artist_id), status_event(status))
