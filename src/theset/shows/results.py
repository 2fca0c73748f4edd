"""How a prediction did against the actual setlist: the contract's accuracy shape, computed on catalog
song ids (entries that match no catalog song, such as covers, count in the actual set but can't be hit)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def accuracy(predicted: Iterable[object], actual: Iterable[object]) -> dict[str, Any] | None:
    """{"precision","recall","hits","of"}: hits = predicted songs that were played, of = songs played."""
    played = list(actual)
    guessed = {s for s in predicted if s is not None}
    actual_total = len(played)
    if actual_total == 0:
        return None
    hits = len(guessed & {s for s in played if s is not None})
    return {
        "precision": round(hits / len(guessed), 4) if guessed else 0.0,
        "recall": round(hits / actual_total, 4),
        "hits": hits,
        "of": actual_total,
    }
