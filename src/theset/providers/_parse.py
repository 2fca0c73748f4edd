"""Defensive readers for upstream JSON: every field may be missing, null, or of the wrong type."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any

SPOTIFY_ARTIST_RE = re.compile(
    r"(?:open\.spotify\.com/(?:intl-[a-zA-Z-]+/)?(?:embed/)?artist/|spotify:artist:)([A-Za-z0-9]{22})"
)


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """A list; a single object (XML-derived JSON collapses one-element arrays) becomes [object]."""
    if isinstance(value, list):
        return value
    if value is None or value == "":
        return []
    return [value]


def dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in as_list(value) if isinstance(item, dict)]


def as_str(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value).strip()
    return text or None


def as_int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    try:
        return int(float(str(value).strip()))
    except (TypeError, ValueError, OverflowError):
        return None


def as_float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        result = float(str(value).strip()) if not isinstance(value, int | float) else float(value)
    except (TypeError, ValueError):
        return None
    return result if result == result and abs(result) != float("inf") else None  # no NaN/inf


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    if isinstance(value, int | float):
        return value != 0
    return False


def parse_iso_date(value: Any) -> date | None:
    text = as_str(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def parse_time(value: Any) -> time | None:
    text = as_str(value)
    if not text:
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        return None


def parse_datetime_utc(value: Any) -> datetime | None:
    """An ISO-8601 timestamp as an aware UTC datetime (`Z`, offsets and `+0000` accepted)."""
    text = as_str(value)
    if not text:
        return None
    text = text.replace("Z", "+00:00")
    if re.search(r"[+-]\d{4}$", text):
        text = text[:-2] + ":" + text[-2:]
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def spotify_artist_id(url: Any) -> str | None:
    """The 22-character artist id from an open.spotify.com/artist/… URL or a spotify:artist: URI."""
    text = as_str(url)
    if not text:
        return None
    match = SPOTIFY_ARTIST_RE.search(text)
    return match.group(1) if match else None


def best_image_url(images: Any, prefer_ratio: str | None = None) -> str | None:
    """The widest non-fallback image, preferring `prefer_ratio` (e.g. Ticketmaster's "16_9")."""
    candidates = [img for img in dicts(images) if as_str(img.get("url"))]
    if not candidates:
        return None

    def rank(img: dict[str, Any]) -> tuple[int, int, int]:
        return (
            0 if as_bool(img.get("fallback")) else 1,
            1 if prefer_ratio and img.get("ratio") == prefer_ratio else 0,
            as_int(img.get("width")) or 0,
        )

    return as_str(max(candidates, key=rank).get("url"))
