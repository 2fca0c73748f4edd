"""Accuracy after the show: the scoring rule, and a simulator show whose actual setlist arrives."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.providers.conftest import Sim
from tests.setlists.test_sync import _catalog, _real_setlist, _show
from theset.core import queue_names as q
from theset.core.events import get_hub
from theset.models import Setlist, SetlistSong
from theset.setlists.tasks import sync_show
from theset.shows.results import Entry, score
from theset.votes import live

pytestmark = pytest.mark.usefixtures("redis_client")


def test_score_matches_by_catalog_song_over_the_top_n() -> None:
    a, b, c, d = (uuid.uuid4() for _ in range(4))
    actual = [Entry(a, "A"), Entry(None, "A cover"), Entry(b, "B")]
    prediction = [Entry(b, "B"), Entry(c, "A"), Entry(d, "D"), Entry(a, "A")]  # a is 4th: outside top 3
    result = score(prediction, actual)
    assert result is not None
    assert (result["hits"], result["of"], result["precision"], result["recall"]) == (1, 3, 0.3333, 0.3333)
    assert [s["title"] for s in result["hit"]] == ["B"]
    assert [s["title"] for s in result["missed"]] == ["A", "A cover"]
    assert score(prediction, []) is None  # an empty actual setlist keeps no score


async def test_a_simulator_show_is_scored_when_its_actual_setlist_arrives(
    session: AsyncSession, sim: Sim, redis_client: Any, app_client: httpx.AsyncClient
) -> None:
    from theset.worker import run_until_drained

    mbid, fm = await _real_setlist(sim, redis_client)
    show = await _show(session, mbid, fm.event_date, fm)
    played = [s.name for s in fm.songs if s.name and not s.tape and not s.is_cover]
    catalog = await _catalog(session, show, [*dict.fromkeys(played), "Never Played Live"])
    predicted = Setlist(show_id=show.id, kind="predicted")
    session.add(predicted)
    await session.flush()
    # The import seeded the songs in this order; the crowd voted "Never Played Live" and the second
    # played song to the top.
    order = ["Never Played Live", *dict.fromkeys(played)]
    votes = {"Never Played Live": 9, order[2]: 5}
    for position, title in enumerate(order, start=1):
        session.add(
            SetlistSong(
                setlist_id=predicted.id,
                song_id=catalog[title],
                title=title,
                position=position,
                vote_count=votes.get(title, 0),
            )
        )
    await session.flush()
    providers = sim.providers(redis_client, setlistfm_rate_limit=1000.0)
    try:
        assert (await sync_show(providers.setlistfm, show.id))["outcome"] == "stored"
    finally:
        await providers.aclose()
    async with get_hub().listen(live.channel(show.id)) as listener:
        await run_until_drained([q.VOTE_EVENTS], timeout_s=30)
        announced = await asyncio.wait_for(listener.get(), 20)

    body = (await app_client.get(f"/api/shows/{show.id}")).json()
    actual_len = len(body["setlists"]["actual"]["songs"])
    crowd = body["setlists"]["predicted"]["accuracy"]
    imported = body["setlists"]["predicted"]["importedAccuracy"]
    assert body["setlists"]["predicted"]["locked"] is True
    assert crowd["of"] == imported["of"] == actual_len
    # Top N of each ranking, N = the actual set's length; one slot of each went to a song not played.
    assert crowd["hits"] == imported["hits"] == min(actual_len, len(order)) - 1
    assert {s["title"] for s in crowd["notPlayed"]} == {"Never Played Live"}
    assert crowd["recall"] == round(crowd["hits"] / actual_len, 4)
    await session.refresh(predicted)
    assert predicted.accuracy == crowd["recall"]
    assert announced is not None and announced.data["type"] == "actual"
    assert announced.data["accuracy"] == crowd and announced.data["importedAccuracy"] == imported
    assert len(announced.data["setlist"]["songs"]) == actual_len
