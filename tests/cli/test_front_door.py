"""The CLI with Redis unreachable, beside a running demo, and the demo's stop order (issue 13)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.redis_server import PrivateRedis, redis_binary
from theset import devenv
from theset.demo import Supervisor
from theset.devenv import free_port

THESET = str(Path(sys.executable).parent / "theset")
# A guard against a hang, not a measurement: the CLI gives up after 2 × REDIS_TIMEOUT_SECONDS.
HANG_GUARD_S = 120


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [THESET, *args], env=env, capture_output=True, text=True, timeout=HANG_GUARD_S, check=False
    )


@pytest.fixture
def cli_env(migrated_database: str, committed_db: object, tmp_path: Path) -> dict[str, str]:
    """committed_db empties the tables afterwards: a kickoff commits its run before the enqueue fails."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    return {**env, "DATABASE_URL": migrated_database, "THESET_STATE_DIR": str(tmp_path / "state")}


def _assert_one_line_about_redis(result: subprocess.CompletedProcess[str], url: str) -> None:
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"cannot reach Redis at {url}") and "Traceback" not in result.stdout


@pytest.mark.parametrize("command", [["import", "K8vZ9171ob7"], ["queues"]])
def test_nothing_listening(cli_env: dict[str, str], command: list[str]) -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    _assert_one_line_about_redis(run(*command, env={**cli_env, "REDIS_URL": url}), url)


@pytest.mark.skipif(redis_binary() is None, reason="no redis-server binary")
def test_a_frozen_redis_times_out(cli_env: dict[str, str], tmp_path: Path) -> None:
    server = PrivateRedis(tmp_path / "redis")
    server.start()
    try:
        server.freeze()
        result = run("import", "K8vZ9171ob7", env={**cli_env, "REDIS_URL": server.url})
    finally:
        server.kill()
    _assert_one_line_about_redis(result, server.url)


def test_commands_read_a_running_demos_settings(cli_env: dict[str, str], tmp_path: Path) -> None:
    demo_redis = f"redis://127.0.0.1:{free_port()}/0"
    env_file = Path(cli_env["THESET_STATE_DIR"]) / "env"
    env_file.parent.mkdir(parents=True)
    env_file.write_text(f"REDIS_URL={demo_redis}\nSIMULATOR_URL=http://127.0.0.1:1\n")
    result = run("queues", env=cli_env)
    assert f"cannot reach Redis at {demo_redis}" in result.stderr  # the demo's Redis, not the default
    assert "using the running demo's REDIS_URL, SIMULATOR_URL" in result.stderr
    mine = f"redis://127.0.0.1:{free_port()}/0"  # the environment still wins
    assert f"cannot reach Redis at {mine}" in run("queues", env={**cli_env, "REDIS_URL": mine}).stderr


def test_demo_env_file_holds_only_the_demo_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devenv, "DEMO_ENV_FILE", tmp_path / "env")
    path = devenv.write_demo_env(
        {"DATABASE_URL": "postgresql://x", "REDIS_URL": "redis://y", "HOME": "/root"}
    )
    assert path.read_text().splitlines()[1:] == ["DATABASE_URL=postgresql://x", "REDIS_URL=redis://y"]
    assert path.stat().st_mode & 0o077 == 0


def test_demo_stops_workers_before_the_web_app_and_the_simulator(tmp_path: Path) -> None:
    """Each child writes its name when it gets SIGTERM; the supervisor signals a group only once the
    previous one has exited, so the order is fixed without any timing."""
    log = tmp_path / "stopped"
    child = (
        "import signal, sys, pathlib\n"
        "def bye(*_):\n"
        f"    with open({str(log)!r}, 'a') as f: f.write(sys.argv[1] + '\\n')\n"
        "    sys.exit(0)\n"
        "signal.signal(signal.SIGTERM, bye)\n"
        "print('ready', flush=True)\n"
        "signal.pause()\n"
    )
    supervisor = Supervisor({})
    for name in ("simulator", "web", "worker-1", "worker-2"):
        proc = subprocess.Popen([sys.executable, "-c", child, name], stdout=subprocess.PIPE)
        assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
        supervisor.procs.append((name, proc))
    supervisor.stop()
    order = log.read_text().split()
    assert sorted(order[:2]) == ["worker-1", "worker-2"] and order[2:] == ["web", "simulator"]
