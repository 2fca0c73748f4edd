"""`make chaos` (`python -m bench.chaos [--short]`): start a cluster on loopback, run a bounded load,
inject faults one after another, then check the outcome; print a table and write JSON.

Faults: a worker killed with SIGKILL, Redis killed and restarted (AOF), PostgreSQL restarted, and
upstream 5xx, timeouts and a 429 storm from the simulator. Checks: every import completed with rows
identical to a clean import of the same artists, every vote answered 200 counted exactly once (and every
song's stored count equal to its vote rows), no 5xx (or dropped connection) outside the windows where a
server was down, every job scheduler present and no orphaned import run afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from bench.chaos import checks, faults
from bench.chaos.cluster import Cluster
from bench.chaos.faults import FaultResult
from bench.chaos.load import Load

RESULTS = Path(__file__).parent.parent / "results"


async def _attractions(cluster: Cluster, count: int) -> list[str]:
    async with httpx.AsyncClient(timeout=10) as client:
        artists = (await client.get(f"{cluster.sim_url}/_sim/artists")).json()["artists"]
    usable = [a["tmAttractionId"] for a in artists if a.get("profile") != "prolific"]
    return usable[:count]


async def _inject(cluster: Cluster, short: bool) -> list[FaultResult]:
    gap = 3 if short else 8
    results = []
    await asyncio.sleep(gap)  # let imports get going before the first fault
    results.append(await faults.kill_worker(cluster))
    await asyncio.sleep(gap)
    results.append(await faults.restart_redis(cluster, down_s=2 if short else 5))
    await asyncio.sleep(gap)
    results.append(await faults.restart_postgres(cluster))
    for name, changes, revert, for_s in faults.upstream_faults(4 if short else 10):
        await asyncio.sleep(gap / 2)
        results.append(await faults.upstream(cluster, name, changes, revert, for_s))
    return results


async def _first_vote(load: Load, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not load.voted and time.monotonic() < deadline:
        await asyncio.sleep(0.5)  # polling the load generator running beside us


async def run(short: bool) -> dict[str, Any]:
    cluster = Cluster()
    t0 = time.monotonic()
    try:
        await asyncio.to_thread(cluster.start)
        attractions = await _attractions(cluster, 3 if short else 8)
        load = Load(cluster.web_urls, attractions)
        load_task = asyncio.ensure_future(load.run())
        await _first_vote(load, 240 if short else 300)  # so the faults also land on votes
        fault_results = await _inject(cluster, short)
        await asyncio.sleep(2)
        load.stop()
        await load_task
        stages = await checks.wait_for_imports(cluster, load.artists, 300 if short else 900)
        state = await checks.recovery_state(cluster)
        miscounted = await checks.votes_miscounted(cluster.postgres.url(), load.voted, load.unsure)
        mismatched = await checks.compare_with_clean(cluster, sorted(load.artists))
    finally:
        await asyncio.to_thread(cluster.stop)
    stray = checks.errors_outside_windows(load.records, fault_results)
    check_results = {
        "every import completed": all(s == "completed" for s in stages.values()) and bool(stages),
        "rows identical to a clean import": not mismatched,
        "votes answered 200 counted exactly once": bool(load.voted) and not miscounted,
        "no 5xx outside server-down windows": not stray,
        "schedulers present, no orphaned run": not state["missingSchedulers"] and not state["orphanedRuns"],
    }
    return {
        "form": "short" if short else "full",
        "durationS": round(time.monotonic() - t0, 1),
        "faults": [f.as_dict(t0) for f in fault_results],
        "requests": len(load.records),
        "requestsByKind": _count(r.kind for r in load.records),
        "errorsByKind": checks.error_kinds(load.records),
        "errorsOutsideWindows": [
            {"atS": round(r.at - t0, 2), "kind": r.kind, "status": r.status, "error": r.error} for r in stray
        ],
        "imports": stages,
        "mismatchedWithClean": mismatched,
        "recovery": state,
        "checks": check_results,
        "votes": {
            "answered200": len(load.voted),
            "unsure": sum(load.unsure.values()),
            "miscounted": miscounted,
        },
        "logs": str(cluster.workdir / "processes.log"),
    }


def _count(values: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items()))


def _print(report: dict[str, Any]) -> None:
    console = Console()
    table = Table("fault", "at (s)", "recovery (s)", "server down", "detail", title="faults injected")
    for f in report["faults"]:
        table.add_row(
            f["fault"], str(f["atS"]), str(f["recoveryS"]), "yes" if f["serverDown"] else "", f["detail"]
        )
    console.print(table)
    requests = Table("requests", "count")
    for kind, n in report["requestsByKind"].items():
        requests.add_row(kind, str(n))
    for kind, n in report["errorsByKind"].items():
        requests.add_row(f"error: {kind}", str(n))
    console.print(requests)
    verdicts = Table("check", "result")
    for name, ok in report["checks"].items():
        verdicts.add_row(name, "[green]pass[/]" if ok else "[red]FAIL[/]")
    console.print(verdicts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--short", action="store_true", help="three artists and short faults (CI)")
    parser.add_argument("--json", type=Path, help="where to write the report (default bench/results/)")
    args = parser.parse_args()
    report = asyncio.run(run(args.short))
    _print(report)
    path = args.json or RESULTS / ("chaos-short.json" if args.short else "chaos.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"report: {path}", file=sys.stderr)
    return 0 if all(report["checks"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
