"""MusicBrainz: url relations, release groups, ISRC lookups, 1 req/s and 503 throttling."""

from __future__ import annotations

import time
from typing import Any

from tests.providers.conftest import Sim
from theset.providers.musicbrainz import parse_recording, parse_url_rels


def test_parse_url_rels() -> None:
    raw = {
        "id": "mbid-1",
        "name": "Nirvana",
        "relations": [
            {
                "type": "free streaming",
                "url": {"resource": "https://open.spotify.com/artist/6olE6TJLqED3rqDCT0FyPh"},
            },
            {"type": "streaming", "url": {"resource": "https://music.apple.com/artist/112018"}},
            {
                "type": "free streaming",
                "url": {"resource": "https://open.spotify.com/artist/6olE6TJLqED3rqDCT0FyPh"},
            },
            {
                "type": "ticketing",
                "url": {"resource": "https://www.ticketmaster.com/nirvana-tickets/artist/770238"},
            },
            {"type": "official homepage", "url": {}},
            "junk",
        ],
    }
    links = parse_url_rels("mbid-1", raw)
    assert links.spotify_ids == ("6olE6TJLqED3rqDCT0FyPh",) and links.spotify_id == "6olE6TJLqED3rqDCT0FyPh"
    assert links.ticketmaster_urls == ("https://www.ticketmaster.com/nirvana-tickets/artist/770238",)
    two = parse_url_rels(
        "m",
        {
            "relations": [
                {
                    "type": "free streaming",
                    "url": {"resource": "https://open.spotify.com/artist/6olE6TJLqED3rqDCT0FyPh"},
                },
                {
                    "type": "free streaming",
                    "url": {"resource": "https://open.spotify.com/artist/3WrFJ7ztbogyGnTHbHJFl2"},
                },
            ]
        },
    )
    assert len(two.spotify_ids) == 2 and two.spotify_id is None  # ambiguous: not trusted


def test_parse_recording_live_signals() -> None:
    rec = parse_recording(
        {
            "id": "r1",
            "title": "Alive",
            "length": "300000",
            "disambiguation": "live, 1998-12-14: Telewest Arena",
            "releases": [
                {
                    "release-group": {
                        "id": "g1",
                        "title": "Live!",
                        "primary-type": "Album",
                        "secondary-types": ["Live"],
                    }
                }
            ],
            "relations": [{"type": "performance", "attributes": ["live"]}],
        }
    )
    assert rec is not None and rec.length_ms == 300000
    assert rec.live_performance is True and rec.disambiguation_says_live
    assert rec.release_groups[0].is_live
    plain = parse_recording({"id": "r2", "title": "Alive"})
    assert plain is not None and plain.live_performance is None and not plain.disambiguation_says_live


async def test_against_simulator(sim: Sim, redis_client: Any) -> None:
    artist = sim.artists["hollow-pines"]
    truth = await sim.truth(artist["tmAttractionId"])
    isrc = next(t["isrc"] for t in truth["tracks"] if t.get("isrc"))
    async with sim.providers(redis_client, musicbrainz_rate_limit=2.0) as p:
        started = time.monotonic()
        links = await p.musicbrainz.get_artist_url_rels(artist["mbid"])
        releases = await p.musicbrainz.get_releases(artist["mbid"])
        found = await p.musicbrainz.lookup_url(f"https://open.spotify.com/artist/{artist['spotifyId']}")
        nothing = await p.musicbrainz.lookup_url("https://open.spotify.com/artist/0000000000000000000000")
        recordings = await p.musicbrainz.isrc_recordings(isrc, inc="releases+release-groups")
        unknown = await p.musicbrainz.isrc_recordings("ZZZZZ0000000")
        search = await p.musicbrainz.search_artist(artist["name"])
        elapsed = time.monotonic() - started
        http_stats = p.musicbrainz.http.stats
    assert links.spotify_id == artist["spotifyId"]
    assert any(url.endswith("/artist/" + url.rsplit("/", 1)[-1]) for url in links.ticketmaster_urls)
    groups = {r.release_group.id: r.release_group for r in releases if r.release_group is not None}.values()
    assert len(groups) == truth["counts"]["release_groups"]
    assert any(g.is_live for g in groups)
    assert [a.id for a in found] == [artist["mbid"]] and nothing == []
    assert recordings and all(r.release_groups for r in recordings)
    assert unknown == []
    assert search and search[0].id == artist["mbid"]
    # we asked for 2/s, the simulator allows 1/s: its 503s were retried, nothing failed
    assert http_stats["rate_limited"] >= 1 and http_stats.get("failures", 0) == 0
    assert elapsed >= 0.8 * (http_stats["calls"] - 1) / 2.0


async def test_release_browse_gives_every_recording_with_isrcs_in_a_few_calls(
    sim: Sim, redis_client: Any
) -> None:
    artist = sim.artists["hollow-pines"]
    truth = await sim.truth(artist["tmAttractionId"])
    async with sim.providers(redis_client, musicbrainz_rate_limit=100.0) as p:
        releases = await p.musicbrainz.get_releases(artist["mbid"])
        calls = p.musicbrainz.calls - p.musicbrainz.http.stats["rate_limited"]  # absorbed 429s aside
    known = {t["isrc"] for t in truth["tracks"] if t["recording_id"]}
    browsed = {isrc for r in releases for _, isrcs in r.recordings for isrc in isrcs}
    assert known <= browsed, "every ISRC MusicBrainz knows is reached by the browse"
    assert calls == -(-len(releases) // 100)
    assert all(r.release_group is not None for r in releases)
    # The live b-side: a bare title on a compilation; only its recording says it is live.
    bsides = next(r for r in releases if r.title.startswith("Odds & Ends"))
    assert any((rec.disambiguation or "").startswith("live, ") for rec, _ in bsides.recordings)
