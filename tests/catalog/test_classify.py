"""Live classification per track, per album and per catalog, following the documented decision order."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.catalog.test_titles import EDITION_SUFFIXES, LIVE_TITLES, STUDIO_TITLES
from theset.catalog.classify import classify_album, classify_catalog, classify_track
from theset.catalog.types import AlbumInfo, TrackInfo

STUDIO = AlbumInfo("alb-studio", "Night Moves", "album", "1990-05-01", 10)


def album(name: str = "Night Moves", spotify_id: str = "alb", **kw: object) -> AlbumInfo:
    fields: dict[str, object] = {"album_type": "album", "release_date": "1990-05-01", "total_tracks": 10} | kw
    return AlbumInfo(spotify_id, name, **fields)  # type: ignore[arg-type]


def track(name: str, alb: AlbumInfo = STUDIO, n: int = 1, **kw: object) -> TrackInfo:
    fields: dict[str, object] = {"duration_ms": 200_000, "track_number": n} | kw
    return TrackInfo(f"{alb.spotify_id}-{kw.get('disc_number', 1)}-{n}", name, album=alb, **fields)  # type: ignore[arg-type]


def tracks_on(alb: AlbumInfo, names: list[str], **kw: object) -> list[TrackInfo]:
    return [track(name, alb, n, **kw) for n, name in enumerate(names, start=1)]


@pytest.mark.parametrize("title", LIVE_TITLES)
def test_live_titled_track_is_live_on_a_studio_album(title: str) -> None:
    verdict = classify_track(track(title))
    assert verdict.is_live
    assert verdict.reasons[0] == "title:live-marker"


@pytest.mark.parametrize("title", STUDIO_TITLES)
def test_studio_titled_track_is_studio_on_a_studio_album(title: str) -> None:
    assert not classify_track(track(title)).is_live


def test_mb_recording_evidence_comes_first() -> None:
    assert classify_track(track("Song", mb_is_live_performance=True)).reasons[0] == "mb:recording-live"
    for note in [
        "live",
        "live, 1998-12-14: Telewest Arena, Newcastle, UK",
        "live at Glastonbury",
        "BBC session",
    ]:
        verdict = classify_track(track("Song", mb_recording_disambiguation=note))
        assert verdict.is_live and verdict.reasons[0] == "mb:disambiguation-live", note
    for note in ["album version", "2011 remaster", "live and let die soundtrack", "demo"]:
        assert not classify_track(track("Song", mb_recording_disambiguation=note)).is_live, note


def test_live_title_wins_over_mb_not_live() -> None:
    # "Shake Your Booty - Live" on the studio ISRC: dropped; the real studio track carries the same ISRC.
    verdict = classify_track(track("Shake Your Booty - Live", mb_is_live_performance=False))
    assert verdict.is_live


def test_live_album_signals() -> None:
    mb_live = album("Some Night", mb_primary_type="Album", mb_secondary_types=("Live",))
    assert classify_track(track("Song", mb_live)).reasons == ("album:mb-live",)
    combo = album(
        "Hits", album_type="compilation", mb_primary_type="Album", mb_secondary_types=("Compilation", "Live")
    )
    assert classify_track(track("Song", combo)).is_live
    titled = album("Live at Leeds")
    assert classify_track(track("Song", titled)).reasons == ("album:live-title",)
    assert classify_album(titled, []).is_live
    assert not classify_album(album("Live Through This"), []).is_live


def test_studio_bonus_on_live_album_is_kept() -> None:
    live = album("Some Night", mb_primary_type="Album", mb_secondary_types=("Live",))
    assert not classify_track(track("New Song (Studio Version)", live)).is_live
    assert not classify_track(track("New Song - Studio", live)).is_live
    assert not classify_track(track("New Song", live, mb_is_live_performance=False)).is_live


def test_mb_studio_release_group_overrules_title_heuristics_but_not_mb_live() -> None:
    studio_mb = album("Live at Leeds", mb_primary_type="Album")
    verdict = classify_album(studio_mb, [])
    assert not verdict.is_live and verdict.mb_says_studio
    assert "album:heuristics-overruled-by-mb" in verdict.reasons


def test_live_majority_album_keeps_its_bare_titles() -> None:
    alb = album("Some Night")
    names = ["Intro - Live", "Song A - Live", "Song B - Live", "New Song", "Song C - Live", "Song D - Live"]
    tracks = tracks_on(alb, names)
    verdict = classify_album(alb, tracks)
    assert verdict.is_live and verdict.reasons == ("album:live-majority",)
    verdicts = [classify_track(t, tracks) for t in tracks]
    assert [v.is_live for v in verdicts] == [True, True, True, False, True, True]
    assert verdicts[3].reasons == ("album:unmarked-among-live-titled",)


def test_studio_bonus_on_a_live_titled_live_album() -> None:
    # The simulator's "Live at <venue>" album: every live take says so, the studio bonus track does not.
    live = album("Live at the Forum", mb_primary_type="Album", mb_secondary_types=("Live",))
    tracks = tracks_on(live, [f"Song {i} (Live at the Forum)" for i in range(8)] + ["Brand New Song"])
    assert classify_track(tracks[-1], tracks).reasons == ("album:unmarked-among-live-titled",)
    # Liveness is track-level evidence and still wins.
    loud = replace(tracks[-1], liveness=0.93)
    assert classify_track(loud, [*tracks[:-1], loud]).reasons == ("liveness:high",)


def test_live_album_with_bare_titles_is_all_live() -> None:
    live = album("Some Night", mb_primary_type="Album", mb_secondary_types=("Live",))
    tracks = tracks_on(live, [f"Song {i}" for i in range(8)])
    assert all(classify_track(t, tracks).reasons == ("album:mb-live",) for t in tracks)


def test_deluxe_with_live_bonus_tracks_keeps_studio_tracks() -> None:
    deluxe = album("Night Moves (Deluxe Edition)")
    studio = [f"Studio {i}" for i in range(4)]
    bonus = [f"Studio {i} - Live at {city}" for city in ("Wembley", "Paris") for i in range(4)]
    tracks = tracks_on(deluxe, [*studio, *bonus, "B-Side", "Studio 1 - Demo"])
    verdicts = [classify_track(t, tracks) for t in tracks]
    assert [v.is_live for v in verdicts] == [False] * 4 + [True] * 8 + [False, False]


def test_two_disc_deluxe_second_disc_concert() -> None:
    deluxe = album("Night Moves (Super Deluxe)")
    disc1 = tracks_on(deluxe, ["A", "B", "C", "D"], disc_number=1)
    disc2 = tracks_on(deluxe, ["Intro - Live", "A - Live", "B - Live", "C - Live"], disc_number=2)
    tracks = disc1 + disc2
    verdict = classify_album(deluxe, tracks)
    assert not verdict.is_live and verdict.live_discs == (2,)
    assert not any(classify_track(t, tracks).is_live for t in disc1)
    assert all(classify_track(t, tracks).is_live for t in disc2)


def test_single_with_live_b_sides_keeps_a_side() -> None:
    single = album("Song", album_type="single", total_tracks=4)
    tracks = tracks_on(single, ["Song", "B - Live", "C - Live", "D - Live"])
    assert not classify_track(tracks[0], tracks).is_live


def test_liveness() -> None:
    assert classify_track(track("Song", liveness=0.95)).reasons == ("liveness:high",)
    assert not classify_track(track("Song", liveness=0.8)).is_live
    assert not classify_track(track("Song (Studio Version)", liveness=0.95)).is_live
    assert not classify_track(track("Song", liveness=0.95, mb_is_live_performance=False)).is_live
    mb_studio = album(mb_primary_type="Album")
    assert classify_track(track("Song", mb_studio, liveness=0.95)).reasons == ("liveness:overruled-by-mb",)


def test_album_mean_liveness_flips_quiet_tracks() -> None:
    alb = album("Some Night")
    tracks = [track(f"S{i}", alb, i, liveness=0.93) for i in range(1, 5)] + [
        track("Ballad", alb, 5, liveness=0.4)
    ]
    verdict = classify_album(alb, tracks)
    assert verdict.is_live and verdict.mean_liveness is not None
    assert classify_track(tracks[-1], tracks).reasons == ("album:liveness-mean",)
    # Too few known values: no album verdict from liveness.
    assert not classify_album(alb, tracks[:2]).is_live


def test_remix_flag() -> None:
    verdict = classify_track(track("Song - X Remix"))
    assert verdict.is_remix and not verdict.is_live and "title:remix-marker" in verdict.reasons
    remix_album = album("Remixed", mb_primary_type="Album", mb_secondary_types=("Remix",))
    assert classify_track(track("Song", remix_album)).is_remix
    assert not classify_track(track("Song - Radio Edit")).is_remix


def _version(studio: TrackInfo, alb: AlbumInfo, suffix: str, isrc_prefix: str, extra_ms: int) -> TrackInfo:
    n, ms = studio.track_number, studio.duration_ms + extra_ms
    return track(studio.name + suffix, alb, n, isrc=f"{isrc_prefix}{n:07d}", duration_ms=ms)


MB_STUDIO = replace(STUDIO, mb_primary_type="Album")


def _catalog(studio_album: AlbumInfo = MB_STUDIO) -> list[TrackInfo]:
    songs = ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
    studio = [
        track(name, studio_album, i, isrc=f"USA{i:07d}", duration_ms=200_000 + 9_000 * i)
        for i, name in enumerate(songs, 1)
    ]
    live_album = album("A Night in the City", "alb-night", release_date="2001")
    hits = album("Greatest Hits", "alb-hits", album_type="compilation", release_date="2005")
    remaster = album("Night Moves (2011 Remaster)", "alb-rem", release_date="2011-09-01")
    rerecorded = album("Alpha Again", "alb-tv", release_date="2021")
    return [
        *studio,
        *(_version(s, live_album, "", "GBLIV", 40_000) for s in studio),  # no live word anywhere
        *(replace(s, spotify_id=f"hits-{s.track_number}", album=hits) for s in studio),  # same ISRCs
        *(_version(s, remaster, " - 2011 Remaster", "GBREM", 1_500) for s in studio),
        *(_version(s, rerecorded, " (Taylor's Version)", "USTV", 30_000) for s in studio),
    ]


def test_catalog_detects_live_album_without_any_live_word() -> None:
    verdicts = classify_catalog(_catalog())
    live_ids = {tid for tid, v in verdicts.items() if v.is_live}
    assert live_ids == {f"alb-night-1-{i}" for i in range(1, 6)}
    assert verdicts["alb-night-1-1"].reasons == ("album:rerecords-known-songs",)


def test_mislabelled_live_copy_of_a_studio_recording_is_studio_and_merges() -> None:
    from theset.catalog.dedupe import studio_catalog

    original = track("Shake Your Booty", STUDIO, 1, isrc="GBAYE7600024", duration_ms=185_000)
    hits = album("Greatest Hits", "alb-hits", album_type="compilation", release_date="2005")
    lie = track("Shake Your Booty - Live", hits, 1, isrc="gbaye7600024", duration_ms=185_400)
    real_live = track("Shake Your Booty - Live", hits, 2, isrc="USLIVE00001", duration_ms=240_000)
    verdicts = classify_catalog([original, lie, real_live])
    assert verdicts[lie.spotify_id] == classify_catalog([lie, original])[lie.spotify_id]
    assert verdicts[lie.spotify_id].reasons == ("isrc:studio-recording-copy",)
    assert verdicts[real_live.spotify_id].is_live
    [song] = studio_catalog([original, lie, real_live]).songs
    assert song.member_ids == tuple(sorted([original.spotify_id, lie.spotify_id]))
    assert song.representative == original


def test_catalog_rerecord_signal_needs_musicbrainz_studio_albums() -> None:
    # Without MusicBrainz an undetected live album dated earlier would make a studio album look re-recorded.
    assert not any(v.is_live for v in classify_catalog(_catalog(STUDIO)).values())


def test_catalog_rerecord_signal_yields_to_mb_studio() -> None:
    tracks = [
        replace(t, album=replace(t.album, mb_primary_type="Album"))
        if t.album.spotify_id == "alb-night"
        else t
        for t in _catalog()
    ]
    assert not any(v.is_live for v in classify_catalog(tracks).values())


@given(st.permutations(_catalog()))
def test_catalog_verdicts_do_not_depend_on_order(tracks: list[TrackInfo]) -> None:
    assert classify_catalog(tracks) == classify_catalog(_catalog())


titles = st.sampled_from(STUDIO_TITLES + LIVE_TITLES + ["Song - X Remix", "Song - Acoustic"])


@given(titles, st.sampled_from(EDITION_SUFFIXES), st.lists(titles, max_size=6))
def test_remaster_suffix_does_not_change_the_verdict(title: str, suffix: str, others: list[str]) -> None:
    context = tracks_on(album("Night Moves"), others)
    plain = track(title, album("Night Moves"), 99)
    marked = replace(plain, name=title + suffix)
    assert classify_track(plain, context).is_live == classify_track(marked, context).is_live
