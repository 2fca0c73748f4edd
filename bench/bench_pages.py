"""Fan page latency under 20 concurrent clients (wrk): the artist page of an artist with 1,200 shows and
a 2,000-song catalog, a show page with a 30-song predicted setlist, and the home page — with the read
cache warm, and cold (`READ_CACHE=false`: every request reads PostgreSQL). The seed ends as the hourly
trending job does (scores stored, boards cached), so the warm home page reads the cached board and the
cold one the stored ranking.

wrk reports the time from sending a request to receiving the whole response; these pages are 10-60 KB
on loopback, so that is the time to first byte plus well under a millisecond.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import uuid
from datetime import date, timedelta
from typing import Any

from bench._common import BIN, apply_env, bench_environment, parse_wrk, prepare_database, table, write_result
from theset.devenv import free_port, wait_http

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
DURATION_S = int(os.environ.get("BENCH_PAGE_SECONDS", "10"))
WEB_WORKERS = os.environ.get("BENCH_WEB_WORKERS", "2")
SHOWS = 1_200  # 1,000 upcoming, 200 played
SONGS = 2_000
SETLIST = 30
# Subsets for quicker comparisons, e.g. BENCH_PAGES=artist BENCH_MODES=cold; by default every page in
# both modes. A subset writes pages-partial.json, leaving the full run's pages.json alone.
PAGES = os.environ.get("BENCH_PAGES", "artist,show,home").split(",")
MODES = os.environ.get("BENCH_MODES", "warm,cold").split(",")


async def seed() -> dict[str, str]:
    from sqlalchemy import insert

    from theset.core.cache import close_cache
    from theset.core.db import dispose_engine, session_scope
    from theset.models import Artist, ArtistSong, Setlist, SetlistSong, Show, ShowArtist, Song, Venue
    from theset.trending import service as trending

    today = date.today()
    artist_id = uuid.uuid4()
    venues = [
        {"id": uuid.uuid4(), "tm_venue_id": f"BV{i}", "name": f"Hall {i}", "city": f"City {i}"}
        for i in range(40)
    ]
    shows = [
        {
            "id": uuid.uuid4(),
            "tm_event_id": f"BE{i}",
            "artist_id": artist_id,
            "venue_id": venues[i % 40]["id"],
            "date": today + timedelta(days=i - 200),
            "status": "onsale",
            "url": f"https://tm.example/{i}",
        }
        for i in range(SHOWS)
    ]
    songs = [
        {"id": uuid.uuid4(), "spotify_id": f"BS{i}", "name": f"Song {i}", "popularity": i % 100}
        for i in range(SONGS)
    ]
    async with session_scope() as session:
        await session.execute(
            insert(Artist).values(
                id=artist_id,
                name="Bench Band",
                slug="bench-band",
                import_state="complete",
                tm_attraction_id="BENCHA",
            )
        )
        await session.execute(insert(Venue), venues)
        await session.execute(insert(Show), shows)
        links = [{"show_id": s["id"], "artist_id": artist_id, "role": "headliner"} for s in shows]
        await session.execute(insert(ShowArtist), links)
        await session.execute(insert(Song), songs)
        await session.execute(
            insert(ArtistSong), [{"artist_id": artist_id, "song_id": s["id"]} for s in songs]
        )
        lists = []
        entries = []
        for show in shows[150:260]:  # 50 played shows and 60 upcoming ones with predictions
            setlist_id = uuid.uuid4()
            lists.append({"id": setlist_id, "show_id": show["id"], "kind": "predicted"})
            entries += [
                {
                    "setlist_id": setlist_id,
                    "song_id": songs[j]["id"],
                    "title": songs[j]["name"],
                    "position": j + 1,
                    "vote_count": (j * 7) % 23,
                }
                for j in range(SETLIST)
            ]
            if show["date"] < today:
                actual_id = uuid.uuid4()
                lists.append({"id": actual_id, "show_id": show["id"], "kind": "actual"})
                entries += [
                    {
                        "setlist_id": actual_id,
                        "song_id": songs[j * 2]["id"],
                        "title": songs[j * 2]["name"],
                        "position": j + 1,
                    }
                    for j in range(20)
                ]
        await session.execute(insert(Setlist), lists)
        await session.execute(insert(SetlistSong), entries)
    async with session_scope() as session:  # what the hourly job does: scores stored, boards cached
        result = await trending.recalculate(session)
    await trending.publish(result.boards)
    await close_cache()
    await dispose_engine()
    return {"artist": "/artists/bench-band", "show": f"/shows/{shows[210]['id']}", "home": "/"}


def start_web(env: dict[str, str], read_cache: bool) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", WEB_WORKERS],
        env={**os.environ, **env, "READ_CACHE": "true" if read_cache else "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    if not wait_http(f"{url}/readyz", timeout_s=120, proc=proc):  # a busy box starts slowly
        proc.kill()
        raise RuntimeError("web app did not become ready")
    return proc, url


def wrk(url: str) -> dict[str, Any]:
    # A generous timeout: a slow response is measured, not dropped from the distribution.
    base = ["wrk", "-t2", f"-c{CLIENTS}", "--timeout", "10s", "-H", "Accept: text/html"]
    subprocess.run([*base, "-d2s", url], capture_output=True, check=True)  # warm-up (fills a warm cache)
    out = subprocess.run(
        [*base, f"-d{DURATION_S}s", "--latency", url], capture_output=True, text=True, check=True
    )
    return parse_wrk(out.stdout)


def main() -> None:
    if shutil.which("wrk") is None:
        print("wrk is missing (make bench-deps installs it): page benchmark skipped")
        return
    env = bench_environment()
    prepare_database(env)
    apply_env(env)
    paths = asyncio.run(seed())
    results: dict[str, Any] = {
        "clients": CLIENTS,
        "web_workers": int(WEB_WORKERS),
        "shows": SHOWS,
        "songs": SONGS,
    }
    for mode, read_cache in (("warm", True), ("cold", False)):
        if mode not in MODES:
            continue
        proc, url = start_web(env, read_cache)
        try:
            results[mode] = {name: wrk(url + path) for name, path in paths.items() if name in PAGES}
        finally:
            proc.terminate()
            proc.wait(15)
    rows = []
    for mode in MODES:
        for name, r in results[mode].items():
            figures = f"p50 {r.get('p50_ms')} ms  p99 {r.get('p99_ms')} ms  {r.get('requests_per_s')} req/s"
            rows.append(
                (f"{name} ({mode})", f"{figures}  errors {r['errors']}  timeouts {r.get('timeouts', 0)}")
            )
    results["load_average"] = os.getloadavg()  # the box is shared: say how busy it was
    print(
        f"fan pages, {CLIENTS} concurrent clients (goal: p99 < 100 ms warm), load {results['load_average']}:"
    )
    table(rows)
    full = set(PAGES) >= set(paths) and set(MODES) >= {"warm", "cold"}
    print("wrote", write_result("pages" if full else "pages-partial", results))


if __name__ == "__main__":
    main()
