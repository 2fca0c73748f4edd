"""The `theset` command as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.imports.conftest import FAST_CLIENT_ENV

THESET = str(Path(sys.executable).parent / "theset")


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [THESET, *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_help_lists_every_command() -> None:
    out = run("--help").stdout
    for command in ("serve", "worker", "simulator", "db", "import", "queues", "demo", "services"):
        assert command in out


def test_invalid_configuration_names_the_variable_and_exits_2() -> None:
    result = run("db", "current", env={"QUEUE_CONCURRENCY_NOT_A_QUEUE": "2"})
    assert result.returncode == 2
    assert "QUEUE_CONCURRENCY_NOT_A_QUEUE" in result.stderr
    assert "Traceback" not in result.stderr


def test_worker_rejects_unknown_queues() -> None:
    result = run("worker", "--queues", "no-such-queue")
    assert result.returncode == 2 and "no-such-queue" in result.stderr


def test_import_rejects_a_malformed_id() -> None:
    result = run("import", "not an id!")
    assert result.returncode == 2 and "not a Ticketmaster attraction id" in result.stderr


@pytest.mark.slow
def test_import_follows_progress_and_sets_the_exit_code(
    sim_url: str, committed_db: AsyncEngine, redis_client: object
) -> None:
    import httpx

    env = {**FAST_CLIENT_ENV, "SIMULATOR_URL": sim_url}
    with httpx.Client(base_url=sim_url) as sim:
        sim.post("/_sim/reset").raise_for_status()
        sim.post(
            "/_sim/config", json={"musicbrainz_rate_per_s": 0, "spotify_daily_quota": 0}
        ).raise_for_status()
        tm_id = next(a for a in sim.get("/_sim/artists").json()["artists"] if a["key"] == "juniper-vale")[
            "tmAttractionId"
        ]
    ok = run("import", tm_id, "--inline", env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "completed" in ok.stdout and "done" in ok.stdout
    failed = run("import", "K8vZ9UNKNOWN2", "--inline", env=env)
    assert failed.returncode == 1
    assert "does not know this attraction" in failed.stdout
