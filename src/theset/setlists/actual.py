"""What a setlist.fm setlist becomes in our tables (pure: no I/O).

Songs played from tape are not part of the show; covers never match the artist's own catalog (a cover of
"Yesterday" is not their song "Yesterday"); a song played twice is linked to the catalog once, since a
setlist links each song at most once, and keeps its title the second time."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from theset.catalog.text import fold_words
from theset.catalog.titles import title_key
from theset.providers.types import Setlist

MAX_TITLE_LENGTH = 500


def actual_entries(setlist: Setlist, catalog: Mapping[str, uuid.UUID]) -> list[dict[str, Any]]:
    """setlist_songs rows (without setlist_id) in performance order; `catalog` maps title keys to songs."""
    entries: list[dict[str, Any]] = []
    linked: set[uuid.UUID] = set()
    for set_number, played_set in enumerate(setlist.sets, start=1):
        for song in played_set.songs:
            title = (song.name or "").strip()
            if not title or song.tape:
                continue
            song_id = None if song.is_cover else catalog.get(title_key(title))
            if song_id in linked:
                song_id = None
            if song_id is not None:
                linked.add(song_id)
            entries.append(
                {
                    "song_id": song_id,
                    "title": title[:MAX_TITLE_LENGTH],
                    "position": len(entries) + 1,
                    "set_number": set_number,
                    "encore": played_set.encore,
                    "is_cover": song.is_cover,
                }
            )
    return entries


def pick_setlist(candidates: Sequence[Setlist], venue_name: str | None, city: str | None) -> Setlist | None:
    """The artist's setlist for our show among those setlist.fm has for that day: the only one, or the
    one at our venue (or, failing that, in our city). None when it cannot be told which."""
    if len(candidates) == 1:
        return candidates[0]
    for wanted, field in ((venue_name, "name"), (city, "city")):
        if not wanted:
            continue
        matches = [
            s
            for s in candidates
            if s.venue and fold_words(getattr(s.venue, field) or "") == fold_words(wanted)
        ]
        if len(matches) == 1:
            return matches[0]
    return None
