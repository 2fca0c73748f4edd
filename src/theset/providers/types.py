"""Typed results of the provider clients. Plain frozen dataclasses: no DB, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

# --- Ticketmaster ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TmAttraction:
    id: str
    name: str
    url: str | None = None  # website URL; carries the *website* artist number, not the Discovery id
    image_url: str | None = None
    spotify_id: str | None = None
    mbid: str | None = None
    homepage_url: str | None = None
    genre: str | None = None  # None for Ticketmaster's "Undefined"/"Other" placeholders


@dataclass(frozen=True)
class TmVenue:
    id: str
    name: str | None = None
    city: str | None = None
    state: str | None = None
    state_code: str | None = None
    country: str | None = None
    country_code: str | None = None
    address: str | None = None
    postal_code: str | None = None
    timezone: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    url: str | None = None


@dataclass(frozen=True)
class TmEvent:
    id: str
    name: str
    url: str | None = None
    image_url: str | None = None
    local_date: date | None = None
    local_time: time | None = None
    date_time: datetime | None = None  # UTC; absent when the time is TBA / noSpecificTime
    timezone: str | None = None  # the event's, else its venue's
    status: str = "onsale"  # onsale/offsale/cancelled/postponed/rescheduled (unknown codes kept, lowercased)
    date_tba: bool = False
    date_tbd: bool = False
    time_tba: bool = False
    no_specific_time: bool = False
    public_sale_start: datetime | None = None  # None for the 1900-01-01 placeholder
    venue: TmVenue | None = None
    attraction_ids: tuple[str, ...] = ()

    @property
    def tba(self) -> bool:
        return self.date_tba or self.time_tba

    @property
    def tbd(self) -> bool:
        return self.date_tbd


# --- Spotify --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SpotifyArtist:
    id: str
    name: str
    genres: tuple[str, ...] = ()
    image_url: str | None = None
    url: str | None = None
    followers: int | None = None  # removed in development mode
    popularity: int | None = None  # optional everywhere: never rely on it


@dataclass(frozen=True)
class SpotifyTrack:
    id: str
    name: str
    duration_ms: int | None = None
    track_number: int | None = None
    disc_number: int | None = None
    explicit: bool = False
    artist_ids: tuple[str, ...] = ()
    artist_names: tuple[str, ...] = ()
    album_id: str | None = None
    isrc: str | None = None  # only on full tracks (GET /tracks)
    popularity: int | None = None
    preview_url: str | None = None
    is_local: bool = False


@dataclass(frozen=True)
class SpotifyAlbum:
    id: str
    name: str
    album_type: str | None = None  # album/single/compilation (there is no "live")
    album_group: str | None = None  # extended profile only
    release_date: str | None = None  # "1981", "1981-12" or "1981-12-14"
    release_date_precision: str | None = None
    total_tracks: int | None = None
    image_url: str | None = None
    artist_ids: tuple[str, ...] = ()
    artist_names: tuple[str, ...] = ()
    upc: str | None = None
    label: str | None = None
    tracks: tuple[SpotifyTrack, ...] = ()  # simplified; filled by get_albums_with_tracks


# --- setlist.fm -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SetlistArtistRef:
    name: str | None
    mbid: str | None = None


@dataclass(frozen=True)
class SetlistSong:
    name: str
    tape: bool = False  # played from tape, not performed live
    cover: SetlistArtistRef | None = None  # the original artist when this is a cover
    with_artist: SetlistArtistRef | None = None  # a guest
    info: str | None = None

    @property
    def is_cover(self) -> bool:
        return self.cover is not None


@dataclass(frozen=True)
class SetlistSet:
    songs: tuple[SetlistSong, ...]
    name: str | None = None
    encore: int = 0  # 0 = main set, 1, 2, … encores


@dataclass(frozen=True)
class SetlistVenue:
    id: str | None
    name: str | None = None
    city: str | None = None
    city_id: str | None = None
    state: str | None = None
    state_code: str | None = None
    country: str | None = None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Setlist:
    id: str
    event_date: date | None
    artist_mbid: str | None = None
    artist_name: str | None = None
    version_id: str | None = None
    last_updated: datetime | None = None
    venue: SetlistVenue | None = None
    tour: str | None = None
    info: str | None = None
    url: str | None = None
    sets: tuple[SetlistSet, ...] = ()

    @property
    def songs(self) -> list[SetlistSong]:
        """Every song in play order, sets then encores."""
        return [song for s in self.sets for song in s.songs]

    @property
    def performed_songs(self) -> list[SetlistSong]:
        return [song for song in self.songs if not song.tape]


# --- MusicBrainz ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MbArtist:
    id: str
    name: str
    sort_name: str | None = None
    disambiguation: str | None = None
    type: str | None = None
    country: str | None = None
    score: int | None = None


@dataclass(frozen=True)
class MbArtistLinks:
    mbid: str
    name: str | None = None
    spotify_ids: tuple[str, ...] = ()
    ticketmaster_urls: tuple[str, ...] = ()  # website URLs (…/artist/<number>), not Discovery ids
    urls: tuple[tuple[str, str], ...] = ()  # every (relation type, url)

    @property
    def spotify_id(self) -> str | None:
        """The Spotify id only when exactly one distinct id is linked (several = ambiguous)."""
        return self.spotify_ids[0] if len(self.spotify_ids) == 1 else None


@dataclass(frozen=True)
class MbReleaseGroup:
    id: str
    title: str
    primary_type: str | None = None
    secondary_types: tuple[str, ...] = ()
    first_release_date: str | None = None

    @property
    def is_live(self) -> bool:
        return "live" in {t.lower() for t in self.secondary_types}


@dataclass(frozen=True)
class MbRecording:
    id: str
    title: str
    length_ms: int | None = None
    disambiguation: str | None = None
    video: bool = False
    first_release_date: str | None = None
    release_groups: tuple[MbReleaseGroup, ...] = field(
        default_factory=tuple
    )  # with inc=releases+release-groups
    # From the "performance" work relationship's `live` attribute (inc=work-rels); None when not asked.
    live_performance: bool | None = None

    @property
    def disambiguation_says_live(self) -> bool:
        """MusicBrainz convention: "live", "live, 1998-12-14: Telewest Arena, …"."""
        text = (self.disambiguation or "").strip().lower()
        return text == "live" or text.startswith("live,") or text.startswith("live ")


@dataclass(frozen=True)
class MbRelease:
    """A release from the artist's release browse (inc=recordings+isrcs+release-groups)."""

    id: str
    title: str
    release_group: MbReleaseGroup | None = None
    # (recording, its ISRCs) for every track MusicBrainz lists on the release
    recordings: tuple[tuple[MbRecording, tuple[str, ...]], ...] = ()
