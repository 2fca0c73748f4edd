"""`make bench`: run every benchmark module under bench/ and print where results were written."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    failures = 0
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        print(f"== {info.name}", flush=True)
        try:
            module.main()
        except Exception as exc:  # keep going: one broken benchmark must not hide the others
            failures += 1
            print(f"!! {info.name} failed: {exc!r}", file=sys.stderr)
    print(f"results in {here / 'results'}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
