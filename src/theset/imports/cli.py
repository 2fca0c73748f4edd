"""`theset import <tmAttractionId>`: kick off an import and follow it on a rich progress bar.

The bar is fed by the same progress stream the browser's SSE uses. When no worker is running, the CLI
processes the import itself (in-process worker on the artist-import queue) so the command always finishes.
The caller (theset/cli.py) hands in how to make that worker, so the import package never imports the
worker process, which sits above every domain package.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from theset.core.db import session_scope
from theset.core.events import Event, relay
from theset.core.queue_names import ARTIST_IMPORT
from theset.core.queues import heartbeats
from theset.core.redis import get_redis
from theset.imports import service
from theset.imports.progress import channel, is_terminal, status_event


class InlineWorker(Protocol):
    """What the CLI needs of a worker it runs itself (theset.worker.WorkerProcess)."""

    async def start(self) -> None: ...

    async def stop(self, timeout_s: float | None = None) -> None: ...


InlineWorkerFactory = Callable[[list[str]], InlineWorker]


async def _workers_for_imports() -> bool:
    """A live worker serves the artist-import queue (a crashed one's leftover heartbeat does not count)."""
    return any(b["alive"] and ARTIST_IMPORT in b.get("queues", []) for b in await heartbeats(get_redis()))


async def _follow(artist_id: uuid.UUID, console: Console) -> Event | None:
    async def current() -> Event | None:
        async with session_scope() as session:
            return status_event(await service.current_status(session, artist_id))

    last: Event | None = None
    columns = (
        TextColumn("[bold]{task.fields[stage]:<12}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("", total=100, stage="pending")
        async for event in relay(
            channel(artist_id), current, is_terminal=is_terminal, max_lifetime_s=6 * 3600
        ):
            last = event
            bar.update(
                task,
                completed=event.data["progress"],
                description=event.data["message"],
                stage=event.data["stage"],
            )
    return last


async def run_cli_import(
    tm_attraction_id: str, *, inline: bool | None, make_worker: InlineWorkerFactory
) -> int:
    console = Console()
    async with session_scope() as session:
        started = await service.request_import(session, tm_attraction_id)
    console.print(f"artist [bold]{started.artist_id}[/] ({started.slug}), job {started.job_id}")
    worker = None
    if inline or (inline is None and not await _workers_for_imports()):
        console.print("[dim]no worker is running the artist-import queue; importing in this process[/]")
        worker = make_worker([ARTIST_IMPORT])
        await worker.start()
    try:
        last = await _follow(started.artist_id, console)
    finally:
        if worker is not None:
            await worker.stop(timeout_s=5)
    if last is None or last.data["stage"] != "completed":
        console.print(f"[red]import failed:[/] {last.data['message'] if last else 'no progress received'}")
        return 1
    console.print(f"[green]done:[/] {last.data['message']}")
    return 0


async def _run_and_close(tm_attraction_id: str, inline: bool | None, make_worker: InlineWorkerFactory) -> int:
    from theset.core.db import dispose_engine
    from theset.core.queues import close_registry
    from theset.core.redis import close_redis

    try:
        return await run_cli_import(tm_attraction_id, inline=inline, make_worker=make_worker)
    finally:
        await close_registry()
        await close_redis()
        await dispose_engine()


def main(tm_attraction_id: str, inline: bool | None, make_worker: InlineWorkerFactory) -> int:
    return asyncio.run(_run_and_close(tm_attraction_id, inline, make_worker))
