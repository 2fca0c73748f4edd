"""What one import run carries from phase to phase."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from theset.imports.progress import ProgressReporter, QuietReporter
from theset.providers import Providers


@dataclass
class ImportContext:
    artist_id: uuid.UUID
    run_id: str
    providers: Providers
    reporter: ProgressReporter | QuietReporter
    stats: dict[str, object] = field(default_factory=dict)

    async def progress(self, stage: str, fraction: float, message: str) -> None:
        await self.reporter.update(stage, fraction, message)
