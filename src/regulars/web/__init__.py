"""The owner's dashboard: server-rendered pages (Jinja2) over the same service calls as the API.

Each module of ``web.pages`` defines ``router`` and, for the navigation, ``NAV = (label, path,
order)``.
Plotly's JavaScript is served from the installed plotly package: nothing is fetched from the
network.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from pathlib import Path

import plotly
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from regulars.views import charts
from regulars.web import pages
from regulars.web.session import LoginRequired, signed_in
from regulars.web.templating import render

STATIC = Path(__file__).parent / "static"


def page_modules() -> list:
    return [
        importlib.import_module(f"{pages.__name__}.{m.name}")
        for m in sorted(pkgutil.iter_modules(pages.__path__), key=lambda m: m.name)
    ]


@lru_cache(maxsize=1)
def _plotly_js() -> bytes:
    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()


async def error_page(request: Request, status: int, title: str, detail: str) -> Response:
    """An error on a dashboard address as a page in the base layout, with the navigation when the
    visitor is signed in (the app factory hands it to http.problems)."""
    session = await signed_in(request)
    return render(
        request, "pages/error.html", status_code=status, session=session, title=title, detail=detail
    )


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/assets/plotly.min.js", include_in_schema=False)
    def plotly_js() -> Response:
        return Response(
            _plotly_js(),
            media_type="application/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    @app.get("/assets/charts.js", include_in_schema=False)
    def charts_js() -> Response:  # draws the pages' charts: no inline script (the CSP)
        return Response(
            charts.charts_js(),
            media_type="application/javascript",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired):
        return RedirectResponse(f"/login?next={exc.next_path}", status_code=303)

    for module in page_modules():
        app.include_router(module.router, include_in_schema=False)
