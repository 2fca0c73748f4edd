"""Debian's PgBouncer in transaction-pooling mode, started by a test on a free port in front of the test
database (the only way to see what a managed PostgreSQL's pooler does to asyncpg)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from sqlalchemy.engine import make_url

from theset.devenv import free_port


def pgbouncer_binary() -> str | None:
    return shutil.which("pgbouncer") or next(
        (p for p in ("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer") if os.access(p, os.X_OK)), None
    )


class PgBouncer:
    def __init__(self, workdir: Path, database_url: str, *, pool_size: int = 2) -> None:
        self.workdir, self.target, self.pool_size = workdir, make_url(database_url), pool_size
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return self.target.set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)

    def _config(self) -> Path:
        t = self.target
        password = f" password={t.password}" if t.password else ""
        target = f"host={t.host or '127.0.0.1'} port={t.port or 5432} dbname={t.database} user={t.username}"
        ini = f"""
[databases]
{t.database} = {target}{password}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.port}
unix_socket_dir =
auth_type = any
pool_mode = transaction
default_pool_size = {self.pool_size}
max_client_conn = 200
server_reset_query = DISCARD ALL
server_reset_query_always = 1
ignore_startup_parameters = extra_float_digits,options,statement_timeout
"""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.workdir.chmod(0o755)
        path = self.workdir / "pgbouncer.ini"
        path.write_text(ini)
        path.chmod(0o644)
        return path

    def start(self, timeout_s: float = 20.0) -> None:
        binary = pgbouncer_binary()
        assert binary is not None
        args = [binary, str(self._config())]
        if os.geteuid() == 0:  # PgBouncer refuses to run as root
            args[1:1] = ["-u", "nobody"]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout_s
        while True:  # readiness: it accepts connections once it listens
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    err = self.process.stderr.read().decode() if self.process.stderr else ""
                    raise RuntimeError(f"pgbouncer did not start: {err[-500:]}") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
