"""The server: the REST API under /api/v1 and the owner's dashboard, over the same services.

``create_app(settings)`` builds it; ``regulars serve`` runs it with uvicorn.
"""

from __future__ import annotations

import gc
from contextlib import asynccontextmanager

from fastapi import FastAPI

from regulars import __version__
from regulars.api import problems
from regulars.api.pool import WorkspacePool
from regulars.api.routes import all_routers
from regulars.settings import Settings

API_PREFIX = "/api/v1"


def create_app(settings: Settings, pool_size: int = 4) -> FastAPI:
    pool = WorkspacePool(settings, pool_size)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Everything loaded so far (Ibis, Plotly, pandas, the app) lives as long as the server: keep it out
        # of the collector's full passes, which otherwise rescan it and pause every request for ~0.2 s.
        gc.collect()
        gc.freeze()
        yield
        pool.close()

    app = FastAPI(title="Regulars", version=__version__, lifespan=lifespan,
                  description="Customer intelligence for small businesses. Authenticate with `Authorization: Bearer API_KEY`.",
                  openapi_url=f"{API_PREFIX}/openapi.json", docs_url=f"{API_PREFIX}/docs", redoc_url=None)
    app.state.pool = pool
    problems.install(app)

    @app.get("/health", tags=["system"], summary="Liveness: no sign-in needed")
    async def health() -> dict:
        return {"status": "ok", "version": __version__}

    for router in all_routers():
        app.include_router(router)
    from regulars.web import install as install_dashboard

    install_dashboard(app)
    return app
