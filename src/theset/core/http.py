"""The one HTTP layer every upstream provider goes through.

A pooled `httpx.AsyncClient` per provider, the provider's shared Redis rate limiter before every attempt,
retries with exponential backoff and jitter (tenacity) on 429, 5xx, timeouts and dropped connections,
`Retry-After` (seconds or HTTP date) and Ticketmaster's `Rate-Limit-Reset` (epoch ms) honoured, and a 429
pausing the provider for every process. Errors a retry cannot fix fail fast as typed `UpstreamError`s.

Secrets never leave this module: Ticketmaster's key rides in the query string, so every URL and body
snippet put into a log line or exception message is scrubbed (known secret values and key parameters).
"""

from __future__ import annotations

import email.utils
import random
import time
from collections import Counter as CallCounter
from collections.abc import Iterable, Mapping
from typing import Any

import httpx
from prometheus_client import Counter
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from theset.core.config import Settings, get_settings
from theset.core.logging import REDACTED, get_logger, guard_library_loggers, redact_text
from theset.core.ratelimit import RateLimiter, RateLimitWaitTooLong

log = get_logger(__name__)

UPSTREAM_CALLS = Counter(
    "theset_upstream_calls_total", "HTTP calls made to upstream APIs", ["provider", "outcome"]
)
UPSTREAM_RETRIES = Counter("theset_upstream_retries_total", "Upstream calls retried", ["provider"])
UPSTREAM_429 = Counter("theset_upstream_429_total", "Upstream 429 (rate limited) answers", ["provider"])


# httpx logs every request URL (with Ticketmaster's apikey) at INFO: scrub it at the source.
guard_library_loggers("httpx", "httpcore")


# --- errors ---------------------------------------------------------------------------------------------
class UpstreamError(Exception):
    """An upstream call failed. The message is safe to log: no keys, tokens or secret query values."""

    def __init__(
        self,
        provider: str,
        message: str,
        *,
        status: int | None = None,
        url: str | None = None,
        retry_at: float | None = None,
        code: str | None = None,
    ) -> None:
        self.provider = provider
        self.detail = message  # the upstream's own words, without the URL (which carries our parameters)
        self.status = status
        self.url = url
        self.retry_at = retry_at  # epoch seconds when the provider may be called again, if known
        self.code = code  # upstream error code if the body carried one (DIS1035, QUOTA_EXCEEDED, …)
        parts = [f"{provider}: {message}"]
        if status is not None:
            parts.append(f"(HTTP {status})")
        if url:
            parts.append(f"[{url}]")
        super().__init__(" ".join(parts))


class UpstreamBadRequest(UpstreamError):
    """400 and other 4xx answers that retrying cannot fix."""


class UpstreamAuthError(UpstreamError):
    """401/403: bad key or token, or an endpoint this app may not use (Spotify development mode)."""


class UpstreamNotFound(UpstreamError):
    """404: the id does not exist (setlist.fm also answers an empty search with it)."""


class UpstreamRateLimited(UpstreamError):
    """429 still answered after every retry, or a pause/quota longer than we are willing to wait."""


class UpstreamUnavailable(UpstreamError):
    """5xx, timeouts or dropped connections after every retry."""


class _Retryable(Exception):
    def __init__(self, final: UpstreamError, delay: float | None) -> None:
        super().__init__(str(final))
        self.final = final
        self.delay = delay  # seconds the upstream asked us to wait, if it said


# --- helpers --------------------------------------------------------------------------------------------
def redact_url(url: str | httpx.URL, secrets: Iterable[str] = ()) -> str:
    """The URL with the values of key-like query parameters (and any known secret) replaced."""
    return scrub(str(url), secrets)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    text = redact_text(text)
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, REDACTED)
    return text


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def _body_snippet(response: httpx.Response, limit: int = 300) -> str:
    try:
        text = response.text
    except Exception:  # undecodable body
        return ""
    return " ".join(text.split())[:limit]


def _error_code(response: httpx.Response) -> str | None:
    """The upstream's own error code: Ticketmaster DIS####/fault errorcode, Spotify `reason`."""
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("code") or "") or None
    fault = body.get("fault")
    if isinstance(fault, dict):
        detail = fault.get("detail")
        if isinstance(detail, dict) and detail.get("errorcode"):
            return str(detail["errorcode"])
    error = body.get("error")
    if isinstance(error, dict) and error.get("reason"):
        return str(error["reason"])
    return None


def rate_limit_delay(response: httpx.Response, now: float | None = None) -> float | None:
    """How long a 429 (or throttling 503) asks us to wait, or None when it does not say.

    `Retry-After` wins. Ticketmaster's `Rate-Limit-Reset` (epoch ms) is the *daily quota* reset, so it
    is only honoured when the answer is about the quota (QuotaViolation, or nothing available), never
    for a per-second spike arrest, which would otherwise stall the provider for up to a day.
    """
    now = time.time() if now is None else now
    delay = parse_retry_after(response.headers.get("Retry-After"), now)
    if delay is not None:
        return delay
    reset = response.headers.get("Rate-Limit-Reset")
    if reset:
        code = _error_code(response) or ""
        available = response.headers.get("Rate-Limit-Available")
        if "QuotaViolation" in code or available == "0":
            try:
                return max(0.0, float(reset) / 1000.0 - now)
            except ValueError:
                return None
    return None


# --- client ---------------------------------------------------------------------------------------------
class UpstreamClient:
    """One provider's HTTP client: pooled connections, shared rate limit, retries, typed errors."""

    def __init__(
        self,
        provider: str,
        base_url: str,
        *,
        limiter: RateLimiter | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        secrets: Iterable[str] = (),
        timeout: float = 15.0,
        max_retries: int = 6,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        max_rate_limit_wait: float = 120.0,
        throttle_statuses: Iterable[int] = (429,),
        default_throttle_pause: float = 1.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.provider = provider
        self.limiter = limiter
        self.secrets = tuple(s for s in secrets if s)
        self.default_params = dict(params or {})
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_rate_limit_wait = max_rate_limit_wait
        self.throttle_statuses = frozenset(throttle_statuses)
        self.default_throttle_pause = default_throttle_pause
        self.stats: CallCounter[str] = CallCounter()
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/") + "/",
            headers=dict(headers or {}),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
            transport=transport,
            follow_redirects=True,
        )

    @classmethod
    def from_settings(
        cls, provider: str, base_url: str, settings: Settings | None = None, **kwargs: Any
    ) -> UpstreamClient:
        s = settings or get_settings()
        kwargs.setdefault("timeout", s.http_timeout_seconds)
        kwargs.setdefault("max_retries", s.http_max_retries)
        return cls(provider, base_url, **kwargs)

    @property
    def calls(self) -> int:
        """HTTP requests actually sent (every attempt counts, as it does against upstream quotas)."""
        return self.stats["calls"]

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> UpstreamClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def safe_url(self, url: str | httpx.URL) -> str:
        return redact_url(url, self.secrets)

    # --- public API ---------------------------------------------------------------------------------
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send with retries; returns a 2xx response or raises an `UpstreamError` subclass."""
        merged = {**self.default_params, **{k: v for k, v in (params or {}).items() if v is not None}}
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.max_retries + 1),
            wait=self._wait,
            retry=retry_if_exception(lambda e: isinstance(e, _Retryable)),
            before_sleep=self._before_sleep,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._attempt(method, path, merged, headers, data)
        except _Retryable as exc:
            self.stats["failures"] += 1
            raise exc.final from None
        raise AssertionError("unreachable")  # pragma: no cover

    async def get_json(
        self, path: str, params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None
    ) -> Any:
        return self.json_of(await self.request("GET", path, params=params, headers=headers))

    def json_of(self, response: httpx.Response) -> Any:
        """The body as JSON; an HTML error page or a truncated body is the upstream misbehaving."""
        try:
            return response.json()
        except ValueError:
            raise UpstreamUnavailable(
                self.provider, "answered with a body that is not JSON", url=self.safe_url(response.url)
            ) from None

    # --- internals ----------------------------------------------------------------------------------
    async def _attempt(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any],
        headers: Mapping[str, str] | None,
        data: Mapping[str, str] | None,
    ) -> httpx.Response:
        if self.limiter is not None:
            try:
                await self.limiter.acquire(max_wait=self.max_rate_limit_wait)
            except RateLimitWaitTooLong as exc:
                self._count("limited_locally")
                raise UpstreamRateLimited(
                    self.provider, f"client-side {exc.reason}: not calling", retry_at=exc.resume_at
                ) from None
        request = self._http.build_request(
            method, path.lstrip("/"), params=params, headers=headers, data=data
        )
        url = self.safe_url(request.url)
        self.stats["calls"] += 1
        try:
            response = await self._http.send(request)
        except httpx.TimeoutException as exc:
            self._count("timeout")
            raise _Retryable(
                UpstreamUnavailable(self.provider, f"timed out ({type(exc).__name__})", url=url), None
            ) from None
        except httpx.TransportError as exc:
            self._count("connection_error")
            raise _Retryable(
                UpstreamUnavailable(self.provider, f"connection failed ({type(exc).__name__})", url=url), None
            ) from None
        return await self._classify(response, url)

    async def _classify(self, response: httpx.Response, url: str) -> httpx.Response:
        status = response.status_code
        if status < 400:
            self._count("ok")
            await self._note_spent_quota(response)
            return response
        code = _error_code(response)
        detail = scrub(_body_snippet(response), self.secrets)
        message = (
            f"{response.reason_phrase or 'error'}: {detail}" if detail else (response.reason_phrase or "")
        )
        if status in self.throttle_statuses:
            return await self._throttled(response, url, message, code)
        if status >= 500 or status == 408:
            self._count("server_error")
            delay = parse_retry_after(response.headers.get("Retry-After"))
            err = UpstreamUnavailable(self.provider, message, status=status, url=url, code=code)
            raise _Retryable(err, delay)
        self._count("client_error")
        kind: type[UpstreamError] = UpstreamBadRequest
        if status in (401, 403):
            kind = UpstreamAuthError
        elif status in (404, 410):
            kind = UpstreamNotFound
        raise kind(self.provider, message, status=status, url=url, code=code)

    async def _throttled(self, response: httpx.Response, url: str, message: str, code: str | None) -> Any:
        self._count("rate_limited")
        UPSTREAM_429.labels(self.provider).inc()
        self.stats["rate_limited"] += 1
        delay = rate_limit_delay(response)
        # Without a hint, pause everyone for about the backoff we would take ourselves.
        pause = delay if delay is not None else self.default_throttle_pause
        retry_at = time.time() + pause
        if self.limiter is not None:
            await self.limiter.pause_until(retry_at)
        err = UpstreamRateLimited(
            self.provider, message, status=response.status_code, url=url, retry_at=retry_at, code=code
        )
        if delay is not None and delay > self.max_rate_limit_wait:
            log.warning(
                "upstream asks for a long pause",
                provider=self.provider,
                wait_s=round(delay),
                code=code,
            )
            raise err  # e.g. Spotify QUOTA_EXCEEDED (hours): let the caller reschedule the job
        raise _Retryable(err, delay)

    async def _note_spent_quota(self, response: httpx.Response) -> None:
        """Ticketmaster reports `Rate-Limit-Available` on every answer: at 0, pause until the reset
        instead of spending the next call on a 429 (the quota may be shared with other keys' users)."""
        if self.limiter is None or response.headers.get("Rate-Limit-Available", "").strip() != "0":
            return
        delay = rate_limit_delay(response)
        if delay:
            await self.limiter.pause_until(time.time() + delay)
            log.warning("upstream quota spent, pausing", provider=self.provider, wait_s=round(delay))

    def _count(self, outcome: str) -> None:
        UPSTREAM_CALLS.labels(self.provider, outcome).inc()

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        backoff = min(self.backoff_max, self.backoff_base * 2 ** (state.attempt_number - 1))
        backoff = random.uniform(backoff / 2, backoff)  # "equal jitter": never 0, never in lock-step
        if isinstance(exc, _Retryable) and exc.delay is not None:
            # The upstream said how long; the shared limiter also holds everyone until then.
            return min(self.max_rate_limit_wait, exc.delay) + random.uniform(0, 0.05)
        return backoff

    def _before_sleep(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        UPSTREAM_RETRIES.labels(self.provider).inc()
        self.stats["retries"] += 1
        wait = state.next_action.sleep if state.next_action else 0.0
        log.warning(
            "upstream call failed, retrying",
            provider=self.provider,
            attempt=state.attempt_number,
            wait_s=round(wait, 3),
            error=str(exc.final) if isinstance(exc, _Retryable) else type(exc).__name__,
        )
