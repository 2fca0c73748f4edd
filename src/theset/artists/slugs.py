"""Stable, unique, URL-safe slugs for artists."""

from __future__ import annotations

import re

from theset.catalog.text import ascii_slug

_NON_WORD = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 80


def artist_slug(name: str) -> str:
    """The name as an ASCII slug; "artist" for a name with no ASCII letter or digit."""
    return ascii_slug(name, MAX_SLUG) or "artist"


PLACEHOLDER_PREFIX = "tm-"


def placeholder_slug(tm_attraction_id: str) -> str:
    """Used until the identity phase learns the artist's name."""
    return PLACEHOLDER_PREFIX + _NON_WORD.sub("-", tm_attraction_id.lower()).strip("-")


def is_placeholder(slug: str) -> bool:
    return slug.startswith(PLACEHOLDER_PREFIX)


def disambiguated(base: str, tm_attraction_id: str | None) -> str:
    """A second artist with the same name gets a suffix derived from its own id, so it never changes."""
    suffix = artist_slug(tm_attraction_id or "")[-6:] or "x"
    return f"{base[: MAX_SLUG - len(suffix) - 1]}-{suffix}"
