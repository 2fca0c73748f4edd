"""The typed upstream errors, re-exported for code that only needs to catch them."""

from __future__ import annotations

from theset.core.http import (
    UpstreamAuthError,
    UpstreamBadRequest,
    UpstreamError,
    UpstreamNotFound,
    UpstreamRateLimited,
    UpstreamUnavailable,
)
from theset.core.ratelimit import RateLimitWaitTooLong

__all__ = [
    "RateLimitWaitTooLong",
    "UpstreamAuthError",
    "UpstreamBadRequest",
    "UpstreamError",
    "UpstreamNotFound",
    "UpstreamRateLimited",
    "UpstreamUnavailable",
]
