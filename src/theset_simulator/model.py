"""The simulator's internal catalog records. Renderers turn them into each provider's JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from theset_simulator.places import Venue

Version = Literal["original", "remaster", "remix", "acoustic", "demo", "live"]
AlbumGroup = Literal["album", "single", "compilation", "appears_on"]


@dataclass(frozen=True, slots=True)
class ArtistSpec:
    """How big and how tricky one artist's catalog is."""

    key: str
    name: str
    profile: str
    kind: Literal["Group", "Person"]
    genre: str
    country: str
    debut_year: int
    studio_albums: int
    tracks_per_album: tuple[int, int]
    singles: int
    eps: int
    live_albums: int
    archive_releases: int
    compilations: int
    remix_albums: int
    appears_on: int
    deluxe_every: int  # every Nth studio album gets a deluxe edition (0 = none)
    remasters: int  # how many early albums get a later remaster
    events: int
    setlists: int
    tm_links: tuple[str, ...]  # which externalLinks the Ticketmaster attraction carries
    traps: bool = False  # the hand-made pitfalls (misassigned ISRC, lying "- Live" title, ...)
    newest_single_in_musicbrainz: bool = True  # False: MusicBrainz lags behind the newest release
    shows_per_day: int = 1
    anniversary: bool = False  # an anniversary reissue with new ISRCs unknown to MusicBrainz
    # A reissue whose only link to the original is its MusicBrainz release group, and a re-recorded album
    # in a release group of its own (same titles, other recordings).
    reissue_groups: bool = False
    mb_namesake: bool = False  # MusicBrainz also has another artist of exactly this name (no shared links)
    opens_for: str | None = None  # roster key of the headliner it supports on part of its tour


@dataclass(slots=True)
class Recording:
    """A MusicBrainz recording: copies and remasters of a studio take share it; each live take has its own."""

    id: str
    title: str
    length_ms: int
    isrcs: list[str]
    is_live: bool
    disambiguation: str = ""
    in_musicbrainz: bool = True
    first_release_date: str = ""
    release_group_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Track:
    id: str
    album_id: str
    name: str
    isrc: str
    recording: Recording
    version: Version
    duration_ms: int
    track_number: int
    disc_number: int
    artist_ids: tuple[str, ...]
    explicit: bool
    popularity: int
    liveness: float

    @property
    def is_live(self) -> bool:
        return self.recording.is_live

    @property
    def is_remix(self) -> bool:
        return self.version == "remix"


@dataclass(slots=True)
class Album:
    id: str
    name: str
    album_type: Literal["album", "single", "compilation"]
    group: AlbumGroup
    release_date: str
    precision: Literal["year", "month", "day"]
    artist_ids: tuple[str, ...]
    label: str
    upc: str
    popularity: int
    release_group_id: str
    tracks: list[Track] = field(default_factory=list)

    @property
    def day(self) -> date:
        """The release date as a date, padding coarse precisions ("1968" -> 1968-01-01)."""
        parts = [int(part) for part in self.release_date.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])


@dataclass(slots=True)
class ReleaseGroup:
    id: str
    title: str
    primary_type: str
    secondary_types: list[str]
    first_release_date: str
    in_musicbrainz: bool = True


@dataclass(slots=True)
class Event:
    id: str
    name: str
    venue: Venue
    local_date: date | None
    local_time: str | None
    utc: datetime | None
    status: str
    date_tba: bool = False
    date_tbd: bool = False
    time_tba: bool = False
    has_timezone: bool = True
    sales_placeholder: bool = False
    attractions: tuple[str, ...] = ()  # attraction ids; empty means the `_embedded.attractions` key is absent
    web_id: str | None = None
    initial_start_date: date | None = None


@dataclass(slots=True)
class ArtistData:
    spec: ArtistSpec
    spotify_id: str
    mbid: str
    tm_id: str
    tm_web_number: int
    albums: list[Album]
    release_groups: list[ReleaseGroup]
    recordings: list[Recording]
    events: list[Event]
    setlists: list[dict[str, Any]]
    genres: list[str]
    followers: int
    popularity: int

    @property
    def own_albums(self) -> list[Album]:
        return [album for album in self.albums if album.group != "appears_on"]
