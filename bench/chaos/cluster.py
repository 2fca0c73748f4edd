"""The system under test: its own PostgreSQL and Redis (AOF), the simulator, two web processes and
three workers, all on loopback; never the machine's shared servers."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from theset.devenv import free_port, wait_http
from theset.private_servers import PrivatePostgres, PrivateRedis

BIN = str(Path(sys.executable).parent / "theset")
ADMIN_TOKEN = "chaos-admin-token-0123456789"


@dataclass
class Cluster:
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="theset-chaos-")))
    webs: list[tuple[int, subprocess.Popen[bytes]]] = field(default_factory=list)
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    simulator: subprocess.Popen[bytes] | None = None
    sim_port: int = field(default_factory=free_port)

    def __post_init__(self) -> None:
        self.workdir.chmod(0o755)
        self.postgres = PrivatePostgres(self.workdir / "postgres")
        self.redis = PrivateRedis(self.workdir / "redis", appendonly=True)
        self.log = (self.workdir / "processes.log").open("ab")

    @property
    def sim_url(self) -> str:
        return f"http://127.0.0.1:{self.sim_port}"

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.postgres.url(),
            "REDIS_URL": self.redis.url,
            "SIMULATOR_URL": self.sim_url,
            "ADMIN_TOKEN": ADMIN_TOKEN,
            "QUEUE_PREFIX": "chaos",
            "LOG_LEVEL": "WARNING",
            # Brisk upstream pacing and recovery, so a run takes minutes rather than an hour.
            "TICKETMASTER_RATE_LIMIT": "50",
            "SPOTIFY_RATE_LIMIT": "100",
            "SETLISTFM_RATE_LIMIT": "50",
            "MUSICBRAINZ_RATE_LIMIT": "50",
            "HTTP_TIMEOUT_SECONDS": "2",
            "HTTP_MAX_RETRIES": "8",
            "REDIS_TIMEOUT_SECONDS": "1",
            "RECOVERY_INTERVAL_SECONDS": "2",
            "WORKER_LOCK_DURATION_MS": "5000",
            "WORKER_STALLED_INTERVAL_MS": "5000",
            "WORKER_SHUTDOWN_TIMEOUT": "5",
            "IMPORT_KICKOFFS_PER_MINUTE": "0",  # the load generator is one address
            **extra,
        }

    def _spawn(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [BIN, *args], env=env or self.env(), stdout=self.log, stderr=self.log, start_new_session=True
        )

    def start(self, web_count: int = 2, worker_count: int = 3) -> None:
        self.postgres.start()
        self.redis.start()
        subprocess.run([BIN, "db", "upgrade"], env=self.env(), check=True, capture_output=True)
        self.simulator = self._spawn(
            "simulator", "--port", str(self.sim_port), "--spotify-daily-quota", "0",
            "--ticketmaster-daily-quota", "0", "--setlistfm-daily-quota", "0", "--spotify-window-limit", "0",
            "--ticketmaster-rate", "0", "--setlistfm-rate", "0", "--musicbrainz-rate", "0",
            "--log-level", "warning",
        )  # fmt: skip
        if not wait_http(f"{self.sim_url}/_sim/artists", proc=self.simulator):
            raise RuntimeError("simulator did not start")
        for _ in range(web_count):
            port = free_port()
            self.webs.append((port, self._spawn("serve", "--port", str(port))))
        for _ in range(worker_count):
            self.start_worker()
        for port, proc in self.webs:
            if not wait_http(f"http://127.0.0.1:{port}/readyz", timeout_s=60, proc=proc):
                raise RuntimeError(f"web on {port} did not become ready")

    def start_worker(self) -> subprocess.Popen[bytes]:
        worker = self._spawn("worker")
        self.workers.append(worker)
        return worker

    @property
    def web_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port, _ in self.webs]

    def kill_worker(self) -> int:
        victim = next(w for w in self.workers if w.poll() is None)
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
        return victim.pid

    def stop(self) -> None:
        """Workers first, then web, then the simulator and the servers."""
        groups = [self.workers, [p for _, p in self.webs], [self.simulator] if self.simulator else []]
        for group in groups:
            for proc in group:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 20
            for proc in group:
                try:
                    proc.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    proc.kill()
        self.redis.kill()
        try:
            self.postgres.stop("immediate")
        except Exception as exc:  # already down: nothing to stop
            print(f"postgres stop: {exc}", file=sys.stderr)
        self.log.close()
        for data in (self.postgres.data_dir, self.redis.data_dir):  # the processes' log stays
            shutil.rmtree(data, ignore_errors=True)
