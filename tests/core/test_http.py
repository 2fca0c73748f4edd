"""The upstream HTTP layer: retries, backoff, Retry-After, shared pauses, typed errors, no leaked keys."""

from __future__ import annotations

import email.utils
import itertools
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import structlog
from prometheus_client import REGISTRY

from tests.conftest import TEST_QUEUE_PREFIX
from theset.core.http import (
    UpstreamAuthError,
    UpstreamBadRequest,
    UpstreamClient,
    UpstreamNotFound,
    UpstreamRateLimited,
    UpstreamUnavailable,
    parse_retry_after,
    rate_limit_delay,
    redact_url,
)
from theset.core.logging import configure_logging
from theset.core.ratelimit import RateLimiter

KEY = "tm-SECRET-key-0123456789"
Handler = Callable[[httpx.Request], httpx.Response]


class Script:
    """A MockTransport handler answering from a list of responses/exceptions, recording every request."""

    def __init__(self, *steps: httpx.Response | Exception | Callable[[], httpx.Response]) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []
        self.times: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.times.append(time.monotonic())
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if isinstance(step, Exception):
            raise step
        return step() if callable(step) else step


def client(script: Script, limiter: RateLimiter | None = None, **kwargs: Any) -> UpstreamClient:
    options: dict[str, Any] = {"max_retries": 3, "backoff_base": 0.01, "backoff_max": 0.05}
    options.update(kwargs)
    return UpstreamClient(
        "testprov",
        "https://upstream.invalid/api",
        limiter=limiter,
        params={"apikey": KEY},
        secrets=[KEY],
        transport=httpx.MockTransport(script),
        **options,
    )


def ok(body: Any = None, **headers: str) -> httpx.Response:
    return httpx.Response(200, json=body if body is not None else {"ok": True}, headers=headers)


def metric(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_success_sends_default_params_and_counts() -> None:
    script = Script(ok({"hello": "world"}))
    async with client(script) as http:
        assert await http.get_json("things/1.json", {"size": 5, "skip": None}) == {"hello": "world"}
        assert http.calls == 1
    request = script.requests[0]
    assert request.url.path == "/api/things/1.json"
    assert request.url.params["apikey"] == KEY and request.url.params["size"] == "5"
    assert "skip" not in request.url.params


async def test_retries_5xx_then_succeeds_and_counts_retries() -> None:
    before = metric("theset_upstream_retries_total", provider="testprov")
    script = Script(httpx.Response(500), httpx.Response(502, text="bad gateway"), ok())
    async with client(script) as http:
        response = await http.request("GET", "x")
        assert response.status_code == 200
        assert http.calls == 3 and http.stats["retries"] == 2
    assert metric("theset_upstream_retries_total", provider="testprov") - before == 2
    assert metric("theset_upstream_calls_total", provider="testprov", outcome="server_error") >= 2


async def test_timeouts_and_dropped_connections_are_retried() -> None:
    script = Script(
        httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("dropped"), httpx.ConnectError("no"), ok()
    )
    async with client(script) as http:
        assert (await http.request("GET", "x")).status_code == 200
        assert http.calls == 4


async def test_exhausted_retries_raise_unavailable_after_max_retries_plus_one_calls() -> None:
    script = Script(httpx.Response(503))
    async with client(script, max_retries=2) as http:
        with pytest.raises(UpstreamUnavailable) as info:
            await http.request("GET", "x")
    assert len(script.requests) == 3
    assert info.value.status == 503

    script = Script(httpx.ConnectTimeout("never"))
    async with client(script, max_retries=1) as http:
        with pytest.raises(UpstreamUnavailable, match="timed out"):
            await http.request("GET", "x")
    assert len(script.requests) == 2


@pytest.mark.parametrize(
    ("status", "kind"),
    [(400, UpstreamBadRequest), (401, UpstreamAuthError), (403, UpstreamAuthError), (404, UpstreamNotFound)],
)
async def test_unfixable_4xx_fail_fast(status: int, kind: type[Exception]) -> None:
    body = {"errors": [{"code": "DIS1035", "detail": "Max paging depth exceeded", "status": "400"}]}
    script = Script(httpx.Response(status, json=body))
    async with client(script) as http:
        with pytest.raises(kind) as info:
            await http.request("GET", "x")
    assert len(script.requests) == 1  # no retry
    assert getattr(info.value, "status", None) == status
    assert getattr(info.value, "code", None) == "DIS1035"


async def test_backoff_grows_exponentially_in_real_time() -> None:
    script = Script(httpx.Response(500), httpx.Response(500), httpx.Response(500), ok())
    async with client(script, backoff_base=0.1, backoff_max=5.0) as http:
        await http.request("GET", "x")
    gaps = [b - a for a, b in itertools.pairwise(script.times)]
    # equal jitter: attempt n waits between base*2^(n-1)/2 and base*2^(n-1)
    assert gaps[0] >= 0.05 * 0.9 and gaps[1] >= 0.1 * 0.9 and gaps[2] >= 0.2 * 0.9
    assert sum(gaps) >= 0.35 * 0.9


async def test_429_honours_retry_after_and_pauses_every_process(redis_client: Any) -> None:
    before = metric("theset_upstream_429_total", provider="testprov")
    limiter = RateLimiter(redis_client, "testprov", 100.0)
    twin = RateLimiter(redis_client, "testprov", 100.0)  # another process's limiter
    script = Script(httpx.Response(429, headers={"Retry-After": "1"}), ok())
    async with client(script, limiter=limiter) as http:
        await http.request("GET", "x")
        assert http.stats["rate_limited"] == 1
    assert script.times[1] - script.times[0] >= 0.9
    assert metric("theset_upstream_429_total", provider="testprov") - before == 1
    # the pause was stored in Redis for everyone (it has just ended)
    stored = await redis_client.get(f"{TEST_QUEUE_PREFIX}:ratelimit:testprov:paused_until")
    assert stored is not None and float(stored) <= time.time() + 0.1
    assert await twin.paused_until() is None


async def test_429_pause_blocks_a_concurrent_client_of_the_same_provider(redis_client: Any) -> None:
    throttled = Script(httpx.Response(429, headers={"Retry-After": "1"}))
    other = Script(ok())
    first_limiter = RateLimiter(redis_client, "testprov", 100.0)
    second_limiter = RateLimiter(redis_client, "testprov", 100.0)
    first = client(throttled, limiter=first_limiter, max_retries=0)
    second = client(other, limiter=second_limiter)
    async with first, second:
        with pytest.raises(UpstreamRateLimited) as info:
            await first.request("GET", "x")  # no retries left: the 429 surfaces, the pause stays
        assert info.value.retry_at is not None
        await second.request("GET", "y")
    assert other.times[0] - throttled.times[0] >= 0.8


async def test_ticketmaster_quota_429_uses_rate_limit_reset_and_gives_up(redis_client: Any) -> None:
    limiter = RateLimiter(redis_client, "testprov", 100.0)
    reset_ms = int((time.time() + 3600) * 1000)
    body = {
        "fault": {
            "faultstring": f"Rate limit quota violation. Quota limit  exceeded. Identifier : {KEY}",
            "detail": {"errorcode": "policies.ratelimit.QuotaViolation"},
        }
    }
    script = Script(httpx.Response(429, json=body, headers={"Rate-Limit-Reset": str(reset_ms)}))
    async with client(script, limiter=limiter, max_rate_limit_wait=30) as http:
        with pytest.raises(UpstreamRateLimited) as info:
            await http.request("GET", "events.json")
        assert len(script.requests) == 1  # an hour away: no pointless retries
        assert info.value.retry_at == pytest.approx(reset_ms / 1000, abs=2)
        assert info.value.code == "policies.ratelimit.QuotaViolation"
        assert await limiter.paused_until() == pytest.approx(reset_ms / 1000, abs=2)
        # the next call does not even reach the upstream
        with pytest.raises(UpstreamRateLimited, match="client-side paused"):
            await http.request("GET", "events.json")
        assert len(script.requests) == 1
    assert KEY not in str(info.value)


async def test_spike_arrest_429_does_not_wait_for_the_daily_reset() -> None:
    body = {
        "fault": {
            "faultstring": "Spike arrest violation",
            "detail": {"errorcode": "policies.ratelimit.SpikeArrestViolation"},
        }
    }
    reset = str(int((time.time() + 86_000) * 1000))
    script = Script(
        httpx.Response(429, json=body, headers={"Rate-Limit-Reset": reset, "Rate-Limit-Available": "4000"}),
        ok(),
    )
    async with client(script, default_throttle_pause=0.05) as http:
        started = time.monotonic()
        await http.request("GET", "x")
        assert time.monotonic() - started < 5


async def test_spent_quota_on_a_success_pauses_before_the_next_call(redis_client: Any) -> None:
    limiter = RateLimiter(redis_client, "testprov", 100.0)
    reset_ms = int((time.time() + 3600) * 1000)
    script = Script(ok(**{"Rate-Limit-Available": "0", "Rate-Limit-Reset": str(reset_ms)}))
    async with client(script, limiter=limiter, max_rate_limit_wait=30) as http:
        await http.request("GET", "events.json")
        with pytest.raises(UpstreamRateLimited) as info:
            await http.request("GET", "events.json")
    assert len(script.requests) == 1
    assert info.value.retry_at == pytest.approx(reset_ms / 1000, abs=2)


def test_retry_after_parsing() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert parse_retry_after(date, now) == pytest.approx(30, abs=1.5)
    quota = httpx.Response(
        429, headers={"Rate-Limit-Reset": str(int((now + 60) * 1000)), "Rate-Limit-Available": "0"}
    )
    assert rate_limit_delay(quota, now) == pytest.approx(60, abs=1)
    spotify = httpx.Response(
        429, headers={"Retry-After": "48925"}, json={"error": {"reason": "QUOTA_EXCEEDED"}}
    )
    assert rate_limit_delay(spotify, now) == 48925


async def test_long_retry_after_raises_rate_limited_at_once(redis_client: Any) -> None:
    limiter = RateLimiter(redis_client, "testprov", 100.0)
    body = {"error": {"status": 429, "message": "Too many requests", "reason": "QUOTA_EXCEEDED"}}
    script = Script(httpx.Response(429, json=body, headers={"Retry-After": "48925"}))
    async with client(script, limiter=limiter) as http:
        with pytest.raises(UpstreamRateLimited) as info:
            await http.request("GET", "x")
    assert len(script.requests) == 1
    assert info.value.code == "QUOTA_EXCEEDED"
    assert info.value.retry_at is not None and info.value.retry_at > time.time() + 48_000


def test_redact_url_strips_key_values() -> None:
    cleaned = redact_url(f"https://h/events.json?size=5&apikey={KEY}&token=abc123&page=2", [KEY])
    assert KEY not in cleaned and "abc123" not in cleaned
    assert "size=5" in cleaned and "page=2" in cleaned


async def test_keys_never_reach_logs_or_errors(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    configure_logging("DEBUG", "json")  # replaces the root handlers: put caplog's (unfiltered) one back
    logging.getLogger().addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG)
    # Even when httpx's own request log is on (it prints full URLs), the key must not appear.
    logging.getLogger("httpx").setLevel(logging.DEBUG)
    try:
        echo = {
            "fault": {
                "faultstring": f"Invalid ApiKey {KEY}",
                "detail": {"errorcode": "oauth.v2.InvalidApiKey"},
            }
        }
        quota = {"fault": {"faultstring": f"Quota limit exceeded. Identifier : {KEY}"}}
        failures: list[Exception] = []
        scripts = [
            Script(httpx.Response(401, json=echo)),
            Script(httpx.Response(500, text=f"upstream broke for apikey={KEY}")),
            Script(httpx.ReadTimeout(f"timed out calling https://h/x?apikey={KEY}")),
            Script(httpx.Response(429, json=quota, headers={"Retry-After": "0"})),
            Script(httpx.Response(404, text=json.dumps({"url": f"/events.json?apikey={KEY}"}))),
        ]
        for script in scripts:
            async with client(script, max_retries=1) as http:
                try:
                    await http.request("GET", "events.json", params={"size": 1})
                except Exception as exc:
                    failures.append(exc)
        assert len(failures) == len(scripts)
        output = capsys.readouterr().err + caplog.text
        assert "retrying" in output  # the failures really were logged
        assert "HTTP Request" in caplog.text  # and so were httpx's request lines
        assert KEY not in output
        for failure in failures:
            assert KEY not in str(failure) and KEY not in repr(failure)
            assert KEY not in str(getattr(failure, "url", ""))
            assert "apikey=***" in str(failure) or "apikey" not in str(failure)
    finally:
        structlog.reset_defaults()
        logging.getLogger().handlers[:] = []
        logging.getLogger("httpx").setLevel(logging.WARNING)
