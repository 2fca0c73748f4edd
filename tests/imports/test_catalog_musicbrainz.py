"""What the catalog phase learns from one MusicBrainz release browse (pure: no database, no simulator)."""

from __future__ import annotations

from theset.catalog.types import AlbumInfo
from theset.imports.phases.catalog import MbCatalog, edition_base, mb_catalog
from theset.providers.types import MbRelease, MbReleaseGroup

ALBUM = MbReleaseGroup("rg-blue", "Blue River", "Album")
LIVE = MbReleaseGroup("rg-live", "Blue River", "Album", ("Live",))  # a live album of the same title
TIDE = MbReleaseGroup("rg-tide", "Tide", "Album")


def spotify_album(name: str) -> AlbumInfo:
    return AlbumInfo(f"sp-{name}", name, "album", "2001", 10)


def test_each_release_title_names_its_release_group() -> None:
    mb = mb_catalog(
        [
            MbRelease("r1", "Tide", TIDE),
            MbRelease("r2", "Tide (Legacy Edition)", TIDE),
            MbRelease("r3", "Tide 25", TIDE),
        ]
    )
    for name in ("Tide", "Tide (Legacy Edition)", "Tide 25", "TIDE 25"):
        described = mb.describe(spotify_album(name))
        assert (described.mb_release_group_id, described.mb_primary_type) == ("rg-tide", "Album"), name
    assert mb.describe(spotify_album("Tide Revisited")).mb_release_group_id is None


def test_a_title_two_release_groups_share_names_neither() -> None:
    mb = mb_catalog([MbRelease("r1", "Blue River", ALBUM), MbRelease("r2", "Blue River", LIVE)])
    assert mb.describe(spotify_album("Blue River")).mb_release_group_id is None
    assert MbCatalog().describe(spotify_album("Blue River")).mb_release_group_id is None


def test_an_edition_musicbrainz_titles_like_the_original_finds_the_originals_group() -> None:
    """MusicBrainz usually titles a reissue's release like the album ("Tide"); Spotify adds the edition."""
    mb = mb_catalog([MbRelease("r1", "Tide", TIDE), MbRelease("r2", "Tide 25", TIDE)])
    editions = ("Tide (Deluxe Edition)", "Tide (2011 Remaster)", "Tide [Legacy Edition]", "Tide - Remastered")
    for name in editions:
        assert mb.describe(spotify_album(name)).mb_release_group_id == "rg-tide", name
    others = ("Tide (Taylor's Version)", "Tide (Re-Recorded)", "Tide (Live)", "Tide (Remixes)", "Tide 2")
    for name in others:
        assert mb.describe(spotify_album(name)).mb_release_group_id is None, name
    assert edition_base("Tide (Super Deluxe)") == "tide" and edition_base("Tide") is None
