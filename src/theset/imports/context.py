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
    # Fan-readable caveats of this run (an ambiguous identity, a skipped catalog), shown when it ends.
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        self.notes.append(text)
        self.stats["notes"] = list(self.notes)

    async def progress(self, stage: str, fraction: float, message: str) -> None:
        await self.reporter.update(stage, fraction, message)
