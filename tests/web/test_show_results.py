"""After the show: the crowd's and the imported prediction against the actual set (pure)."""

from __future__ import annotations

from typing import Any

from theset.shows.page import results


def _song(song_id: str | None, votes: int = 0, position: int = 0, **extra: Any) -> dict[str, Any]:
    return {"songId": song_id, "title": song_id or "cover", "votes": votes, "position": position, **extra}


def test_top_n_by_votes_and_by_seeded_order_fan_additions_excluded() -> None:
    predicted = [
        _song("a", 0, 1), _song("b", 9, 2), _song("c", 4, 3), _song("d", 0, 4),
        _song("e", 20, 5, addedByFan=True),
    ]  # fmt: skip
    actual = [_song("b"), _song("e"), _song(None)]  # a cover counts against recall only
    out = results({"predicted": {"songs": predicted}, "actual": {"songs": actual}})
    assert out is not None
    assert [s["songId"] for s in out["crowd"]] == ["e", "b", "c"]
    assert [s["songId"] for s in out["imported"]] == ["a", "b", "c"]  # "e" was added by a fan
    assert out["crowdAccuracy"] == {"precision": 0.6667, "recall": 0.6667, "hits": 2, "of": 3}
    assert out["importedAccuracy"] == {"precision": 0.3333, "recall": 0.3333, "hits": 1, "of": 3}
    assert [s["hit"] for s in out["actual"]] == [True, True, False]


def test_the_apis_scores_win_and_no_actual_means_no_results() -> None:
    scored = {"precision": 1.0, "recall": 0.5, "hits": 1, "of": 2}
    predicted = {"songs": [_song("a", 1, 1)], "accuracy": scored, "importedAccuracy": None}
    out = results({"predicted": predicted, "actual": {"songs": [_song("a"), _song("z")]}})
    assert out is not None and out["crowdAccuracy"] is scored
    assert out["importedAccuracy"] == {"precision": 1.0, "recall": 0.5, "hits": 1, "of": 2}
    assert results({"predicted": predicted}) is None
    assert results({"predicted": predicted, "actual": {"songs": []}}) is None
