"""Merge duplicate tracks of one artist's catalog into songs. Pure functions, no I/O.

Two tracks are candidates only when their duplicate keys are equal: `titles.title_key` (folded base title plus
live, remix and version markers; remaster, deluxe, edit, mono/stereo, year and featured-artist tags stripped),
plus a marker for tracks from a MusicBrainz Remix/DJ-mix release group whose title does not say so. Within one
key, two tracks are linked when

1. they share a (normalised) ISRC: album, deluxe, compilation and regional copies of one recording. The
   equal key is the secondary match the ISRC needs, so one ISRC wrongly given to two recordings with different
   titles (a remix, another movement) never merges; or
2. they come from two different releases that MusicBrainz files in one release group of an original
   studio album (no secondary type): an edition of that album, a reissue under another title ("Album 25",
   "… (Legacy Edition)"), whatever the lengths (a restored ending) and ISRCs (new ones MusicBrainz never
   heard of). One release group is one album, so one base title on it is one song; a bonus track with no
   original has no key to share and stays its own song. A release that holds two different songs of one
   key (two "Intro"s on one album) cannot say which one a reissue's copy is, so it gets no rule-2 links; or
3. either title is an explicit edit (radio edit, single/album version, extended version) and the shorter is at
   least 40 % of the longer: the marker itself says it is that song, cut or extended; or
4. either title carries edition noise (remaster, mono, deluxe, "Taylor's Version", studio marker…), which
   explains a new ISRC, both albums share a base title ("Night Moves" and "Night Moves (2011 Remaster)") and
   the lengths are within 10 s — or, when a title says remaster(ed), the lengths are within 3 s whatever the
   albums are called (an anniversary reissue "Album 25", a remaster on a compilation); or
5. neither title explains a new ISRC, at least one ISRC is unknown, and the lengths are within 2 s.

Rules 2 to 5 also need the same credited artists when both tracks list them.
Two unexplained titles with two different ISRCs never link unless one release group holds both: "Intro" on
two albums is two songs (the signature-match pitfall, WrzDJ#550); two tracks of one release never link by
rule 2 either. Groups are the connected components of these links (rule 2's added last, once rules 1 and
3 to 5 show which releases hold two songs of one key), so the result does not depend on input order, and
merging the representatives again links nothing (a link between two representatives would have joined
their groups), which makes `merge_duplicates` idempotent — save one corner of rule 2: a release that held
two songs of a key, one of which another release now represents.

The representative is the original studio version: album before single before compilation (then anything
else), then the earliest release date, then a title without remaster/edit/feat. qualifiers, then the lowest
Spotify id.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from theset.catalog.classify import Verdict, classify_catalog
from theset.catalog.text import fold_words
from theset.catalog.titles import Kind, ParsedTitle, display_title, is_remix_title, parse_title, title_key
from theset.catalog.types import (
    TrackInfo,
    is_original_studio_group,
    is_remix_release,
    normalise_isrc,
    release_date_bounds,
    unique_by_id,
)

UNKNOWN_ISRC_TOLERANCE_MS = 2_000
SAME_LINEAGE_TOLERANCE_MS = 10_000
REMASTER_TOLERANCE_MS = 3_000
_REMASTER = re.compile(r"\bremaster", re.IGNORECASE)
EDIT_MIN_RATIO = 0.4
_ALBUM_TYPE_RANK = {"album": 0, "single": 1, "compilation": 2}
_NOISE = frozenset({Kind.EDITION, Kind.EDIT, Kind.FEATURE, Kind.STUDIO})
_EXPLAINS_NEW_ISRC = frozenset({Kind.EDITION, Kind.STUDIO})


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


def duplicate_key(track: TrackInfo, *, ignore_live: bool = False) -> str:
    key = title_key(track.name, ignore_live=ignore_live)
    if is_remix_release(track.album) and not is_remix_title(track.name):
        return key + " [remix release]"
    return key


def _has_noise(track: TrackInfo) -> bool:
    return any(piece.kind in _NOISE for piece in parse_title(track.name).pieces)


def _same_lineage(a: TrackInfo, b: TrackInfo) -> bool:
    return fold_words(parse_title(a.album.name).base) == fold_words(parse_title(b.album.name).base)


def _says_remaster(title: ParsedTitle) -> bool:
    return any(_REMASTER.search(piece.text) for piece in title.pieces if piece.kind is Kind.EDITION)


def same_studio_release_group(a: TrackInfo, b: TrackInfo) -> bool:
    """Two releases of one original studio album: MusicBrainz files both under its release group."""
    return (
        a.album.spotify_id != b.album.spotify_id
        and a.album.mb_release_group_id == b.album.mb_release_group_id
        and is_original_studio_group(a.album)
        and is_original_studio_group(b.album)
    )


def _other_artists(a: TrackInfo, b: TrackInfo) -> bool:
    return bool(a.artist_names and b.artist_names and set(a.artist_names) != set(b.artist_names))


def _group_linked(a: TrackInfo, b: TrackInfo) -> bool:
    """Rule 2 alone, for two tracks rules 1 and 3 to 5 have already kept apart."""
    return not _other_artists(a, b) and same_studio_release_group(a, b)


def linked(a: TrackInfo, b: TrackInfo, *, by_release_group: bool = True) -> bool:
    """Rules 1 to 5 of the module docstring, for two tracks already known to share a duplicate key;
    `by_release_group=False` leaves rule 2 out (the merge's first pass: rule 2 joins last)."""
    isrc_a, isrc_b = normalise_isrc(a.isrc), normalise_isrc(b.isrc)
    if isrc_a is not None and isrc_a == isrc_b:
        return True
    if _other_artists(a, b):
        return False
    if by_release_group and same_studio_release_group(a, b):
        return True
    title_a, title_b = parse_title(a.name), parse_title(b.name)
    if title_a.has(Kind.EDIT) or title_b.has(Kind.EDIT):
        shorter, longer = sorted((a.duration_ms, b.duration_ms))
        return shorter >= EDIT_MIN_RATIO * longer
    delta = abs(a.duration_ms - b.duration_ms)
    if any(p.kind in _EXPLAINS_NEW_ISRC for p in (*title_a.pieces, *title_b.pieces)):
        if _same_lineage(a, b) and delta <= SAME_LINEAGE_TOLERANCE_MS:
            return True
        # A remaster is the same song whatever the reissue is called ("Album 25", a compilation).
        return (_says_remaster(title_a) or _says_remaster(title_b)) and delta <= REMASTER_TOLERANCE_MS
    return (isrc_a is None or isrc_b is None) and delta <= UNKNOWN_ISRC_TOLERANCE_MS


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

    def join(link: Callable[[TrackInfo, TrackInfo], bool], skip: Collection[str] = ()) -> None:
        for i in range(len(tracks)):
            for j in range(i + 1, len(tracks)):
                a, b = tracks[i], tracks[j]
                if find(i) == find(j) or a.album.spotify_id in skip or b.album.spotify_id in skip:
                    continue
                if link(a, b):
                    parent[max(find(i), find(j))] = min(find(i), find(j))

    join(partial(linked, by_release_group=False))
    # Rule 2 last, and not for a release that still holds two songs of this key (two different "Intro"s):
    # its group cannot say which one a reissue's copy is.
    songs_on: dict[str, set[int]] = defaultdict(set)
    for i, track in enumerate(tracks):
        songs_on[track.album.spotify_id].add(find(i))
    join(_group_linked, skip={release for release, roots in songs_on.items() if len(roots) > 1})
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
        is_remix=is_remix_title(representative.name) or is_remix_release(representative.album),
    )


def _catalog_order(song: MergedSong) -> tuple[str, str, int, int, str]:
    rep = song.representative
    start = release_date_bounds(rep.album.release_date)[0]
    return (start, rep.album.spotify_id, rep.disc_number, rep.track_number, rep.spotify_id)


def merge_duplicates(tracks: Iterable[TrackInfo], relabelled: Collection[str] = ()) -> list[MergedSong]:
    """Merge duplicates into songs, in catalog order (release date, album, disc, track number, id).

    Every distinct input Spotify id ends up in exactly one `MergedSong.member_ids`; an id given twice counts
    once. Live tracks are not filtered here: filter with `classify_catalog` first, or use `studio_catalog`.
    `relabelled` ids are "- Live" titles found to be studio recordings: their live markers leave the key.
    """
    buckets: dict[str, list[TrackInfo]] = defaultdict(list)
    for track in unique_by_id(tracks):
        buckets[duplicate_key(track, ignore_live=track.spotify_id in relabelled)].append(track)
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
    relabelled = {tid for tid, v in verdicts.items() if v.reasons[0] == "isrc:studio-recording-copy"}
    return StudioCatalog(songs=tuple(merge_duplicates(studio, relabelled)), live=live, verdicts=verdicts)
