"""Audit trail of operator actions: a bounded Redis stream plus one structured log line per action."""

from __future__ import annotations

import time
from typing import Any

import orjson
import redis.asyncio as aioredis

from theset.core.keys import redis_key
from theset.core.logging import get_logger, redact_value

log = get_logger("theset.audit")


def audit_stream() -> str:
    return redis_key("audit")


AUDIT_MAXLEN = 10_000


def _dump(value: Any) -> str:
    return orjson.dumps(redact_value(None, value), default=str).decode()


async def record(
    redis: aioredis.Redis,
    *,
    actor: str,
    action: str,
    queue: str | None = None,
    options: dict[str, Any] | None = None,
    result: Any = None,
    ok: bool = True,
) -> str | None:
    """Append one entry (trimmed to ~AUDIT_MAXLEN). A Redis failure is logged, never raised: the
    log line is the second copy of the record."""
    entry = {
        "actor": actor,
        "action": action,
        "queue": queue or "",
        "options": _dump(options or {}),
        "result": _dump(result),
        "ok": "1" if ok else "0",
        "timestamp": f"{time.time():.3f}",
    }
    log.info("admin action", actor=actor, action=action, queue=queue, options=options, result=result, ok=ok)
    try:
        entry_id = await redis.xadd(audit_stream(), entry, maxlen=AUDIT_MAXLEN, approximate=True)  # type: ignore[arg-type]
    except Exception as exc:
        log.error("audit entry not stored", action=action, error=str(exc)[:200])
        return None
    return str(entry_id)


def _parse(entry_id: str, fields: dict[str, str]) -> dict[str, Any]:
    def load(raw: str | None) -> Any:
        try:
            return orjson.loads(raw) if raw else None
        except orjson.JSONDecodeError:
            return raw

    return {
        "id": entry_id,
        "actor": fields.get("actor"),
        "action": fields.get("action"),
        "queue": fields.get("queue") or None,
        "options": load(fields.get("options")),
        "result": load(fields.get("result")),
        "ok": fields.get("ok", "1") == "1",
        "timestamp": float(fields.get("timestamp") or 0),
    }


async def recent(redis: aioredis.Redis, count: int = 50) -> list[dict[str, Any]]:
    """Newest first."""
    rows = await redis.xrevrange(audit_stream(), count=count)
    return [_parse(str(entry_id), fields) for entry_id, fields in rows]
