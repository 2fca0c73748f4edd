"""Jinja filters for the console: times, durations, JSON and inline-SVG sparklines."""

from __future__ import annotations

import time
from typing import Any

import orjson
from jinja2 import Environment


def fmt_ms_timestamp(value: Any) -> str:
    if not value:
        return "—"
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(int(value) / 1000))


def fmt_epoch(value: Any) -> str:
    return fmt_ms_timestamp(float(value) * 1000) if value else "—"


def fmt_duration_ms(value: Any) -> str:
    if value is None:
        return "—"
    seconds = int(value) // 1000
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m {seconds % 60:02d}s"
    if seconds < 86400:
        return f"{seconds // 3600}h {seconds % 3600 // 60:02d}m"
    return f"{seconds // 86400}d {seconds % 86400 // 3600}h"


def fmt_until_ms(value: Any) -> str:
    if not value:
        return "—"
    return "in " + fmt_duration_ms(max(int(value) - int(time.time() * 1000), 0))


def pretty_json(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS, default=str).decode()


def sparkline_points(values: list[int], width: int = 120, height: int = 24) -> str:
    """`points` for an SVG polyline: one point per minute, scaled to the busiest minute."""
    if not values:
        return ""
    peak = max(max(values), 1)
    step = width / max(len(values) - 1, 1)
    return " ".join(
        f"{i * step:.1f},{height - 1 - (v / peak) * (height - 2):.1f}" for i, v in enumerate(values)
    )


def register_filters(env: Environment) -> None:
    env.filters.update(
        ms_time=fmt_ms_timestamp,
        epoch_time=fmt_epoch,
        duration=fmt_duration_ms,
        until=fmt_until_ms,
        pretty_json=pretty_json,
        sparkline=sparkline_points,
    )
