"""Identity resolution order and evidence, with stand-in providers (pure logic, no upstream)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from theset.imports.context import ImportContext
from theset.imports.phases.identity import resolve_ids
from theset.imports.progress import QuietReporter
from theset.providers.types import MbArtist, MbArtistLinks, SpotifyArtist, TmAttraction

PAGE = "https://www.ticketmaster.com/hollis-grey-tickets/artist/812345"


@dataclass
class FakeMusicBrainz:
    namesakes: list[str]
    ticketing: dict[str, str] = field(default_factory=dict)  # mbid -> Ticketmaster page
    spotify_links: dict[str, str] = field(default_factory=dict)  # spotify id -> mbid
    calls: list[str] = field(default_factory=list)

    async def search_artist(self, name: str) -> list[MbArtist]:
        self.calls.append("search")
        return [MbArtist(id=m, name=name) for m in self.namesakes]

    async def get_artist_url_rels(self, mbid: str) -> MbArtistLinks:
        self.calls.append(f"rels:{mbid}")
        page = self.ticketing.get(mbid)
        spotify = tuple(s for s, m in self.spotify_links.items() if m == mbid)
        return MbArtistLinks(mbid=mbid, spotify_ids=spotify, ticketmaster_urls=(page,) if page else ())

    async def lookup_url(self, resource: str) -> list[MbArtist]:
        self.calls.append("url")
        mbid = self.spotify_links.get(resource.rsplit("/", 1)[-1])
        return [MbArtist(id=mbid, name="x")] if mbid else []


@dataclass
class FakeSpotify:
    found: list[SpotifyArtist]

    async def search_artist(self, name: str) -> list[SpotifyArtist]:
        return self.found


@dataclass
class Providers:
    musicbrainz: Any
    spotify: Any


def ctx(mb: FakeMusicBrainz, spotify: FakeSpotify) -> ImportContext:
    artist_id = uuid.uuid4()
    return ImportContext(artist_id, "run", Providers(mb, spotify), QuietReporter(artist_id))


def attraction(**links: str) -> TmAttraction:
    return TmAttraction(id="K8vX", name="Hollis Grey", url=PAGE, **links)


async def test_namesakes_are_told_apart_by_the_spotify_pages_url_relation() -> None:
    mb = FakeMusicBrainz(["mb-a", "mb-b"], spotify_links={"sp-1": "mb-b"})
    spotify = FakeSpotify([SpotifyArtist(id="sp-1", name="Hollis Grey")])
    assert await resolve_ids(ctx(mb, spotify), attraction()) == ("sp-1", "mb-b", False)
    assert "search" not in mb.calls, "no name search on MusicBrainz when a URL relation answers"


async def test_namesakes_are_told_apart_by_the_ticketmaster_page() -> None:
    mb = FakeMusicBrainz(["mb-a", "mb-b"], ticketing={"mb-a": PAGE}, spotify_links={"sp-9": "mb-a"})
    spotify = FakeSpotify([])
    assert await resolve_ids(ctx(mb, spotify), attraction()) == ("sp-9", "mb-a", False)


async def test_namesakes_without_evidence_stay_ambiguous_never_first_result() -> None:
    mb = FakeMusicBrainz(["mb-a", "mb-b"])
    spotify = FakeSpotify(
        [SpotifyArtist(id="sp-1", name="Hollis Grey"), SpotifyArtist(id="sp-2", name="Hollis Grey")]
    )
    context = ctx(mb, spotify)
    assert await resolve_ids(context, attraction()) == (None, None, True)


async def test_links_first_then_url_relations() -> None:
    mb = FakeMusicBrainz([], spotify_links={"sp-1": "mb-z"})
    spotify = FakeSpotify([])
    assert await resolve_ids(ctx(mb, spotify), attraction(spotify_id="sp-1")) == ("sp-1", "mb-z", False)
    assert mb.calls == ["url"]
    mb2 = FakeMusicBrainz([], spotify_links={"sp-7": "mb-y"})
    assert await resolve_ids(ctx(mb2, spotify), attraction(mbid="mb-y")) == ("sp-7", "mb-y", False)
    assert mb2.calls == ["rels:mb-y"]
