"""Merge duplicate tracks of one artist's catalog into songs. Pure functions, no I/O.

Two tracks are candidates only when their duplicate keys are equal: `titles.title_key` (folded base title plus
live, remix and version markers; remaster, deluxe, edit, mono/stereo, year and featured-artist tags stripped),
plus a marker for tracks from a MusicBrainz Remix/DJ-mix release group whose title does not say so. Within one
key, two tracks are linked when

1. they share a (normalised) ISRC: album, deluxe, compilation and regional copies of one recording. The
   equal key is the secondary match the ISRC needs, so one ISRC wrongly given to two recordings with different
   titles (a remix, another movement) never merges; or
2. their durations are near-equal: within 5 s for two plain titles, within 10 s when either title carries
   edition noise (remaster, mono, deluxe, feat. …), because remasters and alternate mixes get new ISRCs and
   slightly different fades; or
3. either title is an explicit edit (radio edit, single/album version, extended version) and the shorter is at
   least 40 % of the longer: the marker itself says it is that song, cut or extended.

Otherwise two tracks with different ISRCs and clearly different lengths stay apart (the signature-match
pitfall: "Intro" on two albums). Groups are the connected components of these links, so the result does not
depend on input order, and merging the representatives again links nothing (a link between two
representatives would have joined their groups), which makes `merge_duplicates` idempotent.

The representative is the original studio version: album before single before compilation (then anything
else), then the earliest release date, then a title without remaster/edit/feat. qualifiers, then the lowest
Spotify id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from theset.imports.catalog_types import TrackInfo, normalise_isrc, release_date_bounds
from theset.imports.classify import Verdict, classify_catalog, unique_by_id
from theset.imports.titles import Kind, display_title, is_remix_title, parse_title, title_key

PLAIN_TOLERANCE_MS = 5_000
EDITION_TOLERANCE_MS = 10_000
EDIT_MIN_RATIO = 0.4
_ALBUM_TYPE_RANK = {"album": 0, "single": 1, "compilation": 2}
_NOISE = frozenset({Kind.EDITION, Kind.EDIT, Kind.FEATURE, Kind.STUDIO})


@dataclass(frozen=True, slots=True)
class MergedSong:
    representative: TrackInfo  # the original studio version
    member_ids: tuple[str, ...]  # every Spotify track id merged here, representative included, sorted
    isrcs: tuple[str, ...]  # every normalised ISRC seen in the group, sorted
    title_key: str
    title: str  # representative title without edition noise ("Song - 2011 Remaster" → "Song")
    is_remix: bool

    @property
    def spotify_id(self) -> str:
        return self.representative.spotify_id


def _remix_album(track: TrackInfo) -> bool:
    return bool({t.casefold() for t in track.album.mb_secondary_types} & {"remix", "dj-mix"})


def duplicate_key(track: TrackInfo) -> str:
    key = title_key(track.name)
    return key + " [remix release]" if _remix_album(track) and not is_remix_title(track.name) else key


def _has_noise(track: TrackInfo) -> bool:
    return any(piece.kind in _NOISE for piece in parse_title(track.name).pieces)


def linked(a: TrackInfo, b: TrackInfo) -> bool:
    """Rules 1 to 3 of the module docstring for two tracks already known to share a duplicate key."""
    isrc_a, isrc_b = normalise_isrc(a.isrc), normalise_isrc(b.isrc)
    if isrc_a is not None and isrc_a == isrc_b:
        return True
    if parse_title(a.name).has(Kind.EDIT) or parse_title(b.name).has(Kind.EDIT):
        shorter, longer = sorted((a.duration_ms, b.duration_ms))
        return shorter >= EDIT_MIN_RATIO * longer
    tolerance = EDITION_TOLERANCE_MS if _has_noise(a) or _has_noise(b) else PLAIN_TOLERANCE_MS
    return abs(a.duration_ms - b.duration_ms) <= tolerance


def preference(track: TrackInfo) -> tuple[int, str, int, str]:
    """Sort key of the representative: lowest wins."""
    return (
        _ALBUM_TYPE_RANK.get(track.album.album_type.casefold(), 3),
        release_date_bounds(track.album.release_date)[0],
        int(_has_noise(track)),
        track.spotify_id,
    )


def _components(tracks: Sequence[TrackInfo]) -> list[list[TrackInfo]]:
    parent = list(range(len(tracks)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(tracks)):
        for j in range(i + 1, len(tracks)):
            if find(i) != find(j) and linked(tracks[i], tracks[j]):
                parent[max(find(i), find(j))] = min(find(i), find(j))
    groups: dict[int, list[TrackInfo]] = defaultdict(list)
    for i, track in enumerate(tracks):
        groups[find(i)].append(track)
    return list(groups.values())


def _merged(key: str, members: Sequence[TrackInfo]) -> MergedSong:
    representative = min(members, key=preference)
    isrcs = {isrc for isrc in (normalise_isrc(t.isrc) for t in members) if isrc is not None}
    return MergedSong(
        representative=representative,
        member_ids=tuple(sorted(t.spotify_id for t in members)),
        isrcs=tuple(sorted(isrcs)),
        title_key=key,
        title=display_title(representative.name),
        is_remix=is_remix_title(representative.name) or _remix_album(representative),
    )


def _catalog_order(song: MergedSong) -> tuple[str, str, int, int, str]:
    rep = song.representative
    start = release_date_bounds(rep.album.release_date)[0]
    return (start, rep.album.spotify_id, rep.disc_number, rep.track_number, rep.spotify_id)


def merge_duplicates(tracks: Iterable[TrackInfo]) -> list[MergedSong]:
    """Merge duplicates into songs, in catalog order (release date, album, disc, track number, id).

    Every distinct input Spotify id ends up in exactly one `MergedSong.member_ids`. A track id given twice
    counts once. Live tracks are not filtered here: filter with `classify_catalog` first, or use
    `studio_catalog`.
    """
    buckets: dict[str, list[TrackInfo]] = defaultdict(list)
    for track in unique_by_id(tracks):
        buckets[duplicate_key(track)].append(track)
    songs = [_merged(key, group) for key, bucket in buckets.items() for group in _components(bucket)]
    return sorted(songs, key=_catalog_order)


@dataclass(frozen=True, slots=True)
class StudioCatalog:
    songs: tuple[MergedSong, ...]  # what goes into `songs`
    live: tuple[TrackInfo, ...]  # dropped as live, sorted by Spotify id
    verdicts: Mapping[str, Verdict]  # every input track id → its verdict


def studio_catalog(tracks: Iterable[TrackInfo]) -> StudioCatalog:
    """The whole step: classify every track with its album and catalog context, drop live ones, merge."""
    unique = unique_by_id(tracks)
    verdicts = classify_catalog(unique)
    studio = [t for t in unique if not verdicts[t.spotify_id].is_live]
    live = tuple(t for t in unique if verdicts[t.spotify_id].is_live)
    return StudioCatalog(songs=tuple(merge_duplicates(studio)), live=live, verdicts=verdicts)
