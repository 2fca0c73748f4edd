"""How close a predicted setlist came to what was played (pure: no I/O), for the voting domain's scoring
and for the pages that show results.

A prediction of the show is its top N songs, N being the actual set's length: for the crowd, the
predicted setlist ranked by votes (ties keep their position); for the import, the songs it seeded, in
its order. Songs match by catalog song, never by title text, so a cover or an unmatched title in the
actual set is a song nobody could have predicted and counts against recall only."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Entry:
    song_id: Hashable | None  # a catalog song's id (a uuid, or its text in page data); None: no song
    title: str


def score(prediction: Sequence[Entry], actual: Sequence[Entry]) -> dict[str, Any] | None:
    """precision, recall, hits and of ("the crowd got 9 of 14"), with the songs hit and missed; None
    when nothing was played (no score)."""
    if not actual:
        return None
    top = list(prediction[: len(actual)])
    predicted_ids = {e.song_id for e in top if e.song_id is not None}
    played_ids = {e.song_id for e in actual if e.song_id is not None}
    hit = [e for e in actual if e.song_id is not None and e.song_id in predicted_ids]
    hits = len({e.song_id for e in hit})
    return {
        "precision": round(hits / len(top), 4) if top else 0.0,
        "recall": round(hits / len(actual), 4),
        "hits": hits,
        "of": len(actual),
        "hit": [_out(e) for e in hit],
        "missed": [_out(e) for e in actual if e not in hit],
        "notPlayed": [_out(e) for e in top if e.song_id not in played_ids],
    }


def _out(entry: Entry) -> dict[str, Any]:
    return {"songId": str(entry.song_id) if entry.song_id else None, "title": entry.title}


def accuracy(top: Sequence[Hashable | None], actual: Sequence[Hashable | None]) -> dict[str, Any] | None:
    """{"precision","recall","hits","of"} from song ids alone (None for a title matching no song), as
    `score` counts them."""
    scored = score([Entry(s, "") for s in top], [Entry(s, "") for s in actual])
    return None if scored is None else {key: scored[key] for key in ("precision", "recall", "hits", "of")}
