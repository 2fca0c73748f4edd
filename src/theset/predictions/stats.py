"""Song statistics from the history (pure): times played, last played, share of the current tour's shows.

The current tour is the one the predictor uses for a show today: the tour of the latest show, while it is
recent, counting the shows setlist.fm users left untitled between two shows of that tour."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from theset.predictions.predictor import PastShow, ShowInfo, current_tour, name_untitled_tours, same_tour


@dataclass(frozen=True, slots=True)
class SongStats:
    tour: str | None
    tour_shows: int
    plays: Counter[str] = field(default_factory=Counter)
    tour_plays: Counter[str] = field(default_factory=Counter)
    last: dict[str, date] = field(default_factory=dict)

    def share(self, song_id: str) -> float | None:
        """Share of the current tour's shows that played the song (None: no current tour)."""
        if not self.tour_shows:
            return None
        return round(self.tour_plays[song_id] / self.tour_shows, 4)


def song_stats(history: Sequence[PastShow], today: date) -> SongStats:
    past = name_untitled_tours(sorted((s for s in history if s.date <= today), key=lambda s: s.date))
    tour = current_tour(past, ShowInfo(date=today))
    stats = SongStats(tour, sum(1 for s in past if same_tour(s.tour, tour)))
    for show in past:
        for song_id in show.linked:
            stats.plays[song_id] += 1
            stats.last[song_id] = show.date
            if same_tour(show.tour, tour):
                stats.tour_plays[song_id] += 1
    return stats


def stats_to_json(stats: SongStats) -> dict[str, Any]:
    """The statistics as the read cache stores them: per song [plays, current-tour plays, last played]."""
    songs = {
        song_id: [plays, stats.tour_plays[song_id], stats.last[song_id].isoformat()]
        for song_id, plays in stats.plays.items()
    }
    return {"tour": stats.tour, "tourShows": stats.tour_shows, "songs": songs}


def stats_from_json(raw: dict[str, Any]) -> SongStats:
    stats = SongStats(raw["tour"], int(raw["tourShows"]))
    for song_id, (plays, tour_plays, last) in raw["songs"].items():
        stats.plays[song_id] = int(plays)
        if tour_plays:
            stats.tour_plays[song_id] = int(tour_plays)
        stats.last[song_id] = date.fromisoformat(last)
    return stats
