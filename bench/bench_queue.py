"""Jobs per second through our worker (no-op and I/O-bound jobs at concurrency 1, 10 and 50); the bare
SlotWorker on its pooled connection without our per-job work (task lookup, timeout, metrics, logging), to
show that overhead; bullmq-Python's stock Worker, to show what the SlotWorker changed; several worker
processes; and the same no-op workload through Node's bullmq on the same Redis as the anchor."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

import uvloop

from bench._common import BIN, apply_env, bench_environment, prepare_database, table, write_result

JOBS = int(os.environ.get("BENCH_QUEUE_JOBS", "10000"))
IO_JOBS = int(os.environ.get("BENCH_QUEUE_IO_JOBS", "3000"))
IO_SLEEP_S = 0.01
ROUNDS = int(os.environ.get("BENCH_QUEUE_ROUNDS", "3"))
CONCURRENCIES = (1, 10, 50)
NODE_DIR = Path(__file__).parent / "node"


async def _enqueue(queue_name: str, count: int, data: dict[str, Any]) -> None:
    from theset.core.queues import get_registry

    queue = get_registry().get(queue_name)
    for start in range(0, count, 1000):
        batch = [
            {"name": "ping", "data": data, "opts": {"removeOnComplete": True}}
            for _ in range(start, min(count, start + 1000))
        ]
        await queue.addBulk(batch)


async def ours(count: int, concurrency: int, sleep: float) -> float:
    """Our WorkerProcess (task registry, timeouts, metrics, logging) on the cache-warm queue."""
    from theset.core import config
    from theset.core.queue_names import CACHE_WARM
    from theset.core.queues import close_registry
    from theset.core.redis import close_redis
    from theset.worker import WorkerProcess

    os.environ["QUEUE_CONCURRENCY_CACHE_WARM"] = str(concurrency)
    config.reset_settings_cache()
    await _enqueue(CACHE_WARM, count, {"sleep": sleep})
    process = WorkerProcess([CACHE_WARM], drain_delay_s=1)
    started = time.perf_counter()
    await process.start()
    while process.processed + process.failed < count:
        await asyncio.sleep(0.005)
    elapsed = time.perf_counter() - started
    await process.stop(timeout_s=5)
    await close_registry()
    await close_redis()
    return count / elapsed


async def raw(count: int, concurrency: int, *, stock: bool) -> float:
    """A no-op processor on a bare worker: bullmq-Python's stock Worker (one connection, its own dispatch
    loop) or our SlotWorker on a pooled connection (what our worker runs on, minus our per-job work)."""
    from bullmq import Queue, Worker

    from theset.core.config import get_settings
    from theset.core.redis import create_worker_redis
    from theset.core.slot_worker import SlotWorker

    settings = get_settings()
    name = f"raw-bench-{concurrency}-{time.time_ns()}"
    queue = Queue(name, {"connection": settings.redis_url, "prefix": "theset-bench"})
    for start in range(0, count, 1000):
        await queue.addBulk(
            [
                {"name": "noop", "data": {}, "opts": {"removeOnComplete": True}}
                for _ in range(start, min(count, start + 1000))
            ]
        )
    done = 0
    finished = asyncio.Event()

    async def noop(job: Any, token: str) -> None:
        nonlocal done
        done += 1
        if done == count:
            finished.set()

    started = time.perf_counter()
    if stock:
        worker: Worker = Worker(
            name,
            noop,
            {"connection": settings.redis_url, "prefix": "theset-bench", "concurrency": concurrency},
        )
    else:
        connection = create_worker_redis(concurrency + 3)
        opts = {"connection": connection, "prefix": "theset-bench", "concurrency": concurrency}
        worker = SlotWorker(name, noop, opts)
    await worker.blockingRedisConnection.getRedisVersion()  # type: ignore[union-attr]
    await finished.wait()
    elapsed = time.perf_counter() - started
    await worker.close()
    await queue.obliterate(force=True)
    await queue.close()
    return count / elapsed


def processes(count: int, concurrency: int, n_procs: int, env: dict[str, str]) -> float:
    """n `theset worker` processes draining one queue."""
    from theset.core.queue_names import CACHE_WARM

    async def fill() -> None:
        from theset.core.queues import close_registry

        await _enqueue(CACHE_WARM, count, {"sleep": 0})
        await close_registry()

    async def remaining() -> int:
        from theset.core.queues import close_registry, get_registry

        counts = await get_registry().get(CACHE_WARM).getJobCounts("waiting", "prioritized", "active")
        await close_registry()
        return sum(counts.values())

    async def workers_up() -> int:
        from theset.core.queues import heartbeat_key
        from theset.core.redis import close_redis, get_redis

        up = int(await get_redis().hlen(heartbeat_key()))  # type: ignore[misc]
        await close_redis()
        return up

    child_env = {
        **os.environ,
        **env,
        "QUEUE_CONCURRENCY_CACHE_WARM": str(concurrency),
        "LOG_LEVEL": "WARNING",
    }
    procs = [
        subprocess.Popen([str(BIN), "worker", "--queues", CACHE_WARM], env=child_env) for _ in range(n_procs)
    ]
    try:
        while uvloop.run(workers_up()) < n_procs:  # time the work, not the interpreters starting
            time.sleep(0.05)
        started = time.perf_counter()
        uvloop.run(fill())
        while uvloop.run(remaining()) > 0:
            time.sleep(0.02)
        return count / (time.perf_counter() - started)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(30)


def node(count: int, concurrency: int, redis_url: str) -> float | None:
    if shutil.which("node") is None:
        return None
    if not (NODE_DIR / "node_modules" / "bullmq").exists():
        install = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=NODE_DIR, check=False
        )
        if install.returncode != 0:
            return None
    out = subprocess.run(
        ["node", "bench.js", redis_url, str(count), str(concurrency)],
        cwd=NODE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(json.loads(out.stdout.strip().splitlines()[-1])["jobs_per_s"])


def noop_rounds(c: int, env: dict[str, str]) -> dict[str, list[float]]:
    """The four no-op workloads, interleaved ROUNDS times: one run of ~1 s is at the mercy of whatever
    else the two cores do at that moment, so the table reports medians and the spread of the ratios."""
    runs: dict[str, list[float]] = {"ours": [], "bare": [], "stock": [], "node": []}
    for _ in range(ROUNDS):
        runs["ours"].append(uvloop.run(ours(JOBS, c, 0)))
        runs["bare"].append(uvloop.run(raw(JOBS, c, stock=False)))
        runs["stock"].append(uvloop.run(raw(JOBS, c, stock=True)))
        node_rate = node(JOBS, c, env["REDIS_URL"])
        if node_rate:
            runs["node"].append(node_rate)
    return runs


def main() -> None:
    env = bench_environment()
    prepare_database(env)
    apply_env(env)
    rows: dict[str, Any] = {
        "jobs": JOBS,
        "io_jobs": IO_JOBS,
        "io_sleep_s": IO_SLEEP_S,
        "rounds": ROUNDS,
        "cores": os.cpu_count(),
    }
    ratios: list[float] = []
    for c in CONCURRENCIES:
        runs = noop_rounds(c, env)
        rows[f"ours_noop_c{c}"] = round(statistics.median(runs["ours"]))
        rows[f"ours_io_c{c}"] = round(uvloop.run(ours(IO_JOBS if c > 1 else IO_JOBS // 10, c, IO_SLEEP_S)))
        rows[f"bare_slotworker_noop_c{c}"] = round(statistics.median(runs["bare"]))
        rows[f"stock_bullmq_noop_c{c}"] = round(statistics.median(runs["stock"]))
        rows[f"node_noop_c{c}"] = round(statistics.median(runs["node"])) if runs["node"] else None
        if c == 50 and runs["node"]:
            ratios = [o / n for o, n in zip(runs["ours"], runs["node"], strict=False)]
    rows["ours_noop_c50_2procs"] = round(processes(JOBS * 2, 50, 2, env))
    rows["ours_noop_c50_4procs"] = round(processes(JOBS * 2, 50, 4, env))
    node50 = rows.get("node_noop_c50")
    best = max(rows["ours_noop_c50"], rows["ours_noop_c50_2procs"], rows["ours_noop_c50_4procs"])
    rows["ratio_best_ours_to_node_c50"] = round(best / node50, 3) if node50 else None
    rows["ratio_ours_to_node_c50_per_round"] = [round(r, 3) for r in ratios]
    rows["ratio_ours_to_bare_c50"] = round(rows["ours_noop_c50"] / rows["bare_slotworker_noop_c50"], 3)
    rows["ratio_ours_to_stock_bullmq_c50"] = round(rows["ours_noop_c50"] / rows["stock_bullmq_noop_c50"], 3)
    print("queue throughput, jobs/s (no-op rows: medians of the rounds):")
    table([(k, str(v)) for k, v in rows.items()])
    print("wrote", write_result("queue", rows))


if __name__ == "__main__":
    main()
