"""The package layout as a rule: imports between TheSet's packages form no cycle and point downwards.

Packages are the first name under `theset` (`theset.imports.phases.shows` belongs to `imports`); every
import counts, at module level or inside a function. The simulator (`theset_simulator`) is a separate
program: it imports nothing from `theset`, and only the command line imports it.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
# Entry points and the web app: they assemble the domain packages, so nothing below may import them.
TOP = {"web", "worker", "worker_tasks", "cli", "demo"}


def _package(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "theset_simulator":
        return "theset_simulator"
    if parts[0] != "theset" or len(parts) < 2:
        return None
    return parts[1]


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        # `from theset import worker_tasks` imports the package `worker_tasks`.
        if node.module == "theset":
            return [f"theset.{alias.name}" for alias in node.names]
        return [node.module]
    return []


def package_imports() -> dict[str, set[str]]:
    """Package -> the other packages its modules import."""
    edges: dict[str, set[str]] = defaultdict(set)
    for path in SRC.rglob("*.py"):
        source = _package(".".join(path.relative_to(SRC).with_suffix("").parts))
        if source is None:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for module in _imported(node):
                target = _package(module)
                if target is not None and target != source:
                    edges[source].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every package that can reach itself, with the path that closes the loop."""
    found = []
    for start in sorted(edges):
        stack = [(start, [start])]
        seen: set[str] = set()
        while stack:
            node, path = stack.pop()
            for target in sorted(edges.get(node, ())):
                if target == start:
                    found.append([*path, start])
                elif target not in seen:
                    seen.add(target)
                    stack.append((target, [*path, target]))
    return found


def test_the_walk_sees_the_known_imports() -> None:
    edges = package_imports()
    assert {"artists", "catalog", "providers", "shows"} <= edges["imports"]
    assert "worker_tasks" in edges["worker"]


def test_no_import_cycle_between_packages() -> None:
    assert cycles(package_imports()) == []


def test_no_domain_package_imports_web_or_the_worker() -> None:
    upward = {
        (source, target)
        for source, targets in package_imports().items()
        if source not in TOP
        for target in targets & TOP
    }
    assert upward == set()


def test_core_and_catalog_stay_at_the_bottom() -> None:
    edges = package_imports()
    assert edges.get("core", set()) == set(), "core imports no other TheSet package"
    assert edges.get("catalog", set()) <= {"core"}, "the catalog logic is pure"


def test_the_simulator_is_a_separate_program() -> None:
    edges = package_imports()
    assert edges.get("theset_simulator", set()) == set()
    assert {source for source, targets in edges.items() if "theset_simulator" in targets} == {"cli"}


def test_a_cycle_is_reported() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [
        ["a", "b", "c", "a"],
        ["b", "c", "a", "b"],
        ["c", "a", "b", "c"],
    ]


def test_the_worker_loads_every_tasks_module() -> None:
    """A domain's tasks.py left off worker_tasks.TASK_MODULES would have its jobs never run, silently."""
    from theset import worker_tasks

    # core/tasks.py is the mechanism (@task, JobContext); core/builtin_tasks.py holds core's own jobs.
    on_disk = {f"theset.{p.parent.name}.tasks" for p in (SRC / "theset").glob("*/tasks.py")} - {
        "theset.core.tasks"
    }
    listed = {m.__name__ for m in worker_tasks.TASK_MODULES}
    assert on_disk <= listed
