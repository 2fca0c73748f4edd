"""`theset predictions backtest` as an operator runs it, on a history stored in the database."""

from __future__ import annotations

import json

from sqlalchemy.ext.asyncio import AsyncEngine

from tests.cli.test_cli import run
from tests.predictions.test_router import _artist_with_history
from theset.core.db import session_scope


async def test_backtest_prints_a_table_and_json_for_scripts(committed_db: AsyncEngine) -> None:
    async with session_scope() as session:
        await _artist_with_history(session)
    as_json = run("predictions", "backtest", "--artist", "wednesday", "--last", "3", "--json")
    assert as_json.returncode == 0, as_json.stderr
    [report] = json.loads(as_json.stdout)
    assert report["artist"] == "wednesday" and len(report["shows"]) == 3
    assert set(report["total"]) == {"predictor", "popularity", "mostPlayed"}
    newest = report["shows"][0]
    assert newest["played"] == 4 and newest["recall"]["predictor"] == 1.0
    table = run("predictions", "backtest", "--last", "2")
    assert table.returncode == 0, table.stderr
    assert "wednesday" in table.stdout and "most played" in table.stdout and "total" in table.stdout
    unknown = run("predictions", "backtest", "--artist", "nobody")
    assert unknown.returncode == 1 and "not found" in unknown.stderr
