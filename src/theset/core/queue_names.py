"""The Redis queue names: a contract shared with tools and dashboards (docs/architecture.md)."""

from typing import Final

ARTIST_IMPORT: Final = "artist-import"
TICKETMASTER_SYNC: Final = "ticketmaster-sync"
SPOTIFY_SYNC: Final = "spotify-sync"
CATALOG_SYNC: Final = "catalog-sync"
VENUE_SYNC: Final = "venue-sync"
SETLIST_SYNC: Final = "setlist-sync"
MUSICBRAINZ_SYNC: Final = "musicbrainz-sync"
TRENDING_CALC: Final = "trending-calc"
SCHEDULED_SYNC: Final = "scheduled-sync"
VOTE_EVENTS: Final = "vote-events"
CACHE_WARM: Final = "cache-warm"
CLEANUP: Final = "cleanup"

QUEUE_NAMES: Final[tuple[str, ...]] = (
    ARTIST_IMPORT,
    TICKETMASTER_SYNC,
    SPOTIFY_SYNC,
    CATALOG_SYNC,
    VENUE_SYNC,
    SETLIST_SYNC,
    MUSICBRAINZ_SYNC,
    TRENDING_CALC,
    SCHEDULED_SYNC,
    VOTE_EVENTS,
    CACHE_WARM,
    CLEANUP,
)


def env_suffix(queue_name: str) -> str:
    """`artist-import` -> `ARTIST_IMPORT`, as used in QUEUE_CONCURRENCY_<QUEUE>."""
    return queue_name.upper().replace("-", "_")
