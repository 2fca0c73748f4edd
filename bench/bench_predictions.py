"""Back-test the setlist predictor against its two baselines on every simulator artist.

Run: .venv/bin/python -m bench.bench_predictions  (prints a table, writes bench/results/predictions.json)

The same back-test as `theset predictions backtest` (theset.predictions.backtest), fed in process: the
history is the simulator's setlist.fm JSON through the real parser and catalog linking, the catalog the
artist's studio songs with their Spotify popularity (the `extended` profile). For each artist's last K
shows: recall of the predictor, of "Spotify popularity" and of "most played ever", each predicting N = the
number of catalog songs actually played from the history before the show. The default seed is the one the
README's table shows; three other seeds and reference dates check that the margin is no accident of one.
"""

from __future__ import annotations

import json
import platform
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench._simulated_history import artist_data
from theset.predictions.backtest import METHODS, backtest
from theset.predictions.predictor import ShowInfo, predict
from theset_simulator.catalog import Catalog
from theset_simulator.roster import ROSTER

RESULTS = Path(__file__).parent / "results" / "predictions.json"
LAST = 20
DEFAULT = (2026, date(2026, 11, 1))
OTHERS = ((7, date(2025, 3, 15)), (99, date(2027, 1, 10)), (1234, date(2026, 6, 1)))


def run(seed: int, today: date) -> dict[str, dict[str, Any]]:
    catalog = Catalog(seed, today)
    figures = {}
    for spec in ROSTER:
        history, songs = artist_data(catalog, spec.key)
        report = backtest(spec.key, history, songs, last=LAST)
        figures[spec.key] = {"shows": len(report.shows), **{m: report.total(m) for m in METHODS}}
    return figures


def prediction_ms(seed: int, today: date) -> float:
    """Time of one prediction from the largest history (the prolific artist, every setlist)."""
    history, songs = artist_data(Catalog(seed, today), "velvet-meridian")
    started = time.perf_counter()
    for _ in range(20):
        predict(history, songs, ShowInfo(date=today))
    return round((time.perf_counter() - started) / 20 * 1000, 2)


def mean(figures: dict[str, dict[str, Any]], method: str) -> float:
    return round(statistics.fmean(f[method] for f in figures.values() if f[method] is not None), 4)


def main() -> None:
    default = run(*DEFAULT)
    others = {f"seed {seed}, {today.isoformat()}": run(seed, today) for seed, today in OTHERS}
    result = {
        "python": platform.python_version(),
        "last_shows": LAST,
        "seed": DEFAULT[0],
        "reference_date": DEFAULT[1].isoformat(),
        "artists": {
            key: {k: v if not isinstance(v, float) else round(v, 4) for k, v in f.items()}
            for key, f in default.items()
        },
        "mean": {m: mean(default, m) for m in METHODS},
        "other_seeds_mean": {name: {m: mean(f, m) for m in METHODS} for name, f in others.items()},
        "worst_margin_over_best_baseline": round(
            min(
                f["predictor"] - max(f["popularity"] or 0, f["mostPlayed"] or 0)
                for figures in (default, *others.values())
                for f in figures.values()
            ),
            4,
        ),
        "prediction_ms_prolific": prediction_ms(*DEFAULT),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'artist':24} {'shows':>5} {'predictor':>9} {'popularity':>10} {'mostPlayed':>10}")
    for key, f in default.items():
        print(
            f"{key:24} {f['shows']:5d} {f['predictor']:9.1%} {f['popularity']:10.1%} {f['mostPlayed']:10.1%}"
        )
    print(
        f"{'mean':24} {'':5} "
        + " ".join(f"{result['mean'][m]:{w}.1%}" for m, w in zip(METHODS, (9, 10, 10), strict=True))
    )
    for name, means in result["other_seeds_mean"].items():
        print(f"{name:30} " + " ".join(f"{m} {means[m]:.1%}" for m in METHODS))
    print(
        f"worst margin over the best baseline: {result['worst_margin_over_best_baseline']:+.1%}; "
        f"one prediction (prolific artist): {result['prediction_ms_prolific']} ms"
    )


if __name__ == "__main__":
    main()
