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


def test_every_documented_command_exists_and_answers_help() -> None:
    import typer

    from theset.cli import app

    commands = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    documented = {"serve", "worker", "simulator", "db", "import", "queues", "demo", "services", "users"}
    assert documented <= commands
    assert run("--help").returncode == 0 and run("users", "--help").returncode == 0


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


def _user_cli(*args: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [THESET, "users", *args],
        input=password + "\n",
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_users_create_makes_an_admin_who_can_sign_in(
    committed_db: AsyncEngine, redis_client: object
) -> None:
    from sqlalchemy import select

    from theset.core.db import get_sessionmaker
    from theset.models import User
    from theset.users import service

    password = "a long enough admin password"
    made = _user_cli(
        "create",
        "--email",
        "Op@Example.com",
        "--name",
        "Operator",
        "--admin",
        "--password-stdin",
        password=password,
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("created admin user ") and password not in made.stdout + made.stderr
    again = _user_cli(
        "create", "--email", "op@example.com", "--name", "Twin", "--password-stdin", password=password
    )
    assert again.returncode == 1 and "already exists" in again.stderr and "Traceback" not in again.stderr
    weak = _user_cli(
        "create", "--email", "x@example.com", "--name", "X", "--password-stdin", password="short"
    )
    assert weak.returncode == 1 and "password" in weak.stderr
    revoked = _user_cli("set-admin", "op@example.com", "--revoke", password="")
    assert revoked.returncode == 0, revoked.stderr
    missing = _user_cli("set-admin", "ghost@example.com", password="")
    assert missing.returncode == 1 and "no account" in missing.stderr
    async with get_sessionmaker()() as session:
        users = (await session.execute(select(User))).scalars().all()
        assert [(u.email, u.is_admin) for u in users] == [("op@example.com", False)]
        user = await service.authenticate(session, "op@example.com", password)
        assert user is not None
    from theset.core.redis import get_redis
    from theset.users import sessions

    tokens = [await sessions.create(get_redis(), user.id) for _ in range(2)]
    signed_out = _user_cli("sign-out", "op@example.com", password="")
    assert signed_out.returncode == 0 and "2 session(s) ended" in signed_out.stdout, signed_out.stderr
    assert [await sessions.resolve(get_redis(), t) for t in tokens] == [None, None]
    assert _user_cli("sign-out", "ghost@example.com", password="").returncode == 1
