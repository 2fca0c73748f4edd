"""The deterministic catalog: artists are generated lazily (one at a time, cached) and indexed by every id."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from theset_simulator.artists import Identity, generate_artist, identity
from theset_simulator.discography import VARIOUS_ARTISTS_ID, build_people
from theset_simulator.model import Album, ArtistData, Event, Recording, ReleaseGroup, Track
from theset_simulator.places import build_venues
from theset_simulator.roster import ROSTER


@dataclass
class Index:
    """Lookups across every artist; built once, on the first lookup by an id that does not name its artist."""

    albums: dict[str, Album] = field(default_factory=dict)
    album_owner: dict[str, str] = field(default_factory=dict)
    tracks: dict[str, Track] = field(default_factory=dict)
    recordings: dict[str, Recording] = field(default_factory=dict)
    recording_owner: dict[str, str] = field(default_factory=dict)
    release_groups: dict[str, tuple[ReleaseGroup, str]] = field(default_factory=dict)
    group_albums: dict[str, list[Album]] = field(default_factory=lambda: defaultdict(list))
    isrc: dict[str, list[Recording]] = field(default_factory=lambda: defaultdict(list))
    events: dict[str, tuple[Event, str]] = field(default_factory=dict)
    setlists: dict[str, dict[str, Any]] = field(default_factory=dict)


class Catalog:
    def __init__(self, seed: int, today: date) -> None:
        self.seed = seed
        self.today = today
        self.venues = build_venues(seed)
        self.people = build_people(seed)
        self.identities: dict[str, Identity] = {spec.key: identity(seed, spec) for spec in ROSTER}
        self.specs = {spec.key: spec for spec in ROSTER}
        self._by_tm = {ident.tm_id: key for key, ident in self.identities.items()}
        self._by_spotify = {ident.spotify_id: key for key, ident in self.identities.items()}
        self._by_mbid = {ident.mbid: key for key, ident in self.identities.items()}
        self._artists: dict[str, ArtistData] = {}
        self._index: Index | None = None
        # Memo for derived, read-only views (rendered venues, sorted album lists): the catalog never changes.
        self.memo: dict[tuple[str, ...], Any] = {}

    # --- artists ----------------------------------------------------------------------------------
    def artist(self, key: str) -> ArtistData:
        data = self._artists.get(key)
        if data is None:
            openers = tuple(self.identities[s.key].tm_id for s in ROSTER if s.opens_for == key)
            data = generate_artist(
                self.specs[key],
                self.seed,
                self.today,
                self.identities[key],
                self.venues,
                self.people,
                openers,
            )
            self._artists[key] = data
        return data

    def key_by_tm(self, tm_id: str) -> str | None:
        return self._by_tm.get(tm_id)

    def key_by_spotify(self, spotify_id: str) -> str | None:
        return self._by_spotify.get(spotify_id)

    def key_by_mbid(self, mbid: str) -> str | None:
        return self._by_mbid.get(mbid)

    def billed_events(self, key: str) -> list[tuple[Event, str]]:
        """Every event the artist plays, with its headliner's key: its own, then those where it is the
        support act of the headliner it opens for."""
        own = [(event, key) for event in self.artist(key).events]
        headliner = self.specs[key].opens_for
        if headliner is None:
            return own
        tm_id = self.identities[key].tm_id
        return own + [(e, headliner) for e in self.artist(headliner).events if tm_id in e.attractions]

    def all_artists(self) -> list[ArtistData]:
        return [self.artist(spec.key) for spec in ROSTER]

    def spotify_name(self, spotify_id: str) -> str:
        if spotify_id == VARIOUS_ARTISTS_ID:
            return "Various Artists"
        key = self._by_spotify.get(spotify_id)
        if key:
            return self.specs[key].name
        person = self.people.get(spotify_id)
        return person.name if person else "Unknown Artist"

    # --- global index -----------------------------------------------------------------------------
    @property
    def index(self) -> Index:
        if self._index is None:
            self._index = self._build_index()
        return self._index

    def _build_index(self) -> Index:
        index = Index()
        for data in self.all_artists():
            key = data.spec.key
            for album in data.albums:
                index.albums[album.id] = album
                index.album_owner[album.id] = key
                if album.release_group_id:
                    index.group_albums[album.release_group_id].append(album)
                for track in album.tracks:
                    index.tracks[track.id] = track
            for rec in data.recordings:
                if not rec.in_musicbrainz:
                    continue
                index.recordings[rec.id] = rec
                index.recording_owner[rec.id] = key
                for code in rec.isrcs:
                    index.isrc[code].append(rec)
            for group in data.release_groups:
                if group.in_musicbrainz:
                    index.release_groups[group.id] = (group, key)
            for event in data.events:
                index.events[event.id] = (event, key)
            for setlist in data.setlists:
                index.setlists[setlist["id"]] = setlist
        return index
