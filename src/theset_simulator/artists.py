"""Generate one artist's world (discography, events, setlists) from seed, reference date and spec."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from theset_simulator import ids, releases
from theset_simulator.discography import Builder, Person
from theset_simulator.events import build_events
from theset_simulator.model import ArtistData, ArtistSpec
from theset_simulator.places import Venue
from theset_simulator.setlists import artist_ref, build_setlists
from theset_simulator.tours import Record, Touring, released_songs


@dataclass(frozen=True, slots=True)
class Identity:
    spotify_id: str
    mbid: str
    tm_id: str
    tm_web_number: int


def identity(seed: int, spec: ArtistSpec) -> Identity:
    rng = ids.rng_for(seed, spec.key, "identity")
    return Identity(
        ids.spotify_id(rng), ids.mbid(rng), ids.tm_attraction_id(rng), rng.randint(700_000, 2_999_999)
    )


def dead_spotify_id(seed: int, spec: ArtistSpec) -> str:
    """The stale Spotify artist id a `dead-spotify` Ticketmaster link points at (Spotify answers 404)."""
    return ids.spotify_id(ids.rng_for(seed, spec.key, "dead-spotify-link"))


def generate_artist(
    spec: ArtistSpec,
    seed: int,
    today: date,
    ident: Identity,
    venues: list[Venue],
    people: dict[str, Person],
    openers: tuple[str, ...] = (),
) -> ArtistData:
    builder = Builder(spec, seed, ident.spotify_id, people, today, venues)
    plan_discography(builder)
    support = [p.tm_id for p in people.values() if p.spotify_id != ident.spotify_id][:4]
    events = build_events(spec, seed, today, venues, ident.tm_id, support, openers)
    ref = artist_ref(spec, ident.mbid, ident.tm_web_number)
    setlists = build_setlists(spec, seed, today, venues, ref, touring(builder, seed))
    rng = ids.rng_for(seed, spec.key, "profile")
    return ArtistData(
        spec=spec,
        spotify_id=ident.spotify_id,
        mbid=ident.mbid,
        tm_id=ident.tm_id,
        tm_web_number=ident.tm_web_number,
        albums=builder.albums,
        release_groups=builder.groups,
        recordings=builder.recordings,
        events=events,
        setlists=setlists,
        genres=[spec.genre.lower(), f"{spec.country.lower()} {spec.genre.lower()}"],
        followers=rng.randint(2_000, 4_000_000),
        popularity=rng.randint(20, 85),
    )


def touring(b: Builder, seed: int) -> Touring:
    """What the artist can play live: its studio songs with their first release and Spotify popularity."""
    days = {album.id: album.day for album in b.albums}
    songs = released_songs([(t.recording.title, days[t.album_id], t.popularity) for t in b.originals])
    records = [
        Record(album.name, album.day, tuple(dict.fromkeys(t.recording.title for t in tracks)))
        for album, tracks in b.studio
    ]
    return Touring(seed, b.spec.key, songs, records, jam=b.spec.setlists > 100)


def plan_discography(b: Builder) -> None:
    spec, last = b.spec, b.today - timedelta(days=30)
    span = max(1, last.year - spec.debut_year)
    for index in range(spec.studio_albums):
        releases.studio_album(
            b, index, b.day_in(spec.debut_year + index * span // max(1, spec.studio_albums))
        )
    for index in range(spec.eps):
        kinds = ("new",) if not b.studio else ("acoustic", "remixes", "new")
        releases.extended_play(b, kinds[index % len(kinds)], _between(b, spec.debut_year, last))
    _singles(b, last)
    for index, (album, tracks) in enumerate(b.studio):
        if spec.deluxe_every and index % spec.deluxe_every == 0:
            releases.deluxe_edition(b, album, tracks, min(last, album.day + timedelta(days=400)))
    for index, (album, tracks) in enumerate(b.studio[: spec.remasters]):
        year = min(last.year, album.day.year + 15 + index)
        releases.remaster(b, album, tracks, year, new_isrcs=index % 2 == 0)
    if spec.anniversary and b.studio:
        album, tracks = b.studio[len(b.studio) // 2]
        releases.anniversary(b, album, tracks, min(last.year, album.day.year + 25))
    first_hits = spec.debut_year + min(span, 6)
    for index in range(spec.compilations):
        releases.compilation(b, index, _between(b, first_hits, last))
    for index in range(spec.live_albums):
        releases.live_album(b, index, _between(b, spec.debut_year + 2, last))
    for index in range(spec.archive_releases):
        releases.archive_release(b, index, _between(b, spec.debut_year, last))
    for index in range(spec.remix_albums):
        releases.remix_album(b, index, _between(b, spec.debut_year + 3, last))
    for index in range(spec.appears_on):
        releases.appears_on(b, index, _between(b, spec.debut_year + 1, last))
    if spec.traps:  # last, so the rest of the catalog is what it was without it
        releases.b_sides(b, _between(b, spec.debut_year + 4, last))
    if spec.reissue_groups and len(b.studio) >= 3:  # last as well, for the same reason
        album, tracks = b.studio[-3]
        releases.legacy_edition(b, album, tracks, min(last.year, album.day.year + 20))
        album, tracks = b.studio[-2]
        releases.re_recorded(b, album, tracks, min(last.year, album.day.year + 15))


def _singles(b: Builder, last: date) -> None:
    leads = min(b.spec.singles, 2 * len(b.studio))
    for index in range(leads):
        album, tracks = b.studio[index // 2]
        song = b.rng.choice([t for t in tracks if t.recording.title != "Intro"])
        day = album.day - timedelta(days=b.rng.randint(20, 120))
        releases.single(b, song, day, misassigned_remix=b.spec.traps and index == 1)
    start = b.spec.debut_year
    for index in range(b.spec.singles - leads):
        # Non-album singles, oldest first; the last one is the newest release of all.
        year = start + (last.year - start) * (index + 1) // max(1, b.spec.singles - leads)
        day = min(last, b.day_in(year))
        if index == b.spec.singles - leads - 1:
            day = last
        releases.single(b, None, day)
    if not b.spec.newest_single_in_musicbrainz:
        _hide_newest_single(b)


def _hide_newest_single(b: Builder) -> None:
    newest = max((a for a in b.albums if a.group == "single"), key=lambda a: a.release_date)
    for group in b.groups:
        if group.id == newest.release_group_id:
            group.in_musicbrainz = False
    for track in newest.tracks:
        track.recording.in_musicbrainz = False


def _between(b: Builder, first_year: int, last: date) -> date:
    first = date(min(first_year, last.year), 1, 1)
    return first + timedelta(days=b.rng.randint(0, max(0, (last - first).days)))
