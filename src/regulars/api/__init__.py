"""The REST API under /api/v1: one module of ``api.routes`` per capability, over the services.

``install(app)`` adds its routes to the app the factory (``regulars.app.create_app``) builds.
"""

from __future__ import annotations

from fastapi import FastAPI

from regulars.api.routes import all_routers

API_PREFIX = "/api/v1"


def install(app: FastAPI) -> None:
    for router in all_routers():
        app.include_router(router)
