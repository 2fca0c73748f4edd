"""The pure predictor: tours, recency, set positions, the new album, set length, fallbacks."""

from __future__ import annotations

from datetime import date, timedelta

from theset.predictions.predictor import CatalogSong, PastShow, PlayedSong, ShowInfo, predict

TODAY = date(2026, 6, 1)


def song(
    song_id: str, *, album: str = "Old Album", released: date = date(2015, 1, 1), pop: int | None = None
) -> CatalogSong:
    return CatalogSong(song_id, song_id.title(), released, album, "album", pop)


def show(day: date, tour: str | None, ids: list[str], encore: int = 0) -> PastShow:
    """A show playing `ids` in order, the last `encore` of them in the encore."""
    played = tuple(PlayedSong(i, n >= len(ids) - encore) for n, i in enumerate(ids))
    return PastShow(day, tour, played)


def nights(first: date, count: int, tour: str | None, ids: list[str], encore: int = 0) -> list[PastShow]:
    return [show(first + timedelta(days=3 * n), tour, ids, encore) for n in range(count)]


def test_the_current_tour_outweighs_years_of_an_old_one() -> None:
    catalog = [song(s) for s in ("old1", "old2", "old3", "new1", "new2", "new3")]
    history = nights(date(2019, 1, 1), 60, "Old Tour", ["old1", "old2", "old3"])
    history += nights(TODAY - timedelta(days=30), 4, "New Tour", ["new1", "new2", "new3"])
    predicted = predict(history, catalog, ShowInfo(TODAY), limit=3)
    assert {r.song.id for r in predicted.songs} == {"new1", "new2", "new3"}
    assert predicted.tour == "New Tour" and predicted.tour_shows == 4
    assert predicted.summary == "based on 4 shows of the New Tour"
    assert predicted.songs[0].reason.startswith("played at 4 of 4 shows of the New Tour")


def test_only_history_strictly_before_the_date_counts() -> None:
    catalog = [song("a"), song("b")]
    history = [show(TODAY - timedelta(days=5), "T", ["a"]), show(TODAY, "T", ["b"])]
    predicted = predict(history, catalog, ShowInfo(TODAY), limit=1)
    assert [r.song.id for r in predicted.songs] == ["a"]
    assert predicted.setlists == 1 and predicted.since == TODAY - timedelta(days=5)


def test_openers_and_encores_keep_their_place_and_say_so() -> None:
    catalog = [song(s) for s in ("opener", "mid1", "mid2", "closer")]
    history = nights(TODAY - timedelta(days=40), 8, "T", ["opener", "mid1", "mid2", "closer"], encore=1)
    predicted = predict(history, catalog, ShowInfo(TODAY))
    order = [r.song.id for r in predicted.in_set_order()]
    assert order[0] == "opener" and order[-1] == "closer"
    reasons = {r.song.id: r.reason for r in predicted.songs}
    assert "usually opens" in reasons["opener"] and "usually in the encore" in reasons["closer"]


def test_the_usual_set_length_is_the_default_limit() -> None:
    catalog = [song(f"s{n}") for n in range(30)]
    history = nights(TODAY - timedelta(days=60), 9, "T", [f"s{n}" for n in range(12)])
    history.append(show(TODAY - timedelta(days=2), "T", [f"s{n}" for n in range(20)]))
    predicted = predict(history, catalog, ShowInfo(TODAY))
    assert predicted.set_length == 12 and len(predicted.songs) == 12


def test_a_new_album_enters_a_tour_that_has_not_played_it_yet() -> None:
    release = TODAY - timedelta(days=20)
    old = [song(f"old{n}") for n in range(6)]
    new = [song(f"new{n}", album="New Album", released=release) for n in range(4)]
    history = nights(TODAY - timedelta(days=200), 20, "Old Tour", [f"old{n}" for n in range(4)])
    predicted = predict(history, old + new, ShowInfo(TODAY), limit=8)
    chosen = {r.song.id for r in predicted.songs}
    assert {"new0", "new1", "new2", "new3"} <= chosen
    assert any("from the new album New Album" in r.reason for r in predicted.songs)
    # A song is never predicted for a show before its release.
    before = predict(history, old + new, ShowInfo(release - timedelta(days=1)), limit=10)
    assert not {r.song.id for r in before.songs} & {"new0", "new1", "new2", "new3"}


def test_the_new_album_prior_fades_once_the_tour_shows_what_it_plays() -> None:
    release = TODAY - timedelta(days=120)
    catalog = [song(f"old{n}") for n in range(4)] + [
        song(f"new{n}", album="New Album", released=release) for n in range(4)
    ]
    # The tour after the release plays only two of the new songs, every night.
    history = nights(release + timedelta(days=10), 25, "New Tour", ["old0", "old1", "old2", "new0", "new1"])
    predicted = predict(history, catalog, ShowInfo(TODAY), limit=5)
    assert {r.song.id for r in predicted.songs} == {"old0", "old1", "old2", "new0", "new1"}


def test_without_history_the_newest_album_comes_first_then_popularity() -> None:
    catalog = [
        song("hit", pop=90),
        song("deep", pop=10),
        *[song(f"new{n}", album="Fresh", released=TODAY - timedelta(days=60), pop=20) for n in range(4)],
    ]
    predicted = predict([], catalog, ShowInfo(TODAY), limit=6)
    assert [r.song.id for r in predicted.songs][:4] == ["new0", "new1", "new2", "new3"]
    assert [r.song.id for r in predicted.songs][4:] == ["hit", "deep"]
    assert predicted.setlists == 0 and predicted.since is None
    assert predicted.summary.startswith("no setlists yet")
    assert "popular on Spotify" in predicted.songs[4].reason


def test_without_history_or_popularity_it_still_answers_the_same_way_twice() -> None:
    catalog = [CatalogSong(f"id{n}", f"Song {n}") for n in range(5)]
    first = predict([], catalog, ShowInfo(TODAY), limit=3)
    assert [r.song.id for r in first.songs] == [
        r.song.id for r in predict([], catalog, ShowInfo(TODAY), limit=3).songs
    ]
    assert all(r.reason == "from the catalog" for r in first.songs)


def test_covers_and_unknown_songs_are_never_predicted() -> None:
    catalog = [song("a"), song("b")]
    history = [
        PastShow(TODAY - timedelta(days=3), "T", (PlayedSong(None), PlayedSong("a"), PlayedSong("zz")))
    ]
    predicted = predict(history, catalog, ShowInfo(TODAY), limit=5)
    assert [r.song.id for r in predicted.songs] == ["a", "b"]


def test_an_untitled_show_between_two_of_a_tour_belongs_to_it() -> None:
    catalog = [song("a"), song("b")]
    history = [
        show(TODAY - timedelta(days=9), "T", ["a"]),
        show(TODAY - timedelta(days=6), None, ["a"]),
        show(TODAY - timedelta(days=3), "T", ["a", "b"]),
    ]
    assert predict(history, catalog, ShowInfo(TODAY)).tour_shows == 3
