"""The catalog's artists: each one exists to exercise a different part of an import."""

from __future__ import annotations

from theset.simulator.model import ArtistSpec

ROSTER: tuple[ArtistSpec, ...] = (
    # A newcomer: one EP and a few singles; MusicBrainz does not know the newest single yet.
    ArtistSpec(
        key="juniper-vale", name="Juniper Vale", profile="sparse", kind="Person", genre="Folk", country="US",
        debut_year=2023, studio_albums=0, tracks_per_album=(5, 6), singles=4, eps=1, live_albums=0,
        archive_releases=0, compilations=0, remix_albums=0, appears_on=1, deluxe_every=0, remasters=0,
        events=3, setlists=6, tm_links=("spotify", "musicbrainz"), newest_single_in_musicbrainz=False,
    ),
    # A mid-size band that carries every hand-made trap (see releases.py).
    ArtistSpec(
        key="hollow-pines", name="The Hollow Pines", profile="mid", kind="Group", genre="Rock", country="GB",
        debut_year=2006, studio_albums=6, tracks_per_album=(10, 13), singles=10, eps=2, live_albums=4,
        archive_releases=0, compilations=2, remix_albums=0, appears_on=2, deluxe_every=2, remasters=2,
        events=48, setlists=80, tm_links=("spotify", "musicbrainz"), traps=True,
    ),
    # No external links on Ticketmaster: the app has to find her on Spotify and MusicBrainz by name.
    ArtistSpec(
        key="mara-lune", name="Mara Lune", profile="mid-unlinked", kind="Person", genre="Pop", country="US",
        debut_year=2015, studio_albums=4, tracks_per_album=(11, 14), singles=14, eps=2, live_albums=1,
        archive_releases=0, compilations=1, remix_albums=1, appears_on=3, deluxe_every=2, remasters=0,
        events=35, setlists=40, tm_links=(),
    ),
    # A jam band with a huge archival live series: >= 1,000 releases and >= 10,000 tracks, mostly live.
    ArtistSpec(
        key="velvet-meridian", name="Velvet Meridian", profile="prolific", kind="Group", genre="Rock",
        country="US", debut_year=1989, studio_albums=24, tracks_per_album=(9, 13), singles=40, eps=4,
        live_albums=8, archive_releases=960, compilations=6, remix_albums=1, appears_on=2, deluxe_every=3,
        remasters=6, events=60, setlists=320, tm_links=("spotify", "musicbrainz"),
    ),
    # A touring production with more upcoming events than one Ticketmaster query can page through.
    ArtistSpec(
        key="candleglass-orchestra", name="Candleglass Orchestra", profile="touring", kind="Group",
        genre="Classical", country="GB", debut_year=2016, studio_albums=3, tracks_per_album=(10, 12), singles=3,
        eps=0, live_albums=1, archive_releases=0, compilations=0, remix_albums=0, appears_on=0, deluxe_every=0,
        remasters=0, events=1320, setlists=25, tm_links=("spotify", "musicbrainz"), shows_per_day=3,
    ),
    # Only a MusicBrainz link on Ticketmaster: Spotify is reached through MusicBrainz url-rels.
    ArtistSpec(
        key="ghost-tropic", name="Ghost Tropic", profile="mid-mb-only", kind="Group", genre="Electronic",
        country="SE", debut_year=2012, studio_albums=4, tracks_per_album=(9, 12), singles=12, eps=3,
        live_albums=1, archive_releases=0, compilations=1, remix_albums=2, appears_on=2, deluxe_every=0,
        remasters=0, events=22, setlists=30, tm_links=("musicbrainz",),
    ),
    # A legacy artist: coarse 1960s release dates, many remasters and compilations, no upcoming events.
    ArtistSpec(
        key="ruth-calloway", name="Ruth Calloway", profile="legacy", kind="Person", genre="Blues", country="US",
        debut_year=1962, studio_albums=9, tracks_per_album=(10, 12), singles=8, eps=0, live_albums=2,
        archive_releases=0, compilations=4, remix_albums=0, appears_on=1, deluxe_every=4, remasters=5,
        events=0, setlists=15, tm_links=("spotify",),
    ),
)

BY_KEY = {spec.key: spec for spec in ROSTER}
