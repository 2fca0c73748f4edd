"""Structured logging (structlog over stdlib) with secrets scrubbed from every record.

Ticketmaster's key travels in the query string and Spotify's token in a header, so redaction works on
both key names and free text (URLs inside messages and exception strings).
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

REDACTED = "***"
_SECRET_KEY_NAMES = re.compile(
    r"(api[_-]?key|apikey|token|secret|password|passwd|authorization|x-api-key)", re.I
)
_SECRET_IN_TEXT = (
    # query parameters: ?apikey=..., &client_secret=..., &token=...
    re.compile(r"(?i)([?&;](?:apikey|api_key|key|token|access_token|client_secret|password)=)[^&\s'\"#]+"),
    # URL credentials: scheme://user:password@host
    re.compile(r"(?i)(\b[a-z][a-z0-9+.\-]*://[^/\s:@]*:)[^@\s/]+(@)"),
    # header-like fragments: Authorization: Bearer xyz / Basic xyz, x-api-key: xyz
    re.compile(r"(?i)((?:authorization|x-api-key)['\"]?\s*[:=]\s*['\"]?(?:bearer |basic )?)[^\s'\",}]+"),
    re.compile(r"(?i)(\bbearer\s+)[A-Za-z0-9._~+/=-]{8,}"),
    re.compile(r"(?i)(Identifier\s*:\s*)\S+"),
)


def redact_text(text: str) -> str:
    for pattern in _SECRET_IN_TEXT:
        text = pattern.sub(lambda m: m.group(1) + REDACTED + (m.group(2) if m.lastindex == 2 else ""), text)
    return text


def redact_value(key: str | None, value: Any) -> Any:
    if key is not None and _SECRET_KEY_NAMES.search(key) and value not in (None, ""):
        return REDACTED
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: redact_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(redact_value(None, v) for v in value)
    return value


def _redact_processor(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> dict[str, Any]:
    return {k: redact_value(k if k != "event" else None, v) for k, v in event_dict.items()}


class RedactingFilter(logging.Filter):
    """Scrubs records from libraries that log through stdlib (uvicorn, httpx, bullmq). The message is
    formatted first and scrubbed whole: arguments need not be strings (httpx passes an `httpx.URL` that
    carries Ticketmaster's apikey). structlog's own records (a dict, already redacted) pass untouched."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            try:
                record.msg, record.args = redact_text(record.getMessage()), None
            except Exception:  # a broken format string: logging reports it; never lose the record here
                record.msg = redact_text(record.msg)
        return True


def guard_library_loggers(*names: str) -> None:
    """Scrub these libraries' records at the source, so even a process that never called
    `configure_logging` (a script using the clients) cannot print a key they log."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())


_SHARED_PROCESSORS: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.processors.format_exc_info,
    _redact_processor,
]


def configure_logging(level: str = "INFO", fmt: str = "console") -> None:
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED_PROCESSORS,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, _redact_processor, renderer],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request URL at INFO; the URL may carry a key, and the volume is noise.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    structlog.configure(
        # Drop disabled levels first: a filtered-out debug line then costs next to nothing on hot paths.
        processors=[
            structlog.stdlib.filter_by_level,
            *_SHARED_PROCESSORS[:-1],
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def get_logger(name: str | None = None) -> structlog.stdlib.BoundLogger:
    return structlog.stdlib.get_logger(name)
