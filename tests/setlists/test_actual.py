"""Turning a setlist.fm setlist into our rows, and telling which of a day's setlists is our show's."""

from __future__ import annotations

import uuid
from datetime import date

from theset.catalog.titles import title_key
from theset.providers.types import Setlist, SetlistArtistRef, SetlistSet, SetlistSong, SetlistVenue
from theset.setlists.actual import MAX_TITLE_LENGTH, actual_entries, pick_setlist

INTRO = SetlistSong("Intro Tape", tape=True)
COVER = SetlistSong("Yesterday", cover=SetlistArtistRef(mbid=None, name="The Beatles"))


def _setlist(*sets: SetlistSet, venue: SetlistVenue | None = None, sid: str = "63de4613") -> Setlist:
    return Setlist(id=sid, event_date=date(2026, 11, 20), sets=sets, venue=venue)


def test_entries_follow_the_show_and_link_catalog_songs() -> None:
    opener, closer, yesterday = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    catalog = {title_key("Opener"): opener, title_key("Closer"): closer, title_key("Yesterday"): yesterday}
    setlist = _setlist(
        SetlistSet((INTRO, SetlistSong("Opener"), SetlistSong("  "), SetlistSong("Unreleased Jam"))),
        SetlistSet((COVER, SetlistSong("Closer - Live")), encore=1),
        SetlistSet((SetlistSong("Opener"),), encore=2),
    )
    entries = actual_entries(setlist, catalog)
    assert [(e["title"], e["position"], e["set_number"], e["encore"]) for e in entries] == [
        ("Opener", 1, 1, 0),
        ("Unreleased Jam", 2, 1, 0),
        ("Yesterday", 3, 2, 1),
        ("Closer - Live", 4, 2, 1),
        ("Opener", 5, 3, 2),
    ]
    assert [e["song_id"] for e in entries] == [opener, None, None, None, None]
    assert [e["is_cover"] for e in entries] == [False, False, True, False, False]


def test_titles_match_whatever_their_case() -> None:
    closer = uuid.uuid4()
    entries = actual_entries(_setlist(SetlistSet((SetlistSong("closer"),))), {title_key("Closer"): closer})
    assert entries[0]["song_id"] == closer


def test_hostile_titles_are_kept_but_bounded() -> None:
    title = "<script>alert(1)</script>" + "x" * 2000
    entries = actual_entries(_setlist(SetlistSet((SetlistSong(title),))), {})
    assert len(entries[0]["title"]) == MAX_TITLE_LENGTH and entries[0]["title"].startswith("<script>")


def test_a_setlist_without_songs_gives_nothing() -> None:
    assert actual_entries(_setlist(), {}) == []
    assert actual_entries(_setlist(SetlistSet((INTRO,))), {}) == []


def _at(name: str, city: str, sid: str) -> Setlist:
    return _setlist(venue=SetlistVenue(id=None, name=name, city=city), sid=sid)


def test_pick_the_only_setlist_of_the_day() -> None:
    only = _at("Elsewhere", "Nowhere", "a")
    assert pick_setlist([only], "The Forum", "Inglewood") is only
    assert pick_setlist([], "The Forum", "Inglewood") is None


def test_pick_by_venue_then_city_and_refuse_to_guess() -> None:
    forum, festival = _at("The Forum", "Inglewood", "a"), _at("Desert Trip", "Indio", "b")
    assert pick_setlist([festival, forum], "the forum", None) is forum
    assert pick_setlist([festival, forum], "Kia Forum", "INGLEWOOD") is forum
    assert pick_setlist([festival, forum], "Kia Forum", "Los Angeles") is None
    twins = [_at("The Forum", "Inglewood", "a"), _at("The Forum", "Inglewood", "b")]
    assert pick_setlist(twins, "The Forum", "Inglewood") is None
