"""Voting under load (issue 11).

1. Votes/s through `POST /api/shows/{id}/votes` from 50 closed-loop fans, divided by pgbench's rate for
   the same SQL the endpoint runs (same database, same run), with latency percentiles; then one fan at a
   time (latency without queueing), and 50 fans all voting for one popular song (every vote locks that
   song's count row in turn). Afterwards the show's vote rows, its counts and the successful votes must
   agree exactly (0 lost, 0 extra).
2. 1,000 SSE listeners on one show: a vote is cast, and the time until each listener has the `votes`
   event carrying it is measured (p50/p99).

The client is a raw asyncio HTTP/1.1 client (keep-alive, pre-built requests, no httpx): light enough to
share the 2 cores with the server, and it counts every answer exactly, which wrk cannot (a request
still in flight when wrk stops is processed by the server but counted nowhere).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from bench._common import BIN, apply_env, bench_environment, prepare_database, summary_ms, table, write_result
from theset.devenv import free_port, wait_http

FANS = int(os.environ.get("BENCH_VOTE_FANS", "50"))
DURATION_S = float(os.environ.get("BENCH_VOTE_SECONDS", "15"))
SONGS = 400
SSE_SONGS = 30  # a show's predicted setlist as imports seed it: the snapshot each listener gets first
FANS_PER_CLIENT = 20
WARM_UP_S = 2.0
HOT_SECONDS = float(os.environ.get("BENCH_VOTE_HOT_SECONDS", "5"))
HOT_FANS = 6000  # one new fan per request for the popular-song phase (about 1,000 votes/s at most here)
LISTENERS = int(os.environ.get("BENCH_SSE_LISTENERS_VOTES", "1000"))
ROUNDS = int(os.environ.get("BENCH_SSE_ROUNDS", "20"))
SINGLE_FAN_S = float(os.environ.get("BENCH_VOTE_SINGLE_SECONDS", "5"))
WEB_WORKERS = os.environ.get("BENCH_WEB_WORKERS", "2")
SERVER_ENV = {
    "VOTES_PER_SHOW": "100000",
    "VOTES_PER_DAY": "100000",
    "SSE_MAX_STREAMS_PER_ADDRESS": str(LISTENERS + 100),
}


# --- a minimal HTTP/1.1 client ------------------------------------------------------------------
class Conn:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @staticmethod
    async def open(port: int) -> Conn:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
        return Conn(reader, writer)

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        body = await self.reader.readexactly(length) if length else b""
        return status, body

    def close(self) -> None:
        self.writer.close()


def post(path: str, body: dict[str, Any], cookie: str) -> bytes:
    payload = orjson.dumps(body)
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Cookie: theset_session={cookie}\r\nContent-Length: {len(payload)}\r\n\r\n"
    ).encode() + payload


# --- fixtures in the bench database ---------------------------------------------------------------
@dataclass
class Fixture:
    show_id: uuid.UUID
    song_ids: list[uuid.UUID]
    tokens: list[str]
    pg_show_id: uuid.UUID
    extra: dict[str, Any] = field(default_factory=dict)


async def make_fixture() -> Fixture:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import insert

    from theset.core.db import dispose_engine, session_scope
    from theset.core.redis import close_redis, get_redis
    from theset.models import Artist, Setlist, SetlistSong, Show, User
    from theset.users import sessions

    starts = datetime.now(UTC) + timedelta(days=30)
    count = FANS * FANS_PER_CLIENT + HOT_FANS
    fans = [uuid.uuid5(uuid.NAMESPACE_OID, f"bench-fan-{n}") for n in range(count)]
    shows: list[tuple[uuid.UUID, list[uuid.UUID]]] = []
    async with session_scope() as session:
        artist = Artist(name="Bench Band", slug="bench-band")
        session.add(artist)
        await session.flush()
        for label, songs in (("http", SONGS), ("pgbench", SONGS), ("sse", SSE_SONGS)):
            show = Show(artist_id=artist.id, name=f"Bench {label}", starts_at=starts, date=starts.date())
            session.add(show)
            await session.flush()
            setlist = Setlist(show_id=show.id, kind="predicted")
            session.add(setlist)
            await session.flush()
            ids = [uuid.uuid5(uuid.NAMESPACE_OID, f"bench-{label}-song-{n}") for n in range(songs)]
            rows = [
                {"id": i, "setlist_id": setlist.id, "title": f"Song {n}", "position": n + 1}
                for n, i in enumerate(ids)
            ]
            await session.execute(insert(SetlistSong), rows)
            shows.append((show.id, ids))
        users = [{"id": f, "email": f"{f.hex}@bench.invalid", "display_name": f.hex[:8]} for f in fans]
        await session.execute(insert(User), users)
    all_tokens = [await sessions.create(get_redis(), f) for f in fans]
    tokens, hot_tokens = all_tokens[: FANS * FANS_PER_CLIENT], all_tokens[FANS * FANS_PER_CLIENT :]
    await close_redis()
    await dispose_engine()
    extra = {
        "pg_songs": shows[1][1],
        "fans": fans[: len(tokens)],
        "sse_show": shows[2][0],
        "sse_songs": shows[2][1],
        "hot_tokens": hot_tokens,
    }
    return Fixture(shows[0][0], shows[0][1], tokens, shows[1][0], extra)


# --- 1. votes/s over HTTP ---------------------------------------------------------------------------
def server_cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system) used so far by the server process and its workers (Linux /proc): a
    cost per vote that other work on a shared machine does not inflate the way it inflates latency."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0
        for proc in [pid, *map(int, children)]:
            fields = Path(f"/proc/{proc}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


# Which song a client votes for on its j-th request, and as which fan (a session token); None: stop.
Ballot = Callable[[int, int], tuple[uuid.UUID, str] | None]


def spread_ballots(fx: Fixture) -> Ballot:
    """Each client votes as its 20 fans in turn, over the show's 400 songs; every request is a new vote:
    a fan's votes, over every phase, go to the next song after the fan's last one (a client that the
    web processes happen to serve faster than the others simply reaches further)."""
    cast = fx.extra.setdefault("votes_by_fan", [0] * len(fx.tokens))

    def ballot(c: int, j: int) -> tuple[uuid.UUID, str]:
        fan = c * FANS_PER_CLIENT + j % FANS_PER_CLIENT
        if cast[fan] >= SONGS:
            raise RuntimeError(f"fan {fan} has voted for all {SONGS} songs: lengthen the setlist")
        cast[fan] += 1
        return fx.song_ids[(cast[fan] + fan * 13) % SONGS], fx.tokens[fan]

    return ballot


def one_song_ballots(fx: Fixture) -> Ballot:
    """Every request a new fan, every vote for the same song: the popular song whose count row every
    vote has to lock in turn."""
    fans = iter(fx.extra["hot_tokens"])
    song = fx.song_ids[-1]

    def ballot(_c: int, _j: int) -> tuple[uuid.UUID, str] | None:
        token = next(fans, None)
        return None if token is None else (song, token)

    return ballot


async def http_votes(
    port: int, fx: Fixture, ballot: Ballot, *, clients: int = FANS, seconds: float = DURATION_S
) -> dict[str, Any]:
    """`clients` closed-loop connections voting as `ballot` says, for `seconds`."""
    path = f"/api/shows/{fx.show_id}/votes"
    latencies: list[float] = []
    ok = errors = 0
    stop_at = 0.0

    async def client(c: int) -> None:
        nonlocal ok, errors
        conn = await Conn.open(port)
        j = 0
        try:
            while time.perf_counter() < stop_at and (next_vote := ballot(c, j)) is not None:
                song, token = next_vote
                raw = post(path, {"setlistSongId": str(song)}, token)
                started = time.perf_counter()
                status, _ = await conn.request(raw)
                latencies.append(time.perf_counter() - started)
                ok += status == 200
                errors += status != 200
                j += 1
        finally:
            conn.close()

    stop_at = time.perf_counter() + seconds
    began = time.perf_counter()
    await asyncio.gather(*(client(c) for c in range(clients)))
    elapsed = time.perf_counter() - began
    return {"clients": clients, "seconds": round(elapsed, 1), "ok": ok, "errors": errors,
            "votes_per_s": round(ok / elapsed, 1), **summary_ms(latencies)}  # fmt: skip


# pgbench variables are integers, so ids come from two small lookup tables (bench_fans, bench_songs).
FAN = "(SELECT id FROM bench_fans WHERE n = :f)"
PGBENCH_PARAMS = {
    "now": "now()",
    "show": "'{show}'::uuid",
    "song": "(SELECT id FROM bench_songs WHERE n = :s)",
    "vote_id": "gen_random_uuid()",
    "user_id": FAN,
    "anon_id": "NULL::uuid",
    "day": "current_date",
    "per_day": SERVER_ENV["VOTES_PER_DAY"],
    "per_show": SERVER_ENV["VOTES_PER_SHOW"],
}


def pgbench_script(show_id: uuid.UUID, fans: int, songs: int) -> str:
    """The statement POST /api/shows/{id}/votes runs for a signed-in fan's vote (the endpoint's own text,
    votes/repository.py), on its own as the endpoint runs it (no transaction around it), with its
    parameters drawn as the HTTP phase draws them: a random fan and song of the show."""
    from theset.votes.repository import _CAST

    if set(_CAST._bindparams) != set(PGBENCH_PARAMS):
        raise RuntimeError(f"the vote statement's parameters changed: {sorted(_CAST._bindparams)}")
    values = {name: sql.replace("{show}", str(show_id)) for name, sql in PGBENCH_PARAMS.items()}
    body = re.sub(r"(?<!:):(\w+)", lambda m: values[m.group(1)], _CAST.text).strip()
    return f"\\set f random(0, {fans - 1})\n\\set s random(0, {songs - 1})\n{body};\n"


def _libpq_url(database_url: str) -> str:
    return database_url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def _pgbench_tables(fx: Fixture) -> None:
    """Lookup tables from pgbench's integer variables to the fixture's ids."""
    from sqlalchemy import text

    from theset.core.db import dispose_engine, session_scope

    async with session_scope() as session:
        await session.execute(text("CREATE TABLE bench_fans (n int PRIMARY KEY, id uuid NOT NULL)"))
        await session.execute(text("CREATE TABLE bench_songs (n int PRIMARY KEY, id uuid NOT NULL)"))
        fans = [{"n": n, "id": f} for n, f in enumerate(fx.extra["fans"])]
        songs = [{"n": n, "id": s} for n, s in enumerate(fx.extra["pg_songs"])]
        await session.execute(text("INSERT INTO bench_fans VALUES (:n, :id)"), fans)
        await session.execute(text("INSERT INTO bench_songs VALUES (:n, :id)"), songs)
    await dispose_engine()


def pgbench(env: dict[str, str], fx: Fixture) -> dict[str, Any] | None:
    """The endpoint's statement for one new vote, from as many clients, on a show of its own (pgbench
    cannot branch, so a rare repeated pair would skew that show's counts)."""
    if shutil.which("pgbench") is None:
        return None
    asyncio.run(_pgbench_tables(fx))
    script = pgbench_script(fx.pg_show_id, len(fx.tokens), SONGS)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as handle:
        handle.write(script)
    try:
        command = ["pgbench", "-n", "-M", "prepared", "-c", str(FANS), "-j", "2", "-T", str(int(DURATION_S))]
        out = subprocess.run(
            [*command, "-f", handle.name, _libpq_url(env["DATABASE_URL"])],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        Path(handle.name).unlink()
    result: dict[str, Any] = {"clients": FANS}
    for line in out.splitlines():
        if line.startswith("tps ="):
            result["tps"] = round(float(line.split()[2]), 1)
        elif line.startswith("latency average"):
            result["latency_avg_ms"] = float(line.split()[3])
    return result


async def exactness(fx: Fixture) -> dict[str, int]:
    from sqlalchemy import text

    from theset.core.db import dispose_engine, session_scope

    async with session_scope() as session:
        rows = await session.execute(
            text(
                "SELECT count(*) FROM votes v JOIN setlist_songs ss ON ss.id = v.setlist_song_id "
                "JOIN setlists sl ON sl.id = ss.setlist_id WHERE sl.show_id = :s"
            ),
            {"s": fx.show_id},
        )
        counts = await session.execute(
            text(
                "SELECT coalesce(sum(ss.vote_count), 0) FROM setlist_songs ss "
                "JOIN setlists sl ON sl.id = ss.setlist_id WHERE sl.show_id = :s"
            ),
            {"s": fx.show_id},
        )
        result = {"rows": int(rows.scalar_one()), "counts": int(counts.scalar_one())}
    await dispose_engine()
    return result


# --- 2. one vote to 1,000 listeners -----------------------------------------------------------------
class SseListener(asyncio.Protocol):
    """One listener's stream, parsed in `data_received` (no reader task per listener): the load
    generator shares the two cores with the server, and a StreamReader.readline() wake-up per line for
    a thousand streams was itself tens of milliseconds of every fan-out it timed."""

    def __init__(self, request: bytes, arrivals: dict[str, list[float]], on_snapshot: Any) -> None:
        self.request, self.arrivals, self.on_snapshot = request, arrivals, on_snapshot
        self.buffer = b""
        self.transport: asyncio.BaseTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        transport.write(self.request)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        at = time.perf_counter()
        *lines, self.buffer = (self.buffer + data).split(b"\n")
        for line in lines:
            if line.startswith(b"event: snapshot"):
                self.on_snapshot()
            elif line.startswith(b'data: {"type":"votes"'):
                for song in orjson.loads(line[6:])["counts"]:
                    self.arrivals.setdefault(song, []).append(at)


async def sse_delivery(port: int, fx: Fixture) -> dict[str, Any]:
    """Every listener parses its stream; each round casts one vote (a song nobody voted yet, so its
    count is new) and records, per listener, when the `votes` event naming that song arrived."""
    show_id, songs = fx.extra["sse_show"], fx.extra["sse_songs"]
    arrivals: dict[str, list[float]] = {}
    connected = 0
    all_connected = asyncio.Event()

    def on_snapshot() -> None:
        nonlocal connected
        connected += 1
        if connected == LISTENERS:
            all_connected.set()

    request = f"GET /api/shows/{show_id}/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    loop = asyncio.get_running_loop()
    listeners: list[SseListener] = []
    for _ in range(0, LISTENERS, 100):  # in batches, as pages open: not 1,000 handshakes at once
        batch = [
            SseListener(request, arrivals, on_snapshot) for _ in range(min(100, LISTENERS - len(listeners)))
        ]
        for listener in batch:
            await loop.create_connection(lambda listener=listener: listener, "127.0.0.1", port)  # type: ignore[misc]
        listeners += batch
        await asyncio.sleep(0.2)
    await asyncio.wait_for(all_connected.wait(), 600)
    delays: list[float] = []
    conn = await Conn.open(port)
    path = f"/api/shows/{show_id}/votes"
    try:
        for r in range(ROUNDS):
            song = str(songs[r % len(songs)])
            fan = fx.tokens[-1 - r]
            sent = time.perf_counter()
            status, _ = await conn.request(post(path, {"setlistSongId": song}, fan))
            assert status == 200, status
            deadline = time.perf_counter() + 30
            while len(arrivals.get(song, ())) < LISTENERS and time.perf_counter() < deadline:
                await asyncio.sleep(0.005)
            delays += [at - sent for at in arrivals.get(song, ())]
            await asyncio.sleep(0.4)  # past the coalescing period: each round's vote is a leading edge
    finally:
        conn.close()
        for listener in listeners:
            if listener.transport is not None:
                listener.transport.close()
    delivered = len(delays)
    return {"listeners": LISTENERS, "rounds": ROUNDS, "delivered": delivered,
            "expected": LISTENERS * ROUNDS, **summary_ms(delays)}  # fmt: skip


def start_web(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", WEB_WORKERS],
        env={**os.environ, **env, **SERVER_ENV},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if not wait_http(f"http://127.0.0.1:{port}/readyz", timeout_s=120, proc=proc):  # slow on a busy box
        proc.kill()
        raise RuntimeError("web app did not become ready")
    return proc, port


def _run(coro: Any) -> Any:
    try:
        import uvloop

        return uvloop.run(coro)
    except ImportError:  # pragma: no cover - uvloop ships with uvicorn[standard]
        return asyncio.run(coro)


def main() -> None:
    env = bench_environment()
    prepare_database(env)
    apply_env(env)
    fx = asyncio.run(make_fixture())
    proc, port = start_web(env)
    try:
        # Not measured: each web process opens its pool's connections and prepares the statement.
        warm_up = _run(http_votes(port, fx, spread_ballots(fx), seconds=WARM_UP_S))
        cpu_before = server_cpu_s(proc.pid)
        http = _run(http_votes(port, fx, spread_ballots(fx)))
        cpu_after = server_cpu_s(proc.pid)
        if cpu_before is not None and cpu_after is not None and http["ok"]:
            http["web_cpu_ms_per_vote"] = round(1000 * (cpu_after - cpu_before) / http["ok"], 2)
        print("HTTP votes:", http, flush=True)
        # Latency without queueing: one fan at a time (each vote still a new one).
        single = _run(http_votes(port, fx, spread_ballots(fx), clients=1, seconds=SINGLE_FAN_S))
        print("HTTP votes, one client:", single, flush=True)
        hot = _run(http_votes(port, fx, one_song_ballots(fx), seconds=HOT_SECONDS))
        print("HTTP votes, one popular song:", hot, flush=True)
        try:
            sse = _run(sse_delivery(port, fx))
        except Exception as exc:  # keep the vote figures even if the listeners could not all connect
            sse = {"listeners": LISTENERS, "error": repr(exc)}
    finally:
        proc.terminate()
        proc.wait(15)
    pg = pgbench(env, fx)
    check = asyncio.run(exactness(fx))
    # The SSE rounds vote on a show of their own.
    successful = warm_up["ok"] + http["ok"] + single["ok"] + hot["ok"]
    check |= {"successful_votes": successful, "lost": max(0, successful - check["rows"]),
              "extra": max(0, check["rows"] - successful)}  # fmt: skip
    ratio = round(http["votes_per_s"] / pg["tps"], 2) if pg and pg.get("tps") else None
    print(f"votes through POST /api/shows/{{id}}/votes, {FANS} closed-loop fans (goal: p99 < 50 ms):")
    table([(k, str(v)) for k, v in http.items()])
    print("one client at a time (no queueing):")
    table([(k, str(v)) for k, v in single.items()])
    print(f"{FANS} closed-loop fans, every vote for one song:")
    table([(k, str(v)) for k, v in hot.items()])
    print("pgbench, the same SQL, same database:")
    table([(k, str(v)) for k, v in (pg or {"pgbench": "not installed"}).items()])
    print(f"ratio HTTP / pgbench (goal >= 0.3): {ratio}")
    print("exactness (goal: rows = counts = successful votes):")
    table([(k, str(v)) for k, v in check.items()])
    print(f"one vote to {LISTENERS} SSE listeners, delivery time (goal: p99 < 100 ms):")
    table([(k, str(v)) for k, v in sse.items()])
    print(
        "wrote",
        write_result(
            "votes",
            {
                "http": http,
                "http_one_client": single,
                "http_one_song": hot,
                "pgbench": pg,
                "ratio": ratio,
                "exactness": check,
                "sse": sse,
            },
        ),
    )


if __name__ == "__main__":
    main()
