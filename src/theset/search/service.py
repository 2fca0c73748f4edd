"""Typeahead: artists already on TheSet (trigram match) and Ticketmaster attractions not imported yet."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from theset.artists import repository as artists_repo
from theset.core.config import get_settings
from theset.core.logging import get_logger
from theset.models import Artist
from theset.providers.ticketmaster import TicketmasterClient
from theset.providers.types import TmAttraction

log = get_logger(__name__)
MIN_QUERY = 2


_typeahead: dict[str, TicketmasterClient] = {}


def _typeahead_client() -> TicketmasterClient:
    """One client per process (per upstream URL) so keystrokes reuse its connections instead of opening
    a new pool each. Typeahead must answer at once: no retries, a short timeout, no long rate-limit wait."""
    url = get_settings().ticketmaster_url
    client = _typeahead.get(url)
    if client is None:
        client = TicketmasterClient.from_settings(max_retries=0, timeout=3.0, max_rate_limit_wait=1.0)
        _typeahead[url] = client
    return client


async def close_typeahead() -> None:
    for client in list(_typeahead.values()):
        await client.aclose()
    _typeahead.clear()


async def remote_attractions(query: str, size: int = 8) -> tuple[list[TmAttraction], bool]:
    """Ticketmaster attractions; (results, failed). Failures degrade to local results only."""
    try:
        return list(await _typeahead_client().search_attractions(query, size=size)), False
    except Exception as exc:  # the page and the API must answer even when the upstream is down
        log.warning("attraction search failed", error=str(exc)[:200])
        return [], True


async def search(
    session: AsyncSession, query: str, limit: int
) -> tuple[list[Artist], list[TmAttraction], bool]:
    query = query.strip()  # NUL bytes never get here: web/edge.py refuses them
    if len(query) < MIN_QUERY:
        return [], [], False
    local, (remote, failed) = await asyncio.gather(
        artists_repo.search(session, query, limit), remote_attractions(query, size=limit)
    )
    # An attraction already on TheSet is never offered for import: it is listed as the artist instead,
    # even when the name match did not rank it among the local results.
    on_theset = await artists_repo.by_attraction_ids(session, [r.id for r in remote])
    shown = {a.id for a in local}
    local += [a for a in on_theset if a.id not in shown]
    known = {a.tm_attraction_id for a in on_theset} | {a.tm_attraction_id for a in local}
    return local, [r for r in remote if r.id not in known], failed
