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


def resume_at(exc: BaseException) -> float | None:
    """When an upstream said "not now" (429, spent quota, a pause shared by every process): the epoch
    second it may be called again. None for every other error."""
    if isinstance(exc, UpstreamRateLimited) and exc.retry_at:
        return float(exc.retry_at)
    if isinstance(exc, RateLimitWaitTooLong):
        return float(exc.resume_at)
    return None


__all__ = [
    "RateLimitWaitTooLong",
    "UpstreamAuthError",
    "UpstreamBadRequest",
    "UpstreamError",
    "UpstreamNotFound",
    "UpstreamRateLimited",
    "UpstreamUnavailable",
    "resume_at",
]
