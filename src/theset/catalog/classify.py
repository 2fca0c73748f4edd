"""Decide, per track, whether a Spotify track is a live recording. Pure functions, no I/O.

Decision order for one track (the first rule that fires wins; `Verdict.reasons` names it):

1. MusicBrainz recording evidence says live: the "recording of" relationship has the `live` attribute
   (`mb:recording-live`) or the disambiguation follows the "live, 1998-12-14: Venue" convention
   (`mb:disambiguation-live`). Recording-level data describes this exact recording, so it beats everything.
2. The title carries a live marker in a qualifier (`title:live-marker`, see `titles`). Exception, in
   `classify_catalog` only: a live-titled track with the same ISRC and the same length (±1 s) as a track
   judged studio, and the same base title, is that studio recording mislabelled ("Shake Your Booty - Live"
   on the studio ISRC, beatify#2357): studio (`isrc:studio-recording-copy`), merged into that song by
   `dedupe`.
3. The title carries an explicit studio marker, "Studio Version", "(Studio)" (`title:studio-marker`): studio.
4. MusicBrainz links the recording to its work without the `live` attribute (`mb:recording-not-live`): studio.
   Recording-level evidence beats album context and liveness.
5. The album is live from a *strong* signal: MusicBrainz secondary type Live (`album:mb-live`); a live album
   title (`album:live-title`); mean liveness > 0.6 over most of its tracks, at least 3
   (`album:liveness-mean`; studio albums average far lower); or, in `classify_catalog` only, most tracks are
   new recordings of songs released earlier on albums MusicBrainz confirms as studio
   (`album:rerecords-known-songs`). When the MusicBrainz release group is known and not Live
   (`mb_says_studio`) only the MusicBrainz signal counts: title, liveness and re-recording heuristics are
   overruled (`album:heuristics-overruled-by-mb`). The track is then live (the album reasons), except when
   most tracks on its disc are live-titled (≥ 60 %, at least 3, album_type not 'single') while it is not: a
   live album that labels its live takes and leaves one title bare is telling us that one is the studio
   bonus track (`album:unmarked-among-live-titled`); it goes on to rule 6.
6. Spotify liveness > 0.8 (`liveness:high`), unless the MusicBrainz release group is known and not Live
   (`liveness:overruled-by-mb`). Rules 3 and 4 have already kept tracks with a contrary title or recording.
7. Otherwise studio (`default:studio`, or `album:unmarked-among-live-titled` from rule 5).

A mostly live-titled album without a strong signal is reported live by `classify_album`
(`album:live-majority`) but does not make its bare titles live: there the bare title is the studio bonus too.

`is_remix` is independent: a remix marker in the title (`title:remix-marker`) or a MusicBrainz Remix/DJ-mix
release group (`album:mb-remix`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from theset.catalog.text import fold_case
from theset.catalog.titles import (
    has_studio_marker,
    is_live_album_title,
    is_live_piece,
    is_live_title,
    is_remix_title,
    parse_title,
    title_key,
)
from theset.catalog.types import (
    AlbumInfo,
    TrackInfo,
    is_remix_release,
    normalise_isrc,
    release_date_bounds,
    unique_by_id,
)

__all__ = [
    "AlbumVerdict",
    "Verdict",
    "classify_album",
    "classify_catalog",
    "classify_track",
]

LIVENESS_THRESHOLD = 0.8
ALBUM_LIVENESS_THRESHOLD = 0.6
COPY_TOLERANCE_MS = 1_000
MAJORITY_SHARE = 0.6
MAJORITY_MIN_TRACKS = 3
RERECORD_SHARE = 0.6
RERECORD_MIN_TRACKS = 3
SAME_RECORDING_TOLERANCE_MS = 10_000
_LIVE_DISAMBIGUATION = re.compile(r"live\s*(?:$|[,:;(\-]|\d)")
_STRONG_ALBUM_REASONS = frozenset(
    {"album:mb-live", "album:live-title", "album:liveness-mean", "album:rerecords-known-songs"}
)


@dataclass(frozen=True, slots=True)
class Verdict:
    is_live: bool
    is_remix: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AlbumVerdict:
    is_live: bool  # strong signals, or every disc mostly live-titled
    reasons: tuple[str, ...]
    live_title_share: float  # over the whole album
    mean_liveness: float | None  # None unless most tracks have a liveness value (at least 3)
    mb_says_studio: bool  # MusicBrainz release group known and not Live
    live_discs: tuple[int, ...] = ()  # discs where most tracks are live-titled


def _mb_types(album: AlbumInfo) -> tuple[str | None, set[str]]:
    primary = album.mb_primary_type.casefold() if album.mb_primary_type else None
    return primary, {t.casefold() for t in album.mb_secondary_types}


def _with_track(track: TrackInfo, album_tracks: Sequence[TrackInfo]) -> list[TrackInfo]:
    same = [t for t in album_tracks if t.album.spotify_id == track.album.spotify_id]
    return same if any(t.spotify_id == track.spotify_id for t in same) else [*same, track]


def _mean_liveness(tracks: Sequence[TrackInfo]) -> float | None:
    known = [t.liveness for t in tracks if t.liveness is not None]
    if len(known) < 3 or 2 * len(known) < len(tracks):
        return None
    return sum(known) / len(known)


def _live_discs(album: AlbumInfo, tracks: Sequence[TrackInfo]) -> tuple[int, ...]:
    if album.album_type.casefold() == "single":
        return ()
    discs: dict[int, list[TrackInfo]] = defaultdict(list)
    for track in tracks:
        discs[track.disc_number].append(track)
    live = []
    for disc, disc_tracks in sorted(discs.items()):
        marked = sum(is_live_title(t.name) for t in disc_tracks)
        if marked >= MAJORITY_MIN_TRACKS and marked >= MAJORITY_SHARE * len(disc_tracks):
            live.append(disc)
    return tuple(live)


def _mb_says_studio(album: AlbumInfo) -> bool:
    primary, secondary = _mb_types(album)
    return primary in {"album", "single", "ep"} and "live" not in secondary


def _album_verdict(album: AlbumInfo, tracks: Sequence[TrackInfo], rerecords: bool) -> AlbumVerdict:
    _, secondary = _mb_types(album)
    mb_says_studio = _mb_says_studio(album)
    mean = _mean_liveness(tracks)
    heuristics = [
        reason
        for reason, fired in (
            ("album:live-title", is_live_album_title(album.name)),
            ("album:liveness-mean", mean is not None and mean > ALBUM_LIVENESS_THRESHOLD),
            ("album:rerecords-known-songs", rerecords),
        )
        if fired
    ]
    reasons = ["album:mb-live"] if "live" in secondary else []
    if heuristics and mb_says_studio:
        reasons.append("album:heuristics-overruled-by-mb")
    elif heuristics:
        reasons.extend(heuristics)
    live_discs = _live_discs(album, tracks)
    every_disc_live = bool(live_discs) and set(live_discs) >= {t.disc_number for t in tracks}
    if every_disc_live:
        reasons.append("album:live-majority")
    return AlbumVerdict(
        is_live=_is_strong(reasons) or every_disc_live,
        reasons=tuple(reasons),
        live_title_share=sum(is_live_title(t.name) for t in tracks) / len(tracks) if tracks else 0.0,
        mean_liveness=mean,
        mb_says_studio=mb_says_studio,
        live_discs=live_discs,
    )


def _is_strong(reasons: Iterable[str]) -> bool:
    return not _STRONG_ALBUM_REASONS.isdisjoint(reasons)


def classify_album(album: AlbumInfo, tracks: Sequence[TrackInfo]) -> AlbumVerdict:
    """Is this a live album? Uses MusicBrainz types, the title, live-titled share per disc, mean liveness."""
    return _album_verdict(album, [t for t in tracks if t.album.spotify_id == album.spotify_id], False)


def _disambiguation_is_live(text: str | None) -> bool:
    """MusicBrainz convention: "live", "live, 1998-12-14: Telewest Arena…", "live at …", "BBC session"."""
    if not text:
        return False
    folded = fold_case(text)
    return bool(_LIVE_DISAMBIGUATION.match(folded)) or is_live_piece(folded.split(",")[0])


def _remix(track: TrackInfo) -> tuple[str, ...]:
    reasons = ("title:remix-marker",) if is_remix_title(track.name) else ()
    return reasons + (("album:mb-remix",) if is_remix_release(track.album) else ())


def _decide(track: TrackInfo, album: AlbumVerdict) -> Verdict:
    remix = _remix(track)

    def verdict(is_live: bool, *reasons: str) -> Verdict:
        return Verdict(is_live=is_live, is_remix=bool(remix), reasons=(*reasons, *remix))

    if track.mb_is_live_performance:
        return verdict(True, "mb:recording-live")
    if _disambiguation_is_live(track.mb_recording_disambiguation):
        return verdict(True, "mb:disambiguation-live")
    if is_live_title(track.name):
        return verdict(True, "title:live-marker")
    if has_studio_marker(track.name):
        return verdict(False, "title:studio-marker")
    if track.mb_is_live_performance is False:
        return verdict(False, "mb:recording-not-live")
    bare_bonus = track.disc_number in album.live_discs
    if _is_strong(album.reasons) and not bare_bonus:
        return verdict(True, *album.reasons)
    if track.liveness is not None and track.liveness > LIVENESS_THRESHOLD:
        if album.mb_says_studio:
            return verdict(False, "liveness:overruled-by-mb")
        return verdict(True, "liveness:high")
    return verdict(False, "album:unmarked-among-live-titled" if bare_bonus else "default:studio")


def classify_track(track: TrackInfo, album_tracks: Sequence[TrackInfo] = ()) -> Verdict:
    """Verdict for one track; `album_tracks` (the other tracks of its album, if known) give album context."""
    tracks = _with_track(track, album_tracks)
    return _decide(track, _album_verdict(track.album, tracks, False))


def _rerecording_albums(tracks: Sequence[TrackInfo]) -> set[str]:
    """Albums whose tracks are mostly new recordings (new ISRC, different length) of earlier-released songs.

    The earlier songs must be on albums MusicBrainz confirms as studio releases, so the signal serves the
    usual partial coverage (studio albums known, a bootleg or archive release not) and stays silent without
    MusicBrainz, where undetected live albums would make studio albums look like re-recordings. Only plain
    titles count (no qualifier except a featured artist), so marked re-recordings ("Taylor's Version", "2020
    Version"), remasters and edits never do; a copy (same ISRC, or within 10 s) on any earlier studio album
    makes the track a reissue, not a new recording.
    """
    by_key: dict[str, list[TrackInfo]] = defaultdict(list)
    albums: dict[str, list[TrackInfo]] = defaultdict(list)
    for track in tracks:
        albums[track.album.spotify_id].append(track)
        if parse_title(track.name).is_plain and _mb_says_studio(track.album):
            by_key[title_key(track.name)].append(track)
    flagged = set()
    for album_id, album_tracks in albums.items():
        start = release_date_bounds(album_tracks[0].album.release_date)[0]
        distinct = 0
        for track in album_tracks:
            if not parse_title(track.name).is_plain:
                continue
            earlier = [
                other
                for other in by_key.get(title_key(track.name), ())
                if other.album.spotify_id != album_id
                and release_date_bounds(other.album.release_date)[1] < start
            ]
            if earlier and not any(_same_recording(track, other) for other in earlier):
                distinct += 1
        if distinct >= RERECORD_MIN_TRACKS and distinct >= RERECORD_SHARE * len(album_tracks):
            flagged.add(album_id)
    return flagged


def _same_recording(a: TrackInfo, b: TrackInfo) -> bool:
    isrc_a, isrc_b = normalise_isrc(a.isrc), normalise_isrc(b.isrc)
    if isrc_a is not None and isrc_a == isrc_b:
        return True
    return abs(a.duration_ms - b.duration_ms) <= SAME_RECORDING_TOLERANCE_MS


def _studio_copies(tracks: Sequence[TrackInfo], verdicts: Mapping[str, Verdict]) -> set[str]:
    """Live-titled tracks that are a studio track's recording: same ISRC, same length, same base title."""
    studio_by_isrc: dict[str, list[TrackInfo]] = defaultdict(list)
    for track in tracks:
        isrc = normalise_isrc(track.isrc)
        if isrc is not None and not verdicts[track.spotify_id].is_live:
            studio_by_isrc[isrc].append(track)
    copies = set()
    for track in tracks:
        isrc = normalise_isrc(track.isrc)
        if isrc is None or verdicts[track.spotify_id].reasons[0] != "title:live-marker":
            continue
        base = title_key(track.name, ignore_live=True)
        if any(
            abs(twin.duration_ms - track.duration_ms) <= COPY_TOLERANCE_MS
            and title_key(twin.name, ignore_live=True) == base
            for twin in studio_by_isrc.get(isrc, ())
        ):
            copies.add(track.spotify_id)
    return copies


def classify_catalog(tracks: Iterable[TrackInfo]) -> Mapping[str, Verdict]:
    """Verdicts for a whole artist catalog, keyed by Spotify track id; the entry point for the import.

    Adds what one album cannot show: the re-recording signal and mislabelled "- Live" copies of studio
    recordings. Independent of input order.
    """
    unique = unique_by_id(tracks)
    rerecords = _rerecording_albums(unique)
    albums: dict[str, list[TrackInfo]] = defaultdict(list)
    for track in unique:
        albums[track.album.spotify_id].append(track)
    verdicts: dict[str, Verdict] = {}
    for album_id, album_tracks in sorted(albums.items()):
        album = min((t.album for t in album_tracks), key=repr)
        album_verdict = _album_verdict(album, album_tracks, album_id in rerecords)
        for track in album_tracks:
            verdicts[track.spotify_id] = _decide(track, album_verdict)
    for spotify_id in _studio_copies(unique, verdicts):
        remix = verdicts[spotify_id].reasons[1:]
        verdicts[spotify_id] = Verdict(False, bool(remix), ("isrc:studio-recording-copy", *remix))
    return verdicts
