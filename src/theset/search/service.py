"""Typeahead: artists already on TheSet (trigram match) and Ticketmaster attractions not imported yet."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from theset.artists import repository as artists_repo
from theset.core.logging import get_logger
from theset.models import Artist

log = get_logger(__name__)
MIN_QUERY = 2


async def remote_attractions(query: str, size: int = 8) -> tuple[list[Any], bool]:
    """Ticketmaster attractions; (results, failed). Failures degrade to local results only."""
    from theset.providers.ticketmaster import TicketmasterClient

    # Typeahead must answer at once: no retries, a short timeout, never a long wait for the rate limit.
    client = TicketmasterClient.from_settings(max_retries=0, timeout=3.0, max_rate_limit_wait=1.0)
    try:
        return list(await client.search_attractions(query, size=size)), False
    except Exception as exc:  # the page and the API must answer even when the upstream is down
        log.warning("attraction search failed", error=str(exc)[:200])
        return [], True
    finally:
        await client.aclose()


async def search(session: AsyncSession, query: str, limit: int) -> tuple[list[Artist], list[Any], bool]:
    query = query.strip()
    if len(query) < MIN_QUERY:
        return [], [], False
    local = await artists_repo.search(session, query, limit)
    remote, failed = await remote_attractions(query, size=limit)
    known = {a.tm_attraction_id for a in local}
    return local, [r for r in remote if r.id not in known], failed
