"""Counters for GET /_sim/stats: calls per API and endpoint, statuses, 429s and injected faults."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any


class Stats:
    def __init__(self) -> None:
        self.calls: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.statuses: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.faults: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def record(self, api: str, endpoint: str, status: int) -> None:
        self.calls[api][endpoint] += 1
        self.statuses[api][str(status)] += 1

    def fault(self, api: str, endpoint: str, kind: str) -> None:
        self.calls[api][endpoint] += 1
        self.faults[api][kind] += 1

    def snapshot(self) -> dict[str, Any]:
        apis = sorted(set(self.calls) | set(self.faults))
        return {
            "total_calls": sum(sum(c.values()) for c in self.calls.values()),
            "apis": {
                api: {
                    "calls": sum(self.calls[api].values()),
                    "endpoints": dict(sorted(self.calls[api].items())),
                    "statuses": dict(sorted(self.statuses[api].items())),
                    "rate_limited": self.statuses[api]["429"],
                    "faults": dict(self.faults[api]),
                }
                for api in apis
            },
        }
