"""The API's reference page at /api/v1/docs, drawn here from the OpenAPI document.

FastAPI's own docs page loads Swagger UI from a CDN, and no installed package ships its assets for
offline use: this page is plain HTML rendered on the server (no script, nothing fetched from
elsewhere), one section per operation, with the document itself linked for tools.
"""

from __future__ import annotations

from html import escape

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from regulars.api import API_PREFIX

METHODS = ("get", "post", "put", "patch", "delete")


def _operation(path: str, method: str, op: dict) -> str:
    params = "".join(
        f"<li><code>{escape(p['name'])}</code> ({escape(p.get('in', ''))})"
        f"{' required' if p.get('required') else ''}: {escape(p.get('description', ''))}</li>"
        for p in op.get("parameters", [])
    )
    body = " · request body (JSON or form)" if "requestBody" in op else ""
    return (
        f"<section><h3><code>{method.upper()} {escape(path)}</code></h3>"
        f"<p>{escape(op.get('summary', ''))}{body}</p>"
        f"{f'<ul>{params}</ul>' if params else ''}</section>"
    )


def reference_page(document: dict) -> str:
    sections = "".join(
        _operation(path, method, ops[method])
        for path, ops in sorted(document.get("paths", {}).items())
        for method in METHODS
        if method in ops
    )
    info = document.get("info", {})
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(info.get('title', 'API'))} API</title>"
        "<link rel='stylesheet' href='/static/regulars.css'></head><body><main>"
        f"<h1>{escape(info.get('title', 'API'))} API {escape(info.get('version', ''))}</h1>"
        f"<p>{escape(info.get('description', ''))}</p>"
        f"<p>The OpenAPI document: <a href='{API_PREFIX}/openapi.json'>openapi.json</a>.</p>"
        f"{sections}</main></body></html>"
    )


def install_reference(app: FastAPI) -> None:
    @app.get(f"{API_PREFIX}/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(reference_page(app.openapi()))
