"""GET /api/search: artists on TheSet and Ticketmaster attractions that can be imported."""

from __future__ import annotations

import uuid

from theset.core.schemas import ApiModel


class ArtistHitOut(ApiModel):
    """An artist already on TheSet; built from an Artist."""

    id: uuid.UUID
    name: str
    slug: str
    image_url: str | None
    import_state: str


class AttractionOut(ApiModel):
    """A Ticketmaster attraction not on TheSet yet (POST /api/artists/import takes its id)."""

    tm_attraction_id: str
    name: str
    image_url: str | None


class SearchOut(ApiModel):
    query: str
    artists: list[ArtistHitOut]
    attractions: list[AttractionOut]
    # True when Ticketmaster did not answer: `attractions` is then empty, not "nothing found".
    attractions_unavailable: bool
