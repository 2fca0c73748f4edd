"""The truth endpoint agrees with what the APIs serve: rebuilt from responses alone (bar the live flags).

The walk is the one a careful importer makes: Ticketmaster links (or MusicBrainz url-rels) to find the
Spotify artist, every events page plus the TBA/TBD calls, artist albums until a short page, every album's
tracks, every track for its ISRC, MusicBrainz for the recording behind each ISRC, every setlist.fm page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest

from .conftest import MB, SETLISTFM, SFM, SP, UA, UNLIMITED, Sim, SimFactory

WORD = re.compile(r"[a-z0-9']+")


async def tm_identity(sim: Sim, attraction: str) -> tuple[str, str]:
    body = (await sim.tm(f"/attractions/{attraction}.json")).json()
    links = body.get("externalLinks", {})
    mbid = links["musicbrainz"][0]["id"]
    if "spotify" in links:
        return links["spotify"][0]["url"].rsplit("/", 1)[1], mbid
    rels = (
        await sim.client.get(f"{MB}/artist/{mbid}", params={"fmt": "json", "inc": "url-rels"}, headers=UA)
    ).json()
    spotify = next(r["url"]["resource"] for r in rels["relations"] if r["type"] == "free streaming")
    return spotify.rsplit("/", 1)[1], mbid


async def tm_events(sim: Sim, attraction: str) -> set[str]:
    seen: set[str] = set()
    for extra in ({}, {"includeTBA": "only"}, {"includeTBD": "only"}):
        page = 0
        while True:
            body = (
                await sim.tm("/events.json", attractionId=attraction, size=199, page=page, **extra)
            ).json()
            seen |= {e["id"] for e in body.get("_embedded", {}).get("events", [])}
            page += 1
            if page >= body["page"]["totalPages"]:
                break
    return seen


async def spotify_tracks(sim: Sim, artist: str) -> dict[str, dict[str, Any]]:
    headers = await sim.token()
    url: str | None = f"{SP}/artists/{artist}/albums"
    params: dict[str, Any] | None = {
        "include_groups": "album,single,compilation",
        "limit": 10,
        "market": "US",
    }
    album_ids: list[str] = []
    while url:
        page = (await sim.client.get(url, params=params, headers=headers)).json()
        album_ids += [a["id"] for a in page["items"]]
        if len(page["items"]) < page["limit"]:  # never trust `next` or `total` here (paging bug)
            break
        url, params = page["next"], None
    tracks: dict[str, dict[str, Any]] = {}
    for album_id in album_ids:
        album = (await sim.client.get(f"{SP}/albums/{album_id}", headers=headers)).json()
        items, next_url = album["tracks"]["items"], album["tracks"]["next"]
        while next_url:
            more = (await sim.client.get(next_url, headers=headers)).json()
            items, next_url = items + more["items"], more["next"]
        for item in items:
            full = (await sim.client.get(f"{SP}/tracks/{item['id']}", headers=headers)).json()
            tracks[item["id"]] = {
                "album_id": album_id,
                "name": full["name"],
                "isrc": full["external_ids"]["isrc"],
            }
    return tracks


def best_recording(name: str, recordings: list[dict[str, Any]]) -> str:
    """Several recordings can share an ISRC (data errors): pick the one whose title fits the track title."""
    words = set(WORD.findall(name.lower()))

    def score(rec: dict[str, Any]) -> int:
        title = set(WORD.findall(rec["title"].lower()))
        return len(words & title) - len(title - words)

    return max(recordings, key=score)["id"]


async def musicbrainz_recordings(sim: Sim, tracks: dict[str, dict[str, Any]]) -> None:
    cache: dict[str, list[dict[str, Any]]] = {}
    for track in tracks.values():
        isrc = track["isrc"]
        if isrc not in cache:
            response = await sim.client.get(f"{MB}/isrc/{isrc}", params={"fmt": "json"}, headers=UA)
            cache[isrc] = response.json()["recordings"] if response.status_code == 200 else []
        recordings = cache[isrc]
        track["recording_id"] = best_recording(track["name"], recordings) if recordings else None


async def setlist_ids(sim: Sim, mbid: str) -> set[str]:
    seen: set[str] = set()
    page = 1
    while True:
        response = await sim.client.get(
            f"{SFM}/artist/{mbid}/setlists", params={"p": page}, headers=SETLISTFM
        )
        if response.status_code == 404:
            return seen
        seen |= {s["id"] for s in response.json()["setlist"]}
        page += 1


@pytest.mark.parametrize("key", ["hollow-pines", "juniper-vale", "ghost-tropic"])
async def test_truth_can_be_rebuilt_from_the_apis(sim_factory: SimFactory, key: str) -> None:
    async with sim_factory(**UNLIMITED) as sim:
        attraction = (await sim.artists())[key]["tmAttractionId"]
        truth = (await sim.client.get(f"/_sim/truth/{attraction}")).json()
        spotify_id, mbid = await tm_identity(sim, attraction)
        assert (spotify_id, mbid) == (truth["artist"]["spotifyId"], truth["artist"]["mbid"])
        assert await tm_events(sim, attraction) == set(truth["events"])
        assert await setlist_ids(sim, mbid) == set(truth["setlists"])

        tracks = await spotify_tracks(sim, spotify_id)
        await musicbrainz_recordings(sim, tracks)
        expected = {t["id"]: t for t in truth["tracks"]}
        assert set(tracks) == set(expected)
        for track_id, track in tracks.items():
            want = expected[track_id]
            assert (track["album_id"], track["isrc"], track["recording_id"]) == (
                want["album_id"],
                want["isrc"],
                want["recording_id"],
            ), want["name"]
            assert ("remix" in track["name"].lower()) == want["is_remix"]

        # Live flags are the one thing taken from the truth; everything else comes from the responses.
        songs: defaultdict[str, list[str]] = defaultdict(list)
        for track_id, track in tracks.items():
            if not expected[track_id]["is_live"]:
                songs[track["recording_id"] or f"isrc:{track['isrc']}"].append(track_id)
        rebuilt = {frozenset(group) for group in songs.values() if len(group) > 1}
        assert rebuilt == {frozenset(group) for group in truth["duplicate_groups"]}
        assert len(songs) == truth["studio_song_count"]
