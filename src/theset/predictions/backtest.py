"""Back-test (pure): how much of what was actually played would each method have predicted?

For each of the artist's last K shows with an actual setlist, every method predicts from the history before
that show, with N = the number of distinct catalog songs actually played, and scores recall: the share of
those songs it predicted (with N guesses recall equals precision). Two baselines are computed the same way:
Spotify popularity (only where the catalog has popularity: Spotify's 2026 development profile has none)
and "most played ever" (all history before the show, unweighted).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from theset.predictions.predictor import CatalogSong, PastShow, ShowInfo, predict

METHODS = ("predictor", "popularity", "mostPlayed")
Method = Callable[[Sequence[PastShow], list[CatalogSong], date, int], list[str]]


@dataclass(frozen=True, slots=True)
class ShowResult:
    date: date
    tour: str | None
    played: int  # N: distinct catalog songs actually played
    hits: dict[str, int]  # method -> how many of them it predicted

    def recall(self, method: str) -> float | None:
        if method not in self.hits or not self.played:
            return None
        return self.hits[method] / self.played


@dataclass(slots=True)
class Report:
    artist: str
    shows: list[ShowResult] = field(default_factory=list)
    methods: tuple[str, ...] = METHODS

    def total(self, method: str) -> float | None:
        """Recall over all back-tested shows together (hits / songs played)."""
        if method not in self.methods or not self.shows:
            return None
        played = sum(s.played for s in self.shows)
        return sum(s.hits[method] for s in self.shows) / played if played else None

    def as_dict(self) -> dict[str, object]:
        return {
            "artist": self.artist,
            "shows": [
                {
                    "date": s.date.isoformat(),
                    "tour": s.tour,
                    "played": s.played,
                    "recall": {m: _round(s.recall(m)) for m in self.methods},
                }
                for s in self.shows
            ],
            "total": {m: _round(self.total(m)) for m in self.methods},
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def by_predictor(history: Sequence[PastShow], catalog: list[CatalogSong], day: date, n: int) -> list[str]:
    return [r.song.id for r in predict(history, catalog, ShowInfo(date=day), limit=n).songs]


def by_popularity(history: Sequence[PastShow], catalog: list[CatalogSong], day: date, n: int) -> list[str]:
    released = [c for c in catalog if c.released is None or c.released < day]
    ranked = sorted(released, key=lambda c: (-(c.popularity or 0), c.title, c.id))
    return [c.id for c in ranked[:n]]


def by_most_played(history: Sequence[PastShow], catalog: list[CatalogSong], day: date, n: int) -> list[str]:
    counts = Counter(song_id for show in history if show.date < day for song_id in show.linked)
    known = {c.id: c for c in catalog}
    ranked = sorted(
        counts, key=lambda song_id: (-counts[song_id], known[song_id].title if song_id in known else "")
    )
    return [song_id for song_id in ranked if song_id in known][:n]


def backtest(
    artist: str, history: Sequence[PastShow], catalog: Sequence[CatalogSong], last: int = 20
) -> Report:
    songs = list(catalog)
    methods: dict[str, Method] = {"predictor": by_predictor, "mostPlayed": by_most_played}
    if any(c.popularity is not None for c in songs):
        methods["popularity"] = by_popularity
    report = Report(artist, methods=tuple(m for m in METHODS if m in methods))
    known = {c.id for c in songs}
    played_shows = sorted((s for s in history if s.linked), key=lambda s: s.date, reverse=True)
    for show in played_shows[:last]:
        actual = {song_id for song_id in show.linked if song_id in known}
        if not actual:
            continue
        hits = {
            name: len(actual & set(fn(history, songs, show.date, len(actual))))
            for name, fn in methods.items()
        }
        report.shows.append(ShowResult(show.date, show.tour, len(actual), hits))
    return report
