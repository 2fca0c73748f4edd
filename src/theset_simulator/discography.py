"""Building blocks for one artist's discography: Spotify albums and tracks, and the MusicBrainz release
groups and recordings behind them. `releases.py` composes them into albums, deluxe editions, live albums..."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from theset_simulator import ids, names
from theset_simulator.model import Album, AlbumGroup, ArtistSpec, Recording, ReleaseGroup, Track, Version
from theset_simulator.places import Venue

VARIOUS_ARTISTS_ID = "0LyfQWJT6nXafLPZqxe9Of"  # Spotify's real "Various Artists" id

# Every live-track title convention seen on Spotify, including none at all (archival live albums).
LIVE_TITLE_FORMATS = (
    "{s} - Live",
    "{s} (Live)",
    "{s} [Live]",
    "{s} - Live at {venue}",
    "{s} - Live at {venue}, {city}, {cc} - {month} {year}",
    "{s} (Live at {venue})",
    "{s} - Live From {venue} / {year}",
    "{s} - Live In {city}",
    "{s} - Recorded Live at {venue}",
    "{s} - Live / Remastered {remaster_year}",
    "{s} (Live Version)",
    "{s} - Unplugged",
    "{s} - Acoustic / Live",
    "{s} (In Concert)",
    "{s} - Live {year}",
    "{s}",
)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    spotify_id: str
    tm_id: str
    mbid: str


def build_people(seed: int) -> dict[str, Person]:
    """Guests, remixers and filler artists shared by every artist's catalog, keyed by Spotify id."""
    rng = ids.rng_for(seed, "people")
    people = {}
    for name in (*names.GUESTS, *names.FILLER_ARTISTS):
        person = Person(name, ids.spotify_id(rng), ids.tm_attraction_id(rng), ids.mbid(rng))
        people[person.spotify_id] = person
    return people


class Builder:
    """Creates records and keeps the cross-links (recording <-> release groups, ISRCs) consistent."""

    def __init__(
        self,
        spec: ArtistSpec,
        seed: int,
        artist_id: str,
        people: dict[str, Person],
        today: date,
        venues: list[Venue],
    ) -> None:
        self.spec = spec
        self.rng = ids.rng_for(seed, spec.key, "discography")
        self.artist_id = artist_id
        self.guests = [p for p in people.values() if p.name in names.GUESTS]
        self.fillers = [p for p in people.values() if p.name in names.FILLER_ARTISTS]
        self.today = today
        self.venues = venues
        self.registrant = ids.isrc_registrant(self.rng)
        self.label = self.rng.choice(names.LABELS)
        self.albums: list[Album] = []
        self.groups: list[ReleaseGroup] = []
        self.recordings: list[Recording] = []
        self.song_titles: set[str] = set()
        self.album_titles: set[str] = set()
        self.studio: list[tuple[Album, list[Track]]] = []  # studio albums with their first-issue tracks
        self.originals: list[Track] = []  # first issue of every studio song, in release order
        self.remastered: list[Track] = []
        self._live_formats: list[str] = []
        self.trap_titles = list(names.LIVE_SOUNDING_STUDIO_TITLES)
        self.rng.shuffle(self.trap_titles)
        self._isrc_next: dict[int, int] = defaultdict(lambda: self.rng.randint(100, 60000))

    # --- primitive records ------------------------------------------------------------------------
    def new_isrc(self, year: int) -> str:
        # A per-year counter keeps ISRCs unique inside one registrant, as real labels assign them.
        self._isrc_next[year] += 1
        return f"{self.registrant}{year % 100:02d}{self._isrc_next[year] % 100000:05d}"

    def release_group(
        self, title: str, primary: str, day: date, secondary: tuple[str, ...] = ()
    ) -> ReleaseGroup:
        group = ReleaseGroup(ids.mbid(self.rng), title, primary, list(secondary), day.isoformat())
        self.groups.append(group)
        return group

    def album(
        self,
        name: str,
        album_type: str,
        group: AlbumGroup,
        day: date,
        rg: ReleaseGroup | None,
        artists: tuple[str, ...] | None = None,
    ) -> Album:
        precision = "day"
        release_date = day.isoformat()
        if day.year < 1975:  # old catalogs carry coarse dates ("1968", "1971-03")
            precision, release_date = (
                ("year", str(day.year)) if day.month % 2 else ("month", release_date[:7])
            )
        album = Album(
            id=ids.spotify_id(self.rng),
            name=name,
            album_type=album_type,  # type: ignore[arg-type]
            group=group,
            release_date=release_date,
            precision=precision,  # type: ignore[arg-type]
            artist_ids=artists or (self.artist_id,),
            label=self.label,
            upc=f"{self.rng.randint(10**11, 10**12 - 1)}",
            popularity=self.rng.randint(5, 70),
            release_group_id=rg.id if rg else "",
        )
        self.albums.append(album)
        return album

    def recording(
        self,
        title: str,
        year: int,
        length_ms: int,
        live: bool = False,
        disambiguation: str = "",
        isrc: str | None = None,
    ) -> Recording:
        rec = Recording(
            ids.mbid(self.rng), title, length_ms, [isrc or self.new_isrc(year)], live, disambiguation
        )
        self.recordings.append(rec)
        return rec

    def add(
        self,
        album: Album,
        name: str,
        rec: Recording,
        version: Version,
        *,
        isrc: str | None = None,
        duration_ms: int | None = None,
        artists: tuple[str, ...] | None = None,
        disc: int = 1,
    ) -> Track:
        on_disc = sum(1 for t in album.tracks if t.disc_number == disc)
        track = Track(
            id=ids.spotify_id(self.rng),
            album_id=album.id,
            name=name,
            isrc=isrc or rec.isrcs[0],
            recording=rec,
            version=version,
            duration_ms=duration_ms or rec.length_ms,
            track_number=on_disc + 1,
            disc_number=disc,
            artist_ids=artists or (self.artist_id,),
            explicit=self.rng.random() < 0.08,
            popularity=self.rng.randint(0, 80),
            liveness=self.rng.uniform(0.55, 0.98) if rec.is_live else self.rng.uniform(0.03, 0.35),
        )
        album.tracks.append(track)
        if album.release_group_id and album.release_group_id not in rec.release_group_ids:
            rec.release_group_ids.append(album.release_group_id)
            if not rec.first_release_date or album.release_date < rec.first_release_date:
                rec.first_release_date = album.release_date
        return track

    # --- helpers used by the release builders -----------------------------------------------------
    def song_name(self, allow_trap: bool = True) -> str:
        if allow_trap and self.trap_titles and self.rng.random() < (0.12 if self.spec.traps else 0.03):
            title = self.trap_titles.pop()
            if title.lower() not in self.song_titles:
                self.song_titles.add(title.lower())
                return title
        return names.unique(self.rng, names.song_title, self.song_titles)

    def next_live_format(self) -> str:
        # Cycle through every marked convention so each artist with a few live releases shows them all.
        if not self._live_formats:
            self._live_formats = list(LIVE_TITLE_FORMATS[:-1])
            self.rng.shuffle(self._live_formats)
        return self._live_formats.pop()

    def version_recording(self, song: Recording, kind: str, year: int, length_ms: int) -> Recording:
        """A remix, acoustic take or demo: its own recording, titled or disambiguated the MusicBrainz way."""
        if kind.endswith("remix"):
            return self.recording(f"{song.title} ({kind})", year, length_ms)
        return self.recording(song.title, year, length_ms, disambiguation=kind)

    def album_name(self) -> str:
        return names.unique(self.rng, names.album_title, self.album_titles)

    def studio_length(self) -> int:
        return self.rng.randint(150_000, 330_000)

    def featuring(self) -> Person | None:
        if self.spec.kind == "Person" and self.rng.random() < 0.12:
            return self.rng.choice(self.guests)
        return None

    def live_recording(self, song: Track, venue: Venue, day: date) -> Recording:
        base = song.recording.title
        # By convention most live takes carry "live, YYYY-MM-DD: Venue, City"; some only a work relation.
        disambiguation = ""
        if self.rng.random() < 0.75:
            disambiguation = (
                f"live, {day.isoformat()}: {venue.name}, {venue.city.name}, {venue.city.country_code}"
            )
        length = song.recording.length_ms + self.rng.randint(5_000, 90_000)
        return self.recording(base, day.year, length, live=True, disambiguation=disambiguation)

    def live_title(self, fmt: str, song: Track, venue: Venue, day: date) -> str:
        return fmt.format(
            s=song.recording.title,
            venue=venue.name,
            city=venue.city.name,
            cc=venue.city.country_code,
            month=names.MONTHS[day.month - 1],
            year=day.year,
            remaster_year=min(day.year + self.rng.randint(10, 25), self.today.year),
        )

    def pick_songs(self, count: int, rng: random.Random | None = None) -> list[Track]:
        pool = [t for t in self.originals if t.recording.title != "Intro"]
        return (rng or self.rng).sample(pool, min(count, len(pool)))

    def day_in(self, year: int) -> date:
        return date(year, 1, 1) + timedelta(days=self.rng.randint(0, 364))
