"""Everything the running simulator holds: options, catalog, rate-limit windows, issued tokens, counters."""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from starlette.requests import Request

from theset_simulator.catalog import Catalog
from theset_simulator.options import SimOptions
from theset_simulator.ratelimit import AnchoredQuota, SlidingWindow
from theset_simulator.stats import Stats


@functools.lru_cache(maxsize=4)
def shared_catalog(seed: int, today: date) -> Catalog:
    # The catalog is read-only once generated, so apps with the same seed and date (tests, resets) share it.
    return Catalog(seed, today)


class Limits:
    def __init__(self, options: SimOptions) -> None:
        self.tm_spike = SlidingWindow.per_second(options.ticketmaster_rate_per_s)
        self.tm_quota = AnchoredQuota(options.ticketmaster_daily_quota)
        self.spotify_window = SlidingWindow(options.spotify_window_limit, options.spotify_window_s)
        self.spotify_quota = SlidingWindow(options.spotify_daily_quota, 86_400.0)
        self.setlistfm_rate = SlidingWindow.per_second(options.setlistfm_rate_per_s)
        self.setlistfm_quota = SlidingWindow(options.setlistfm_daily_quota, 86_400.0)
        self.musicbrainz = SlidingWindow.per_second(options.musicbrainz_rate_per_s, count_rejected=True)


class SimState:
    def __init__(self, options: SimOptions, clock: Callable[[], float] = time.time) -> None:
        self.startup_options = options
        self.clock = clock
        self.options = options
        self.catalog = self._catalog(options)
        self.reset_runtime()

    def reset_runtime(self) -> None:
        self.limits = Limits(self.options)
        self.stats = Stats()
        self.tokens: dict[str, float] = {}  # access token -> expiry (clock seconds)
        self.fault_rng = random.Random(f"{self.options.seed}:faults")

    def configure(self, changes: dict[str, Any]) -> SimOptions:
        """Apply `changes` (validated). A new seed or reference date regenerates the catalog."""
        new = self.options.merged(changes)
        rebuild = (new.seed, new.reference_date) != (self.options.seed, self.options.reference_date)
        self.options = new
        if rebuild:
            self.catalog = self._catalog(new)
        # Fresh windows with the new limits; issued tokens and counters survive.
        self.limits = Limits(new)
        return new

    def reset(self) -> None:
        """Back to the startup options with empty counters, windows and tokens."""
        if self.options != self.startup_options:
            rebuild = (self.options.seed, self.options.reference_date) != (
                self.startup_options.seed,
                self.startup_options.reference_date,
            )
            self.options = self.startup_options
            if rebuild:
                self.catalog = self._catalog(self.options)
        self.reset_runtime()

    @staticmethod
    def _catalog(options: SimOptions) -> Catalog:
        return shared_catalog(options.seed, options.reference_date or datetime.now(UTC).date())

    @property
    def today(self) -> date:
        return self.catalog.today


def state_of(request: Request) -> SimState:
    state: SimState = request.app.state.sim
    return state
