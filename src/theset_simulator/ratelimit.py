"""In-process rate limits. The simulator is one process, so plain memory is the shared state."""

from __future__ import annotations

import math
from collections import deque


class SlidingWindow:
    """At most `limit` calls in any `window_s` seconds (Spotify's rolling window, per-second spike limits)."""

    def __init__(self, limit: int, window_s: float, count_rejected: bool = False) -> None:
        self.limit = limit
        self.window_s = window_s
        # MusicBrainz keeps an IP throttled "until its rate drops": rejected calls count too.
        self.count_rejected = count_rejected
        self._calls: deque[float] = deque()

    def hit(self, now: float) -> float | None:
        """Record a call; None when allowed, else the seconds until a slot frees up."""
        if self.limit <= 0:
            return None
        while self._calls and self._calls[0] <= now - self.window_s:
            self._calls.popleft()
        if len(self._calls) < self.limit:
            self._calls.append(now)
            return None
        wait = self._calls[0] + self.window_s - now
        if self.count_rejected:
            self._calls.append(now)
            self._calls.popleft()
        return max(wait, 0.001)

    @classmethod
    def per_second(cls, rate: float, count_rejected: bool = False) -> SlidingWindow:
        """`rate` requests/second as a window: 5 -> 5 per 1 s, 0.5 -> 1 per 2 s, 0 -> unlimited."""
        if rate <= 0:
            return cls(0, 1.0)
        limit = max(1, math.floor(rate))
        return cls(limit, limit / rate, count_rejected)


class AnchoredQuota:
    """Ticketmaster's daily quota: the period starts at the first call and resets 24 h later (observed)."""

    def __init__(self, limit: int, period_s: float = 86_400.0) -> None:
        self.limit = limit
        self.period_s = period_s
        self.started: float | None = None
        self.used = 0

    def take(self, now: float) -> bool:
        if self.started is None or now >= self.started + self.period_s:
            self.started, self.used = now, 0
        if self.limit > 0 and self.used >= self.limit:
            return False
        self.used += 1
        return True

    def available(self) -> int:
        return max(0, self.limit - self.used)

    def reset_at(self, now: float) -> float:
        return (self.started if self.started is not None else now) + self.period_s
