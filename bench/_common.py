"""Shared plumbing for the benchmarks: an isolated database and Redis db, the simulator as a process,
percentiles, and result files in bench/results/."""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy.engine import make_url

from theset.devenv import free_port, wait_http

RESULTS = Path(__file__).parent / "results"
BIN = Path(sys.executable).parent / "theset"
BENCH_REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "12"))  # parallel checkouts pick their own


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(values_s: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values_s]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p90_ms": round(percentile(ms, 90), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "max_ms": round(max(ms), 2) if ms else float("nan"),
        "mean_ms": round(statistics.fmean(ms), 2) if ms else float("nan"),
    }


def write_result(name: str, payload: dict[str, Any]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {"benchmark": name, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **payload}
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return path


# Read once: apply_env() later points DATABASE_URL at the bench database itself.
_BASE_DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/theset")
_BASE_REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def bench_environment() -> dict[str, str]:
    """DATABASE_URL/REDIS_URL of a scratch database and Redis db, so benchmarks never touch real data."""
    base_db = _BASE_DATABASE_URL
    url = make_url(base_db)
    bench_db = url.set(database=f"{url.database or 'theset'}_bench").render_as_string(hide_password=False)
    base_redis = _BASE_REDIS_URL
    parts = urlsplit(base_redis)
    bench_redis = urlunsplit(parts._replace(path=f"/{BENCH_REDIS_DB}"))
    return {
        "DATABASE_URL": bench_db,
        "REDIS_URL": bench_redis,
        "QUEUE_PREFIX": "theset-bench",
        "LOG_LEVEL": "WARNING",
    }


def prepare_database(env: dict[str, str]) -> None:
    """Fresh bench database at the latest migration, and an empty bench Redis db."""
    import redis

    from theset.core import migrate
    from theset.devenv import recreate_database

    recreate_database(env["DATABASE_URL"])
    migrate.upgrade("head", env["DATABASE_URL"])
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()


def apply_env(env: dict[str, str]) -> None:
    """Point this process at the bench database/Redis and log as a deployed process would."""
    from theset.core import config
    from theset.core.logging import configure_logging

    os.environ.update(env)
    config.reset_settings_cache()
    configure_logging(env.get("LOG_LEVEL", "WARNING"), "console")


@contextmanager
def simulator(*args: str) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN), "simulator", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", *args],
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        if not wait_http(f"{url}/_sim/artists", proc=proc):
            raise RuntimeError("simulator did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def table(rows: list[tuple[str, str]]) -> None:
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")


_WRK_LINE = re.compile(r"^\s*(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$")
_WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(stdout: str) -> dict[str, Any]:
    """Latency percentiles (ms), requests/s, non-2xx answers and timeouts from `wrk --latency`."""
    result: dict[str, Any] = {"errors": 0}
    for line in stdout.splitlines():
        if match := _WRK_LINE.match(line):
            result[f"p{match[1]}_ms"] = round(float(match[2]) * _WRK_UNITS[match[3]], 2)
        elif line.startswith("Requests/sec:"):
            result["requests_per_s"] = round(float(line.split()[1]))
        elif "Non-2xx" in line:
            result["errors"] = int(line.split()[-1])
        elif "Socket errors" in line and "timeout" in line:
            result["timeouts"] = int(line.rsplit("timeout", 1)[1].strip())
    return result
