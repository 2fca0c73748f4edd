"""FastAPI application factory."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from theset.admin import console as admin_console
from theset.admin import prometheus
from theset.admin import router as admin_router
from theset.artists import router as artists_router
from theset.core.cache import close_cache
from theset.core.config import get_settings
from theset.core.db import dispose_engine
from theset.core.errors import install_error_handlers
from theset.core.events import close_hub
from theset.core.logging import configure_logging
from theset.core.queues import close_registry
from theset.core.redis import close_redis
from theset.imports import router as imports_router
from theset.predictions import router as predictions_router
from theset.search import router as search_router
from theset.search.service import close_typeahead
from theset.trending import router as trending_router
from theset.users import hooks as user_hooks
from theset.users import router as users_router
from theset.votes import router as votes_router
from theset.votes.adopt import adopt_anonymous_votes
from theset.web import health, pages
from theset.web.edge import EdgeValidation
from theset.web.head import HeadAsGet
from theset.web.headers import SecurityHeaders
from theset.web.html_errors import install_html_errors

# Routers of the domain packages.
ROUTERS = [
    health.router,
    imports_router.router,
    artists_router.router,
    predictions_router.router,
    search_router.router,
    trending_router.router,
    users_router.router,
    votes_router.router,
    pages.router,
]
ROUTERS += [admin_router.router, *admin_console.ROUTERS, prometheus.router]
STATIC_DIR = Path(__file__).parent / "static"


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    # Objects alive after start-up (modules, compiled statements, templates) live as long as the
    # process: move them out of the collector's sight so full collections stay short (tail latency).
    gc.collect()
    gc.freeze()
    yield
    await close_hub()
    await close_typeahead()
    await close_registry()
    await close_redis()
    await close_cache()
    await dispose_engine()


def create_app(*, configure_logs: bool = True) -> FastAPI:
    settings = get_settings()
    if configure_logs:
        configure_logging(settings.log_level, settings.log_format)
    # FastAPIOffline: the same FastAPI app, its /docs and /redoc served from assets in the package (no CDN,
    # so the docs work offline and no third party learns who reads them).
    app = FastAPIOffline(
        title="TheSet",
        version="0.1.0",
        description="Concert setlist voting: artists, shows, studio catalogs and crowd-predicted setlists.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    install_html_errors(app)  # browsers get HTML error pages; API clients keep the JSON shape
    user_hooks.on_sign_in(adopt_anonymous_votes)
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(EdgeValidation)
    # Outside the edge check, so its 413/422 answers carry the security headers too.
    app.add_middleware(SecurityHeaders)
    # HEAD on the pages runs as GET (every layer inside sees a GET) and loses its body on the way out.
    app.add_middleware(HeadAsGet)
    if settings.trusted_proxy_list:
        # Outermost: the address is rewritten before anything (limits, audit, logs) reads it.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxy_list)
    return app
