"""What one setlist.fm setlist becomes in the history tables (pure: no I/O).

Songs are linked to the artist's studio catalog by the matching `setlist-sync` uses (title keys; a studio
recording wins over a live one of the same title). Kept but never linked: covers (a cover of "Yesterday" is
not their "Yesterday"), songs played from tape (intros, outros) and songs the catalog does not know.
setlist.fm drops songs entered with a blank name before we see them.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from theset.catalog.titles import title_key
from theset.providers.types import Setlist

MAX_TITLE_LENGTH = 500
MAX_NAME_LENGTH = 500


def song_rows(setlist: Setlist, catalog: Mapping[str, uuid.UUID]) -> list[dict[str, Any]]:
    """history_songs rows (without history_setlist_id), in the order they were played."""
    rows: list[dict[str, Any]] = []
    for set_number, played_set in enumerate(setlist.sets, start=1):
        for song in played_set.songs:
            title = song.name.strip()
            if not title:
                continue
            linked = not song.tape and not song.is_cover
            rows.append(
                {
                    "position": len(rows) + 1,
                    "title": title[:MAX_TITLE_LENGTH],
                    "song_id": catalog.get(title_key(title)) if linked else None,
                    "set_number": set_number,
                    "encore": played_set.encore,
                    "is_cover": song.is_cover,
                    "is_tape": song.tape,
                }
            )
    return rows


def setlist_row(artist_id: uuid.UUID, setlist: Setlist) -> dict[str, Any] | None:
    """The history_setlists row; None when setlist.fm gives no date (nothing to order or predict by)."""
    if setlist.event_date is None:
        return None
    venue = setlist.venue
    return {
        "artist_id": artist_id,
        "setlistfm_id": setlist.id[:32],
        "version_id": (setlist.version_id or "")[:32],
        "event_date": setlist.event_date,
        "tour_name": setlist.tour[:MAX_NAME_LENGTH] if setlist.tour else None,
        "venue_name": venue.name[:MAX_NAME_LENGTH] if venue and venue.name else None,
        "city": venue.city[:MAX_NAME_LENGTH] if venue and venue.city else None,
        "country_code": venue.country_code[:8] if venue and venue.country_code else None,
        "last_updated": setlist.last_updated,
    }
