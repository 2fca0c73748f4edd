"""A show has several artists: importing a support act never takes shows away from the headliner."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from tests.imports.conftest import Pipeline

BILL = (
    "SELECT s.tm_event_id, s.artist_id, sa.artist_id, sa.role, sa.billing_order "
    "FROM shows s JOIN show_artists sa ON sa.show_id = s.id ORDER BY 1, 3"
)


async def billed_events(pipeline: Pipeline, artist_id: uuid.UUID) -> set[str]:
    async with pipeline.engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT s.tm_event_id FROM shows s JOIN show_artists sa ON sa.show_id = s.id "
                "WHERE sa.artist_id = :a"
            ),
            {"a": artist_id},
        )
        return set(rows.scalars())


async def listed_under(pipeline: Pipeline, artist_id: uuid.UUID) -> set[str]:
    async with pipeline.engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT tm_event_id FROM shows WHERE artist_id = :a"), {"a": artist_id}
        )
        return set(rows.scalars())


async def bill(pipeline: Pipeline) -> list[tuple[object, ...]]:
    async with pipeline.engine.connect() as conn:
        return [tuple(r) for r in (await conn.execute(text(BILL))).all()]


async def test_support_act_and_headliner_both_keep_every_event(pipeline: Pipeline) -> None:
    roster = await pipeline.artists()
    head, support = roster["hollow-pines"], roster["paper-comets"]
    head_truth = await pipeline.truth(head["tmAttractionId"])
    support_truth = await pipeline.truth(support["tmAttractionId"])
    shared = set(head_truth["events"]) & set(support_truth["events"])
    assert shared, "the simulator bills the support act on some of the headliner's events"

    head_id = await pipeline.run_import(head["tmAttractionId"])
    support_id = await pipeline.run_import(support["tmAttractionId"])

    assert await billed_events(pipeline, head_id) == set(head_truth["events"])
    assert await billed_events(pipeline, support_id) == set(support_truth["events"])
    assert await listed_under(pipeline, head_id) == set(head_truth["events"]), "no show moved"
    rows = await bill(pipeline)
    roles = {(r[0], r[2]): (r[3], r[4]) for r in rows}
    assert all(roles[(e, support_id)] == ("support", 1) for e in shared)
    assert all(roles[(e, head_id)] == ("headliner", 0) for e in shared)

    await pipeline.run_import(support["tmAttractionId"])
    await pipeline.run_import(head["tmAttractionId"])
    assert await bill(pipeline) == rows, "re-importing either moves nothing"


async def test_headliner_imported_after_its_support_act_gets_its_shows(pipeline: Pipeline) -> None:
    roster = await pipeline.artists()
    head, support = roster["hollow-pines"], roster["paper-comets"]
    head_truth = await pipeline.truth(head["tmAttractionId"])
    support_truth = await pipeline.truth(support["tmAttractionId"])

    support_id = await pipeline.run_import(support["tmAttractionId"])
    head_id = await pipeline.run_import(head["tmAttractionId"])

    assert await listed_under(pipeline, head_id) == set(head_truth["events"])
    assert await listed_under(pipeline, support_id) == set(support_truth["headlined_events"])
    assert await billed_events(pipeline, support_id) == set(support_truth["events"])
    async with pipeline.engine.connect() as conn:
        foreign = await conn.execute(
            text(
                "SELECT count(*) FROM setlists sl JOIN shows s ON s.id = sl.show_id "
                "JOIN setlist_songs ss ON ss.setlist_id = sl.id "
                "JOIN artist_songs a ON a.song_id = ss.song_id AND a.artist_id = :support "
                "WHERE sl.kind = 'predicted' AND s.artist_id = :head"
            ),
            {"support": support_id, "head": head_id},
        )
        assert foreign.scalar_one() == 0, "the headliner's shows predict the headliner's songs"
