"""Imports checked against the simulator's truth: every event, studio songs only, one song per recording."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select

from tests.imports.conftest import Pipeline
from theset.core.db import session_scope
from theset.models import Artist, ImportStatus, Show, Song
from theset.songs.repository import artist_songs

ARTISTS = ["juniper-vale", "hollow-pines", "mara-lune", "ghost-tropic", "ruth-calloway"]


async def stored(artist_id: uuid.UUID) -> tuple[Artist, set[str], list[Song]]:
    async with session_scope() as session:
        artist = await session.get(Artist, artist_id)
        assert artist is not None
        events = set(
            (await session.execute(select(Show.tm_event_id).where(Show.artist_id == artist_id))).scalars()
        )
        songs = await artist_songs(session, artist_id)
    return artist, {e for e in events if e}, songs


def catalog_report(truth: dict[str, Any], songs: list[Song]) -> dict[str, Any]:
    tracks = {t["id"]: t for t in truth["tracks"]}
    stored_ids = {sid for s in songs for sid in [s.spotify_id, *(s.merged_spotify_ids or [])] if sid}
    live_stored = sorted(i for i in stored_ids if tracks.get(i, {}).get("is_live"))
    studio = {i for i, t in tracks.items() if not t["is_live"]}
    dropped = sorted(studio - stored_ids)
    split_groups = []
    for group in truth["duplicate_groups"]:
        owners = {s.id for s in songs if set(group) & {s.spotify_id, *(s.merged_spotify_ids or [])}}
        if len(owners) > 1:
            split_groups.append(group)
    return {"live_stored": live_stored, "dropped": dropped, "split_groups": split_groups, "songs": len(songs)}


@pytest.mark.parametrize("profile", ["development", "extended"])
@pytest.mark.parametrize("key", ARTISTS)
async def test_import_matches_the_truth(pipeline: Pipeline, key: str, profile: str) -> None:
    await pipeline.configure(spotify_profile=profile)
    sim_artist = (await pipeline.artists())[key]
    truth = await pipeline.truth(sim_artist["tmAttractionId"])
    artist_id = await pipeline.run_import(sim_artist["tmAttractionId"])
    artist, events, songs = await stored(artist_id)

    assert artist.name == sim_artist["name"] and artist.import_state == "complete"
    assert artist.spotify_id == sim_artist["spotifyId"] and artist.mbid == sim_artist["mbid"]
    assert events == set(truth["events"]), "every event, TBA/TBD included, and nothing else"
    report = catalog_report(truth, songs)
    assert report["live_stored"] == [], "no live recording may enter songs"
    assert report["split_groups"] == [], "at most one song per duplicate group"
    assert report["dropped"] == [], "no studio track wrongly dropped"
    assert report["songs"] == truth["studio_song_count"]
    async with session_scope() as session:
        status = (
            await session.execute(select(ImportStatus).where(ImportStatus.artist_id == artist_id))
        ).scalar_one()
    assert (status.stage, status.progress) == ("completed", 100)


async def test_every_event_beyond_the_paging_cap(pipeline: Pipeline) -> None:
    touring = (await pipeline.artists())["candleglass-orchestra"]
    truth = await pipeline.truth(touring["tmAttractionId"])
    assert len(truth["events"]) > 1200
    artist_id = await pipeline.run_import(touring["tmAttractionId"])
    _, events, _ = await stored(artist_id)
    assert events == set(truth["events"])


async def test_reimport_adds_no_rows_and_fetches_far_less(pipeline: Pipeline) -> None:
    sim_artist = (await pipeline.artists())["hollow-pines"]
    await pipeline.run_import(sim_artist["tmAttractionId"])
    first = await pipeline.row_counts()
    cold_calls = (await pipeline.stats())["total_calls"]
    await pipeline.run_import(sim_artist["tmAttractionId"])
    assert await pipeline.row_counts() == first
    warm_calls = (await pipeline.stats())["total_calls"] - cold_calls
    assert warm_calls < cold_calls * 0.5


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["extended", "development"])
async def test_prolific_artist_under_both_profiles(pipeline: Pipeline, profile: str) -> None:
    await pipeline.configure(spotify_profile=profile)
    prolific = (await pipeline.artists())["velvet-meridian"]
    truth = await pipeline.truth(prolific["tmAttractionId"])
    assert len(truth["tracks"]) >= 10_000
    artist_id = await pipeline.run_import(prolific["tmAttractionId"], timeout_s=900)
    _, events, songs = await stored(artist_id)
    assert events == set(truth["events"])
    report = catalog_report(truth, songs)
    assert (report["live_stored"], report["split_groups"], report["dropped"]) == ([], [], [])
    assert report["songs"] == truth["studio_song_count"]
