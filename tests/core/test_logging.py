from __future__ import annotations

import logging

import pytest
import structlog

from theset.core.logging import configure_logging, get_logger, redact_text, redact_value


@pytest.mark.parametrize(
    ("raw", "secret"),
    [
        ("GET https://app.ticketmaster.com/discovery/v2/events.json?apikey=abc123XYZ&size=199", "abc123XYZ"),
        ("GET /events.json?size=1&apikey=KEY-42", "KEY-42"),
        ("redis://:hunter2@cache:6379/0", "hunter2"),
        ("postgresql+asyncpg://theset:pa55word@db/theset", "pa55word"),
        ("headers={'Authorization': 'Bearer eyJhbGciOiJIUzI1NiJ9.payload'}", "eyJhbGciOiJIUzI1NiJ9.payload"),
        ("Authorization: Basic c2ltLXNwb3RpZnk6c2VjcmV0", "c2ltLXNwb3RpZnk6c2VjcmV0"),
        ("x-api-key: 0123456789abcdef", "0123456789abcdef"),
        ("Rate limit quota violation. Quota limit  exceeded. Identifier : my-tm-key-77", "my-tm-key-77"),
    ],
)
def test_redact_text_removes_secrets(raw: str, secret: str) -> None:
    cleaned = redact_text(raw)
    assert secret not in cleaned
    assert "***" in cleaned


def test_redact_text_keeps_harmless_text() -> None:
    text = "GET /events.json?size=199&page=2 took 12 ms"
    assert redact_text(text) == text


def test_redact_value_by_key_name_and_nested() -> None:
    value = {"api_key": "k", "nested": {"client_secret": "s", "name": "Radiohead"}, "urls": ["/x?apikey=zz"]}
    cleaned = redact_value(None, value)
    assert cleaned["api_key"] == "***"
    assert cleaned["nested"]["client_secret"] == "***"
    assert cleaned["nested"]["name"] == "Radiohead"
    assert "zz" not in cleaned["urls"][0]


def test_structlog_and_stdlib_records_are_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "json")
    try:
        get_logger("t").info("calling upstream", url="https://x/events.json?apikey=SEKRIT1", token="SEKRIT2")
        logging.getLogger("some.library").warning("request failed: %s", "https://x/a?apikey=SEKRIT3")
        try:
            raise RuntimeError("boom https://x/y?apikey=SEKRIT4")
        except RuntimeError:
            get_logger("t").exception("upstream error")
        err = capsys.readouterr().err
        for secret in ("SEKRIT1", "SEKRIT2", "SEKRIT3", "SEKRIT4"):
            assert secret not in err
        assert "calling upstream" in err and "request failed" in err
    finally:
        structlog.reset_defaults()
        logging.getLogger().handlers[:] = []


def test_stdlib_records_are_scrubbed_whatever_their_argument_types() -> None:
    import httpx

    from theset.core.logging import RedactingFilter

    url = httpx.URL("https://app.ticketmaster.com/discovery/v2/events.json?apikey=SEKRET123&size=5")
    record = logging.LogRecord(
        "httpx", logging.INFO, __file__, 1, "HTTP Request: %s %s %r", ("GET", url, 7), None
    )
    assert RedactingFilter().filter(record)
    assert record.getMessage() == (
        "HTTP Request: GET https://app.ticketmaster.com/discovery/v2/events.json?apikey=***&size=5 7"
    )
    broken = logging.LogRecord("x", logging.INFO, __file__, 1, "GET /x?token=abc %s %s", ("one",), None)
    assert RedactingFilter().filter(broken) and "abc" not in broken.msg
