"""Reissues end to end: a "(Legacy Edition)" that only its MusicBrainz release group ties to the album
merges into the album's songs; a re-recording in a release group of its own stays apart; and the
release-group evidence costs no MusicBrainz call beyond the release browse the catalog already makes."""

from __future__ import annotations

import math

import pytest

from tests.imports.conftest import Pipeline
from tests.imports.test_pipeline import stored
from theset.providers import open_providers

MB_UA = {"User-Agent": "TheSetTests/1.0 ( tests@theset.example )"}


@pytest.mark.parametrize("profile", ["development", "extended"])
async def test_release_group_reissue_merges_and_re_recording_stays_apart(
    pipeline: Pipeline, profile: str
) -> None:
    await pipeline.configure(spotify_profile=profile)
    ruth = (await pipeline.artists())["ruth-calloway"]
    truth = await pipeline.truth(ruth["tmAttractionId"])
    artist_id = await pipeline.run_import(ruth["tmAttractionId"])
    mb_endpoints = (await pipeline.stats())["apis"]["musicbrainz"]["endpoints"]
    _, _, songs = await stored(artist_id)

    async with open_providers() as providers:
        names = {a.id: a.name async for a in providers.spotify.iter_artist_albums(ruth["spotifyId"])}
    legacy = next(i for i, n in names.items() if n.endswith(" (Legacy Edition)"))
    original = next(i for i, n in names.items() if n == names[legacy].removesuffix(" (Legacy Edition)"))
    revisited = next(i for i, n in names.items() if n.endswith(" Revisited"))
    first_issue = next(i for i, n in names.items() if n == names[revisited].removesuffix(" Revisited"))

    song_of = {sid: song.id for song in songs for sid in {song.spotify_id, *(song.merged_spotify_ids or [])}}
    tracks = truth["tracks"]
    on = {album: [t for t in tracks if t["album_id"] == album] for album in (legacy, original, revisited)}
    by_recording = {t["recording_id"]: t["id"] for t in on[original]}
    reissued = [t for t in on[legacy] if t["recording_id"] in by_recording]
    bonus = [t for t in on[legacy] if t["recording_id"] not in by_recording]
    assert len(reissued) == len(on[original]) and len(bonus) == 2
    for track in reissued:
        assert song_of[track["id"]] == song_of[by_recording[track["recording_id"]]], track["name"]
    assert len({song_of[t["id"]] for t in bonus}) == 2
    assert not {song_of[t["id"]] for t in bonus} & {song_of[t["id"]] for t in on[original]}

    first_songs = {song_of[t["id"]] for t in tracks if t["album_id"] == first_issue}
    again = [song_of[t["id"]] for t in on[revisited]]
    assert len(set(again)) == len(again) and not set(again) & first_songs, "other recordings, other songs"

    # The groups came with the release browse: one call per 100 releases, nothing per album or track.
    params = {"artist": ruth["mbid"], "limit": 1, "fmt": "json"}
    listed = (await pipeline.sim.get("/musicbrainz/ws/2/release", params=params, headers=MB_UA)).json()
    release_calls = mb_endpoints.get("GET /musicbrainz/ws/2/release", 0)
    assert release_calls == math.ceil(listed["release-count"] / 100)
    assert set(mb_endpoints) <= {"GET /musicbrainz/ws/2/release", "GET /musicbrainz/ws/2/url"}
