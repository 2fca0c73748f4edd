"""The task modules the worker runs, listed by hand: importing one registers its `@task` functions
(core/tasks.py). The worker imports this module; a domain with jobs adds its tasks module here."""

from __future__ import annotations

from types import ModuleType

from theset.core import builtin_tasks
from theset.imports import tasks as imports_tasks
from theset.maintenance import tasks as maintenance_tasks
from theset.setlists import tasks as setlists_tasks
from theset.trending import tasks as trending_tasks
from theset.votes import tasks as votes_tasks

TASK_MODULES: tuple[ModuleType, ...] = (
    builtin_tasks,
    imports_tasks,
    trending_tasks,
    maintenance_tasks,
    setlists_tasks,
    votes_tasks,
)
