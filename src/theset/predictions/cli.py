"""`theset predictions backtest`: the predictor against the two baselines on the stored history."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.table import Table

from theset.artists.service import get_artist
from theset.core.db import session_scope
from theset.history import repository as history
from theset.predictions.backtest import METHODS, Report
from theset.predictions.service import run_backtest

LABELS = {"predictor": "predictor", "popularity": "popularity", "mostPlayed": "most played"}


async def reports(artist_key: str | None, last: int) -> list[Report]:
    async with session_scope() as session:
        if artist_key:
            artists = [await get_artist(session, artist_key)]
        else:
            artists = await history.artists_with_history(session)
        return [await run_backtest(session, a.id, a.slug, last) for a in artists]


def as_json(found: list[Report]) -> str:
    return json.dumps([r.as_dict() for r in found], indent=2)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def print_tables(found: list[Report], console: Console) -> None:
    """Per show and in total; n/a where a method has nothing to go on (no popularity in the profile).
    The baselines: Spotify popularity, and the songs played most often in all the history before."""
    if not found:
        console.print("no artist has a stored setlist history yet: import one first")
    for report in found:
        table = Table(title=f"{report.artist}: recall over the last {len(report.shows)} shows")
        table.add_column("date", no_wrap=True)
        table.add_column("tour")
        table.add_column("N", justify="right", no_wrap=True)  # catalog songs actually played
        for method in METHODS:
            table.add_column(LABELS[method], justify="right", no_wrap=True)
        for show in report.shows:
            row: list[Any] = [show.date.isoformat(), show.tour or "", str(show.played)]
            table.add_row(*row, *(_percent(show.recall(m)) for m in METHODS))
        table.add_section()
        table.add_row(
            "total",
            "",
            str(sum(s.played for s in report.shows)),
            *(_percent(report.total(m)) for m in METHODS),
        )
        console.print(table)
