"""After the faults: every import completed with the rows a clean import makes, every vote answered 200
counted exactly once, no 5xx outside the windows where a server was down, schedulers present and no
orphaned run."""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections import Counter
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.chaos.cluster import BIN, Cluster
from bench.chaos.faults import FaultResult, admin_health
from bench.chaos.load import Record

GRACE_S = 2.0  # after a server came back, in-flight requests that started while it was down may still fail

_ROWS = text(
    """
    SELECT a.tm_attraction_id,
           (SELECT array_agg(s.tm_event_id ORDER BY s.tm_event_id) FROM shows s WHERE s.artist_id = a.id),
           (SELECT array_agg(so.spotify_id ORDER BY so.spotify_id) FROM artist_songs x
              JOIN songs so ON so.id = x.song_id WHERE x.artist_id = a.id),
           (SELECT count(*) FROM setlists sl JOIN shows s ON s.id = sl.show_id WHERE s.artist_id = a.id)
    FROM artists a WHERE a.tm_attraction_id = ANY(:ids)
    """
)


async def wait_for_imports(cluster: Cluster, artists: dict[str, str], timeout_s: float) -> dict[str, str]:
    """Final stage per attraction (polling the public status route, as the page's fallback does)."""
    stages: dict[str, str] = {}
    deadline = time.monotonic() + timeout_s
    async with httpx.AsyncClient(timeout=10) as client:
        while time.monotonic() < deadline:
            for tm_id, artist_id in artists.items():
                if stages.get(tm_id) in ("completed", "failed"):
                    continue
                try:
                    response = await client.get(f"{cluster.web_urls[0]}/api/artists/{artist_id}/status")
                    stages[tm_id] = response.json()["stage"] if response.status_code == 200 else "unknown"
                except (httpx.HTTPError, ValueError, KeyError):
                    stages[tm_id] = "unknown"
            if all(s in ("completed", "failed") for s in stages.values()):
                break
            await asyncio.sleep(1)  # polling imports that run in other processes
    return stages


async def _rows(database_url: str, ids: list[str]) -> dict[str, Any]:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            result = await conn.execute(_ROWS, {"ids": ids})
            return {row[0]: [list(row[1] or []), list(row[2] or []), int(row[3])] for row in result}
    finally:
        await engine.dispose()


def clean_import(cluster: Cluster, ids: list[str]) -> str:
    """The same artists imported once more into a fresh database, with no fault anywhere."""
    url = cluster.postgres.url("theset_clean")
    env = cluster.env(
        DATABASE_URL=url, QUEUE_PREFIX="clean", REDIS_URL=cluster.redis.url.rsplit("/", 1)[0] + "/1"
    )
    subprocess.run([BIN, "db", "upgrade"], env=env, check=True, capture_output=True)
    for tm_id in ids:
        subprocess.run(
            [BIN, "import", tm_id, "--inline"], env=env, check=True, capture_output=True, timeout=600
        )
    return url


async def compare_with_clean(cluster: Cluster, ids: list[str]) -> list[str]:
    async with httpx.AsyncClient(base_url=cluster.sim_url, timeout=10) as sim:
        await sim.post("/_sim/config", json={"fault_rate": 0.0})
    clean_url = await asyncio.to_thread(clean_import, cluster, ids)
    chaos, clean = await _rows(cluster.postgres.url(), ids), await _rows(clean_url, ids)
    return [tm_id for tm_id in ids if chaos.get(tm_id) != clean.get(tm_id)]


_VOTE_ROWS = text(
    """
    SELECT ss.id::text, ss.vote_count, (SELECT count(*) FROM votes v WHERE v.setlist_song_id = ss.id)
    FROM setlist_songs ss WHERE ss.id = ANY(CAST(:ids AS uuid[]))
    """
)


async def votes_miscounted(database_url: str, voted: set[tuple[int, str]], unsure: Counter[str]) -> list[str]:
    """Songs whose votes are off: a vote answered 200 missing or counted twice, or the stored count
    differing from the vote rows. A vote that got no answer (or a 5xx) may have landed or not."""
    expected = Counter(song for _, song in voted)
    songs = sorted(set(expected) | set(unsure))
    if not songs:
        return []
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            rows = {
                row[0]: (int(row[1]), int(row[2])) for row in await conn.execute(_VOTE_ROWS, {"ids": songs})
            }
    finally:
        await engine.dispose()
    bad = []
    for song in songs:
        count, stored = rows.get(song, (-1, -1))
        if count != stored or not expected[song] <= stored <= expected[song] + unsure[song]:
            counted = f"{stored} rows, count {count}"
            bad.append(f"{song}: {expected[song]} answered 200 (+{unsure[song]} unsure), {counted}")
    return bad


def errors_outside_windows(records: list[Record], faults: list[FaultResult]) -> list[Record]:
    windows = [(f.injected_at, (f.recovered_at or float("inf")) + GRACE_S) for f in faults if f.server_down]
    bad = [r for r in records if r.status is None or r.status >= 500]
    # A request counts as hit by an outage when its time in flight overlaps the outage window.
    return [r for r in bad if not any(r.sent <= hi and r.at >= lo for lo, hi in windows)]


async def recovery_state(cluster: Cluster, timeout_s: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    health: dict[str, Any] = {}
    while time.monotonic() < deadline:
        health = await admin_health(cluster)
        if not health["missingSchedulers"] and not health["orphanedRuns"]:
            break
        await asyncio.sleep(1)  # the workers' recovery round runs every RECOVERY_INTERVAL_SECONDS
    return {"missingSchedulers": health.get("missingSchedulers"), "orphanedRuns": health.get("orphanedRuns")}


def error_kinds(records: list[Record]) -> dict[str, int]:
    kinds = Counter(r.error or str(r.status) for r in records if r.status is None or r.status >= 400)
    return dict(sorted(kinds.items()))
