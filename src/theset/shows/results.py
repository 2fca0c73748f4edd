"""How a prediction did against the actual setlist, in the contract's accuracy shape and by the same rule
as the voting domain's scoring: a prediction is its top N songs (N = songs played), songs match by catalog
song id, and an entry that matches no catalog song (a cover) counts against recall only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def accuracy(top: Sequence[object], actual: Sequence[object]) -> dict[str, Any] | None:
    """{"precision","recall","hits","of"} for a prediction already cut to the actual set's length."""
    if not actual:
        return None
    guessed = {s for s in top if s is not None}
    hits = len(guessed & {s for s in actual if s is not None})
    return {
        "precision": round(hits / len(top), 4) if top else 0.0,
        "recall": round(hits / len(actual), 4),
        "hits": hits,
        "of": len(actual),
    }
