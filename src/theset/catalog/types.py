"""Plain, provider-neutral records the catalog import classifies and merges.

They hold only what `classify` and `dedupe` read. Fields that one Spotify access profile lacks are optional:
`popularity` is missing in the 2026 development profile, and `liveness` exists only for grandfathered
extended-quota apps. The MusicBrainz fields are `None` or empty when MusicBrainz had nothing to say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


@dataclass(frozen=True, slots=True)
class AlbumInfo:
    spotify_id: str
    name: str
    album_type: str  # 'album' | 'single' | 'compilation' (Spotify has no 'live' type)
    release_date: str  # 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'
    total_tracks: int
    mb_primary_type: str | None = None  # MusicBrainz release-group primary type, if known
    mb_secondary_types: tuple[str, ...] = ()  # e.g. ('Live',), ('Compilation',), ('Remix',)
    # The MusicBrainz release group this release belongs to, if known: a reissue ("Album 25", "… (Legacy
    # Edition)") sits in the original album's group, whatever it is called.
    mb_release_group_id: str | None = None


@dataclass(frozen=True, slots=True)
class TrackInfo:
    spotify_id: str
    name: str
    duration_ms: int
    album: AlbumInfo
    isrc: str | None = None
    track_number: int = 1
    disc_number: int = 1
    popularity: int | None = None  # absent in Spotify's development profile
    liveness: float | None = None  # only with audio features (extended profile)
    mb_recording_disambiguation: str | None = None  # e.g. 'live, 1998-12-14: Telewest Arena…'
    mb_is_live_performance: bool | None = None  # recording-of work relationship with the 'live' attribute
    artist_names: tuple[str, ...] = ()


_REMIX_RELEASE_TYPES = frozenset({"remix", "dj-mix"})


def is_remix_release(album: AlbumInfo) -> bool:
    """MusicBrainz files the album's release group as a Remix or DJ-mix release."""
    return bool({t.casefold() for t in album.mb_secondary_types} & _REMIX_RELEASE_TYPES)


def is_original_studio_group(album: AlbumInfo) -> bool:
    """MusicBrainz files the release under a plain studio album (or EP) group: no Live, Compilation,
    Remix or other secondary type."""
    primary = album.mb_primary_type.casefold() if album.mb_primary_type else None
    plain = primary in {"album", "ep"} and not album.mb_secondary_types
    return album.mb_release_group_id is not None and plain


def unique_by_id(tracks: Iterable[TrackInfo]) -> list[TrackInfo]:
    """One track per Spotify id (a deterministic pick when copies differ), sorted by id."""
    chosen: dict[str, TrackInfo] = {}
    for track in tracks:
        held = chosen.get(track.spotify_id)
        if held is None or repr(track) < repr(held):
            chosen[track.spotify_id] = track
    return [chosen[key] for key in sorted(chosen)]


def release_date_bounds(release_date: str) -> tuple[str, str]:
    """The earliest and latest day a Spotify release date can stand for, as sortable 'YYYY-MM-DD' strings.

    '1985' spans 1985-01-01..1985-12-31 and '1985-06' spans 1985-06-01..1985-06-31 (31 is fine for
    ordering). An unparseable date spans everything, so it is never "definitely earlier" than anything.
    """
    match = _DATE.match(release_date.strip())
    if match is None:
        return "0000-01-01", "9999-12-31"
    year, month, day = match.groups()
    low_month, high_month = (f"{int(month):02d}",) * 2 if month else ("01", "12")
    low_day, high_day = (f"{int(day):02d}",) * 2 if day else ("01", "31")
    return f"{year}-{low_month}-{low_day}", f"{year}-{high_month}-{high_day}"


def normalise_isrc(isrc: str | None) -> str | None:
    """Upper-case ISRC without separators; `None` for a missing or blank one."""
    if isrc is None:
        return None
    cleaned = re.sub(r"[\s\-]", "", isrc).upper()
    return cleaned or None
