"""When a show starts, hence when its setlist locks, from what Ticketmaster gives (pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from theset.imports.phases.shows import start_instant
from theset.providers.types import TmEvent

DAY, EIGHT_PM = date(2027, 7, 1), time(20, 0)


def _event(**fields: object) -> TmEvent:
    given: dict[str, object] = {"local_date": DAY, "local_time": EIGHT_PM, **fields}
    return TmEvent(id="ev1", name="Show", **given)  # type: ignore[arg-type]


def test_ticketmasters_utc_date_time_wins() -> None:
    given = datetime(2027, 7, 1, 18, 30, tzinfo=UTC)
    assert start_instant(_event(date_time=given, timezone="America/Chicago")) == given


def test_local_date_and_time_in_the_events_zone() -> None:
    assert start_instant(_event(timezone="Europe/London")) == datetime(2027, 7, 1, 19, 0, tzinfo=UTC)
    assert start_instant(_event(timezone="America/Chicago")) == datetime(2027, 7, 2, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize("zone", [None, "", "Mars/Olympus_Mons", "../../etc/passwd", "a\x00b", "x" * 400])
def test_no_usable_zone_locks_at_the_earliest_instant_that_local_time_happens(zone: str | None) -> None:
    assert start_instant(_event(timezone=zone)) == datetime(2027, 7, 1, 6, 0, tzinfo=UTC)  # UTC+14


@pytest.mark.parametrize(
    "fields",
    [
        {"local_time": None},
        {"local_date": None},
        {"time_tba": True},
        {"no_specific_time": True},
    ],
)
def test_a_time_still_to_be_announced_has_no_start(fields: dict[str, object]) -> None:
    assert start_instant(_event(timezone="Europe/London", **fields)) is None
