"""`theset demo`: everything on one machine, offline — servers, simulator, web, workers.

Each part runs as its own process (as in production), with the environment pointing the app at the
provided PostgreSQL/Redis and at the bundled upstream simulator. Ctrl-C stops everything.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from theset.devenv import DEMO_ENV_FILE, _say, port_open, provided_services, wait_http, write_demo_env

BIN = Path(sys.executable).parent / "theset"
# The prolific simulator artist (13k tracks) takes an hour at a real Spotify pace: import it by hand.
SKIP_PROFILES = {"prolific"}
# The demo plays the 2026 development profile, minus the daily quota that would end the demo early.
# Spotify publishes no rate: the demo allows a brisker 15/s (and the simulator a matching window) so the
# demo artists finish in a couple of minutes; the other providers keep their real limits.
SIMULATOR_ARGS = ("--spotify-daily-quota", "0", "--spotify-window-limit", "540", "--log-level", "warning")
DEMO_SPOTIFY_RATE = "15"
# Only for the local demo (set ADMIN_TOKEN to use your own); never a production default.
DEMO_ADMIN_TOKEN = "theset-demo-admin"  # noqa: S105


class Supervisor:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.procs: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, *args: str) -> None:
        proc = subprocess.Popen([str(BIN), *args], env=self.env, start_new_session=True)
        self.procs.append((name, proc))
        _say(f"started {name} (pid {proc.pid})")

    def dead(self) -> list[str]:
        return [name for name, proc in self.procs if proc.poll() is not None]

    def stop(self) -> None:
        """Workers first (their in-flight imports still call the simulator while they hand back), then
        the web app, then the simulator: stopping all at once made a running import log a burst of
        connection errors on Ctrl-C."""
        workers = [(n, p) for n, p in self.procs if n.startswith("worker")]
        web = [(n, p) for n, p in self.procs if n == "web"]
        rest = [(n, p) for n, p in self.procs if (n, p) not in workers + web]
        for group in (workers, web, rest):
            self._stop_group(group)

    @staticmethod
    def _stop_group(group: list[tuple[str, subprocess.Popen[bytes]]]) -> None:
        for _, proc in group:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 40
        for name, proc in group:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _say(f"{name} did not stop in time; killing it")
                proc.kill()


def _import_demo_artists(app_url: str, sim_url: str) -> None:
    """Kick off imports through the public API, exactly as the search page does."""
    try:
        artists = httpx.get(f"{sim_url}/_sim/artists", timeout=5).json()["artists"]
    except (httpx.HTTPError, ValueError, KeyError):
        _say("simulator not reachable: no demo artists imported")
        return
    for artist in artists:
        if artist.get("profile") in SKIP_PROFILES:
            continue
        body = {"tmAttractionId": artist["tmAttractionId"], "name": artist["name"]}
        response = httpx.post(f"{app_url}/api/artists/import", json=body, timeout=10)
        if response.status_code == 200:
            _say(f"importing {artist['name']}: {app_url}/artists/{response.json()['slug']}")
        else:
            _say(f"import of {artist['name']} refused: {response.text[:200]}")


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM both stop the demo cleanly, even when started from a script that made the
    process ignore SIGINT (as non-interactive shells do for background jobs)."""

    def _interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)


def run_demo(host: str = "127.0.0.1", port: int = 8000, sim_port: int = 8900, workers: int = 1) -> int:
    _stop_on_signals()
    if port_open(host, port):
        _say(f"port {port} is already in use; pass --port to choose another")
        return 2
    with provided_services() as services:
        env = {**os.environ, **services.env(), "SIMULATOR_URL": f"http://127.0.0.1:{sim_port}"}
        env.setdefault("ADMIN_TOKEN", DEMO_ADMIN_TOKEN)
        env.setdefault("SPOTIFY_RATE_LIMIT", DEMO_SPOTIFY_RATE)
        # Ctrl-C should feel quick: imports still running are handed back and resume on the next start.
        env.setdefault("WORKER_SHUTDOWN_TIMEOUT", "5")
        supervisor = Supervisor(env)
        try:
            migrate = subprocess.run([str(BIN), "db", "upgrade"], env=env, check=False)
            if migrate.returncode != 0:
                _say("migrations failed")
                return migrate.returncode
            if "TICKETMASTER_API_KEY" not in os.environ and not port_open("127.0.0.1", sim_port):
                supervisor.start(
                    "simulator", "simulator", "--host", "127.0.0.1", "--port", str(sim_port), *SIMULATOR_ARGS
                )
                wait_http(f"http://127.0.0.1:{sim_port}/_sim/artists")
            supervisor.start("web", "serve", "--host", host, "--port", str(port))
            for index in range(workers):
                supervisor.start(f"worker-{index + 1}", "worker")
            if not wait_http(f"http://{host}:{port}/readyz"):
                _say("the web app did not become ready; see the logs above")
                return 1
            write_demo_env({**env, "THESET_URL": f"http://{host}:{port}"})
            _say(f"settings for other `theset` commands written to {DEMO_ENV_FILE}")
            _import_demo_artists(f"http://{host}:{port}", f"http://127.0.0.1:{sim_port}")
            _say(f"TheSet is running at http://{host}:{port}  (API docs: http://{host}:{port}/docs)")
            if env["ADMIN_TOKEN"] == DEMO_ADMIN_TOKEN:
                _say(f"queue console: http://{host}:{port}/admin/queues  (token: {DEMO_ADMIN_TOKEN})")
            _say("press Ctrl-C to stop")
            while not supervisor.dead():
                time.sleep(0.5)
            _say(f"stopped unexpectedly: {', '.join(supervisor.dead())}")
            return 1
        except KeyboardInterrupt:
            _say("stopping…")
            return 0
        finally:
            supervisor.stop()
            DEMO_ENV_FILE.unlink(missing_ok=True)
