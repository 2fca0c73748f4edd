"""The `theset` command line."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Annotated, Any, TypeVar

import typer
import uvloop

from theset.core.config import ConfigError, get_settings

T = TypeVar("T")
app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="TheSet: setlist voting platform.",
)
db_app = typer.Typer(no_args_is_help=True, help="Database migrations.")
app.add_typer(db_app, name="db")
users_app = typer.Typer(no_args_is_help=True, help="User accounts (admins sign in to /admin with them).")
app.add_typer(users_app, name="users")
predictions_app = typer.Typer(no_args_is_help=True, help="Setlist predictions.")
app.add_typer(predictions_app, name="predictions")


# Commands that bring their own servers; every other one joins a running `theset demo` if there is one.
OWN_SERVERS = {"demo", "services"}


@app.callback()
def _root(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand in OWN_SERVERS:
        return
    from theset.devenv import DEMO_ENV_FILE, load_demo_env

    if applied := load_demo_env():
        typer.secho(f"using the running demo's {', '.join(applied)} ({DEMO_ENV_FILE})", dim=True, err=True)


def _settings_or_exit() -> None:
    try:
        get_settings()
    except ConfigError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from None


def unreachable_message(exc: BaseException) -> str | None:
    """One line for a server that does not answer, instead of a traceback; None for other errors."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    from theset.core.logging import redact_text

    settings = get_settings()
    if isinstance(exc, RedisConnectionError | RedisTimeoutError):
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return redact_text(f"cannot reach Redis at {settings.redis_url} (REDIS_URL): {reason}")
    if isinstance(exc, OSError | TimeoutError):
        from sqlalchemy.engine import make_url

        where = make_url(settings.database_url).render_as_string(hide_password=True)
        return redact_text(f"cannot reach PostgreSQL at {where} (DATABASE_URL): {exc or type(exc).__name__}")
    return None


def _exit_if_unreachable(exc: BaseException) -> None:
    if (message := unreachable_message(exc)) is not None:
        typer.secho(message, fg="red", err=True)
        raise typer.Exit(1) from None


def _logging() -> None:
    from theset.core.logging import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Create the database if it is missing, then apply migrations up to REVISION (default: head)."""
    _settings_or_exit()
    from theset.core import migrate
    from theset.devenv import ensure_database

    ensure_database(get_settings().database_url)
    migrate.upgrade(revision)


@db_app.command("downgrade")
def db_downgrade(revision: str = typer.Argument("-1", help="target revision, e.g. -1 or base")) -> None:
    """Revert migrations down to REVISION."""
    _settings_or_exit()
    from theset.core import migrate

    migrate.downgrade(revision)


@db_app.command("current")
def db_current() -> None:
    """Print the database's revision and the code's head."""
    _settings_or_exit()
    from theset.core import migrate
    from theset.core.db import dispose_engine, get_engine

    async def _show() -> str | None:
        async with get_engine().connect() as conn:
            revision = await migrate.current_revision(conn)
        await dispose_engine()
        return revision

    typer.echo(f"database: {asyncio.run(_show())}  head: {migrate.head_revision()}")


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes")] = 1,
    reload: bool = False,
) -> None:
    """Run the web app (API, pages, SSE) with uvicorn."""
    _settings_or_exit()
    import uvicorn

    _logging()
    uvicorn.run(
        "theset.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        log_config=None,
        # The app honours forwarded headers itself, only from TRUSTED_PROXIES; uvicorn's own default
        # believes any peer on 127.0.0.1, so a client beside the proxy could pick its address.
        proxy_headers=False,
        timeout_graceful_shutdown=10,
    )


@app.command()
def worker(
    queues: Annotated[str | None, typer.Option(help="comma-separated queue names (default: all)")] = None,
    shutdown_timeout: Annotated[float | None, typer.Option(help="seconds to let jobs finish")] = None,
) -> None:
    """Run background job processors until SIGTERM/SIGINT."""
    _settings_or_exit()
    from theset.worker import run_worker

    _logging()
    names = [q.strip() for q in queues.split(",") if q.strip()] if queues else None
    try:
        uvloop.run(run_worker(names, shutdown_timeout=shutdown_timeout))
    except ValueError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from None


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def services(ctx: typer.Context) -> None:
    """Run a command with PostgreSQL and Redis provided: `theset services -- pytest -q`."""
    from theset.devenv import run_with_services

    if not ctx.args:
        typer.secho("usage: theset services -- COMMAND [ARGS...]", fg="red", err=True)
        raise typer.Exit(2)
    raise typer.Exit(run_with_services(list(ctx.args)))


def _run_or_exit(work: Coroutine[Any, Any, T]) -> T:
    """Run a command's coroutine; a domain error becomes its message and exit code 1."""
    from theset.core.errors import TheSetError

    try:
        return uvloop.run(work)
    except TheSetError as exc:
        typer.secho(exc.message, fg="red", err=True)
        raise typer.Exit(1) from None
    except Exception as exc:
        _exit_if_unreachable(exc)
        raise


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Option(help="sign-in e-mail")],
    name: Annotated[str, typer.Option(help="display name")],
    admin: Annotated[bool, typer.Option("--admin/--no-admin", help="may use /admin and /api/admin")] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="read the password from stdin instead of prompting")
    ] = False,
) -> None:
    """Create an account; the password is prompted for (or read from stdin), never taken as an argument."""
    _settings_or_exit()
    from theset.users import cli as users_cli

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    user_id = _run_or_exit(users_cli.create(email, name, password, is_admin=admin))
    typer.echo(f"created {'admin ' if admin else ''}user {user_id}")


@users_app.command("set-admin")
def users_set_admin(
    email: Annotated[str, typer.Argument(help="the account's e-mail")],
    revoke: Annotated[bool, typer.Option("--revoke", help="take admin away instead")] = False,
) -> None:
    """Grant (or with --revoke, take away) admin rights."""
    _settings_or_exit()
    from theset.users import cli as users_cli

    _run_or_exit(users_cli.grant_admin(email, is_admin=not revoke))
    typer.echo(f"{email}: admin {'revoked' if revoke else 'granted'}")


@users_app.command("sign-out")
def users_sign_out(email: Annotated[str, typer.Argument(help="the account's e-mail")]) -> None:
    """End every session of an account at once (it signs in again with its password)."""
    _settings_or_exit()
    from theset.users import cli as users_cli

    ended = _run_or_exit(users_cli.sign_out_everywhere(email))
    typer.echo(f"{email}: {ended} session(s) ended")


@predictions_app.command("backtest")
def predictions_backtest(
    artist: Annotated[
        str | None, typer.Option(help="artist id or slug (default: every artist with history)")
    ] = None,
    last: Annotated[int, typer.Option(min=1, max=1000, help="back-test the last K shows")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON for scripts")] = False,
) -> None:
    """Recall of the predictor and of two baselines over each artist's last K shows with a setlist."""
    _settings_or_exit()
    from rich.console import Console

    from theset.predictions import cli as predictions_cli

    found = _run_or_exit(predictions_cli.reports(artist, last))
    if as_json:
        typer.echo(predictions_cli.as_json(found))
    else:
        predictions_cli.print_tables(found, Console())


@app.command("import")
def import_artist(
    tm_attraction_id: Annotated[str, typer.Argument(help="Ticketmaster attraction id, e.g. K8vZ9171oZ7")],
    inline: Annotated[
        bool | None,
        typer.Option("--inline/--no-inline", help="process in this process (default: if no worker runs)"),
    ] = None,
) -> None:
    """Import an artist and follow its progress; exits non-zero if the import fails."""
    _settings_or_exit()
    import re

    from theset.imports.cli import main as import_main
    from theset.imports.schemas import TM_ID_PATTERN
    from theset.worker import WorkerProcess

    if not re.match(TM_ID_PATTERN, tm_attraction_id):
        typer.secho(f"not a Ticketmaster attraction id: {tm_attraction_id!r}", fg="red", err=True)
        raise typer.Exit(2)
    _logging()

    def make_worker(queues: list[str]) -> WorkerProcess:
        return WorkerProcess(queues, drain_delay_s=1)

    try:
        code = import_main(tm_attraction_id, inline, make_worker)
    except Exception as exc:
        _exit_if_unreachable(exc)
        raise
    raise typer.Exit(code)


@app.command()
def queues() -> None:
    """Print job counts for every queue."""
    _settings_or_exit()
    from rich.console import Console
    from rich.table import Table

    from theset.core.queue_names import QUEUE_NAMES
    from theset.core.queues import QueueRegistry

    async def _counts() -> list[tuple[str, dict[str, int], bool]]:
        registry = QueueRegistry()
        rows = []
        for name in QUEUE_NAMES:
            queue = registry.get(name)
            counts = await queue.getJobCounts(
                "waiting", "prioritized", "active", "delayed", "completed", "failed"
            )
            rows.append((name, counts, bool(await queue.isPaused())))
        await registry.close()
        return rows

    try:
        rows = asyncio.run(_counts())
    except Exception as exc:
        _exit_if_unreachable(exc)
        raise
    table = Table("queue", "waiting", "active", "delayed", "completed", "failed", "paused")
    for name, c, paused in rows:
        waiting = c.get("waiting", 0) + c.get("prioritized", 0)
        table.add_row(
            name,
            *(str(v) for v in (waiting, c["active"], c["delayed"], c["completed"], c["failed"])),
            "yes" if paused else "",
        )
    Console().print(table)


@app.command()
def demo(
    host: str = "127.0.0.1",
    port: int = 8000,
    simulator_port: int = 8900,
    workers: Annotated[int, typer.Option(help="worker processes")] = 1,
) -> None:
    """Run the whole system offline: PostgreSQL, Redis, simulator, web and workers."""
    from theset.demo import run_demo

    raise typer.Exit(run_demo(host, port, simulator_port, workers))


def _register_optional_commands() -> None:
    try:
        from theset_simulator.cli import command as simulator_command
    except ImportError:
        return
    app.command(
        "simulator", help="Run the upstream simulator (Ticketmaster, Spotify, setlist.fm, MusicBrainz)."
    )(simulator_command)


_register_optional_commands()


def main() -> None:  # pragma: no cover - console entry
    app(sys.argv[1:])
