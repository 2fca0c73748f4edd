"""The import jobs' names and data, built (service.py) and read (tasks.py) through these models only."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

IMPORT_JOB = "import-artist"  # on artist-import: the whole run, phase after phase
SYNC_SHOWS_JOB = "sync-shows"  # on ticketmaster-sync: the shows phase, then predictions for new shows
SYNC_CATALOG_JOB = "sync-catalog"  # on catalog-sync: the catalog phase (new releases only)


class ArtistJob(BaseModel):
    """`{"artistId"}`: the data of a light sync job."""

    model_config = ConfigDict(frozen=True)

    artist_id: uuid.UUID = Field(alias="artistId")

    @classmethod
    def read(cls, data: Mapping[str, object]) -> ArtistJob:
        return cls.model_validate(data)

    def data(self) -> dict[str, str]:
        return self.model_dump(mode="json", by_alias=True)


class ImportRunJob(ArtistJob):
    """`{"artistId","runId"}`: the data of an import-artist job; `runId` is also its job id."""

    run_id: str = Field(alias="runId")

    @classmethod
    def read(cls, data: Mapping[str, object]) -> ImportRunJob:
        return cls.model_validate(data)
