"""The simulated setlist history behaves like touring: core sets, rotation, encores, new albums, rarities."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

import pytest

from theset_simulator.catalog import Catalog

REFERENCE = date(2026, 11, 1)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(2026, REFERENCE)


def _day(setlist: dict[str, Any]) -> date:
    d, m, y = map(int, setlist["eventDate"].split("-"))
    return date(y, m, d)


def _own(setlist: dict[str, Any]) -> list[str]:
    return [
        s["name"]
        for part in setlist["sets"]["set"]
        for s in part["song"]
        if s.get("name") and not s.get("tape") and "cover" not in s
    ]


def _tours(catalog: Catalog, key: str) -> dict[str, list[dict[str, Any]]]:
    tours: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for setlist in catalog.artist(key).setlists:
        if setlist["sets"]["set"] and "tour" in setlist:
            tours[setlist["tour"]["name"]].append(setlist)
    return tours


def test_a_tour_has_a_core_set_and_rotating_slots(catalog: Catalog) -> None:
    tour, shows = max(_tours(catalog, "hollow-pines").items(), key=lambda item: len(item[1]))
    assert len(shows) >= 10, tour
    counts = Counter(title for s in shows for title in set(_own(s)))
    core = [t for t, n in counts.items() if n >= 0.8 * len(shows)]
    rotating = [t for t, n in counts.items() if 0.1 * len(shows) <= n < 0.6 * len(shows)]
    assert len(core) >= 6 and len(rotating) >= 4


def test_the_opener_and_the_encore_hold_all_tour(catalog: Catalog) -> None:
    for shows in _tours(catalog, "mara-lune").values():
        openers = Counter(_own(s)[0] for s in shows)
        closers = Counter(s["sets"]["set"][-1]["song"][-1]["name"] for s in shows)
        assert openers.most_common(1)[0][1] == len(shows)
        assert closers.most_common(1)[0][1] == len(shows)
        assert all(s["sets"]["set"][-1].get("encore") for s in shows)


def test_tours_change_what_is_played(catalog: Catalog) -> None:
    tours = _tours(catalog, "velvet-meridian")
    assert len(tours) >= 3
    played = [set().union(*(set(_own(s)) for s in shows)) for shows in tours.values()]
    assert any(len(a ^ b) >= 5 for a in played for b in played)


def test_a_new_album_enters_its_tour_and_nothing_is_played_before_its_release(catalog: Catalog) -> None:
    data = catalog.artist("velvet-meridian")
    released: dict[str, date] = {}
    for album in data.own_albums:
        for track in album.tracks:
            title = track.recording.title
            released[title] = min(released.get(title, album.day), album.day)
    album_tours = [name for name in _tours(catalog, "velvet-meridian") if not name[:4].isdigit()]
    assert album_tours, "an album tour in the history"
    for setlist in data.setlists:
        assert all(released[t] <= _day(setlist) for t in _own(setlist))
    album = next(a for a in data.own_albums if f"{a.name} Tour" in album_tours and a.album_type == "album")
    titles = {t.recording.title for t in album.tracks}
    tour_songs = {t for s in _tours(catalog, "velvet-meridian")[f"{album.name} Tour"] for t in _own(s)}
    assert len(titles & tour_songs) >= 3


def test_rarities_and_repeated_covers(catalog: Catalog) -> None:
    setlists = [s for s in catalog.artist("hollow-pines").setlists if s["sets"]["set"]]
    counts = Counter(t for s in setlists for t in set(_own(s)))
    assert any(n == 1 for n in counts.values()), "a song played once: a rarity"
    covers = Counter(
        s["name"]
        for setlist in setlists
        for part in setlist["sets"]["set"]
        for s in part["song"]
        if "cover" in s
    )
    assert covers and covers.most_common(1)[0][1] > 1, "a tour's covers come back"
