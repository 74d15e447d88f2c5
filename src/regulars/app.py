"""The server: the REST API under /api/v1 and the owner's dashboard, over the same services.

``create_app(settings)`` builds it; ``regulars serve`` runs it with uvicorn. This is the one module
above both adapters: it wires the shared HTTP plumbing (``regulars.http``) to the API and the
dashboard, which never import each other.
"""

from __future__ import annotations

import gc
from contextlib import asynccontextmanager

from fastapi import FastAPI

from regulars import __version__, api, web
from regulars.api import API_PREFIX
from regulars.api.reference import install_reference
from regulars.http import problems
from regulars.http.pool import WorkspacePool
from regulars.http.security import SecurityMiddleware
from regulars.settings import Settings


def create_app(settings: Settings, pool_size: int = 4) -> FastAPI:
    pool = WorkspacePool(settings, pool_size)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Everything loaded so far (Ibis, Plotly, pandas, the app) lives as long as the
        # server: keep it out
        # of the collector's full passes, which otherwise rescan it and pause every
        # request for ~0.2 s.
        gc.collect()
        gc.freeze()
        yield
        pool.close()

    app = FastAPI(
        title="Regulars",
        version=__version__,
        lifespan=lifespan,
        description=(
            "Customer intelligence for small businesses. "
            "Authenticate with `Authorization: Bearer API_KEY`."
        ),
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # Swagger UI would load from a CDN: see api.reference
        redoc_url=None,
    )
    app.state.pool = pool
    problems.install(app, error_page=web.error_page)  # dashboard addresses show errors as pages

    @app.get("/health", tags=["system"], summary="Liveness: no sign-in needed")
    async def health() -> dict:
        return {"status": "ok", "version": __version__}

    api.install(app)
    install_reference(app)
    web.install(app)
    app.add_middleware(SecurityMiddleware)
    return app
