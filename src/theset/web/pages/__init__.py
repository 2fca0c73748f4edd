"""Server-rendered fan pages (Jinja2 + htmx); the JSON API stays the source of truth for data."""

from __future__ import annotations

from fastapi import APIRouter

from theset.web.pages import account, artists, home, shows

router = APIRouter(include_in_schema=False)
for module in (home, artists, shows, account):
    router.include_router(module.router)
