"""A completed import asks for a trending recalculation soon (debounced), so a new artist reaches the home
page within a minute instead of at the next hourly run."""

from __future__ import annotations

from tests.imports.conftest import Pipeline
from theset.core import cache
from theset.core import queue_names as q
from theset.core.queues import get_registry
from theset.trending import service as trending
from theset.worker import run_until_drained


async def test_imports_ask_for_one_trending_run_that_ranks_them(pipeline: Pipeline) -> None:
    artists = await pipeline.artists()
    first = await pipeline.run_import(artists["juniper-vale"]["tmAttractionId"])
    second = await pipeline.run_import(artists["wren-harbor"]["tmAttractionId"])
    queue = get_registry().get(q.TRENDING_CALC)
    [pending] = await queue.getJobs(["delayed", "waiting"])
    assert pending.name == "calculate-trending"  # one run for both imports
    if await pending.isDelayed():  # a slow machine may have taken the two imports past its delay
        await pending.promote()  # due now, instead of in RANK_AFTER_IMPORT_MS
    await run_until_drained([q.TRENDING_CALC], timeout_s=60)
    board = await cache.read(trending.board_key("week"))
    assert board is not None
    assert {str(first), str(second)} <= {a["id"] for a in board["artists"]}
