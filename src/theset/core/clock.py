"""The current time as a dependency, so rules that depend on it (setlists locking at showtime, daily
limits) are tested at their exact boundary by overriding `get_clock`, never by sleeping."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


async def get_clock() -> Clock:
    # Async: FastAPI would run a plain `def` dependency in its thread pool, a thread hand-off per request.
    return utcnow


ClockDep = Annotated[Clock, Depends(get_clock)]
