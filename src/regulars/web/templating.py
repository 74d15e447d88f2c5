"""Rendering pages: the base layout with navigation, money and date formatting."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from regulars.units import money, rate


class _Environment(jinja2.Environment):
    def getattr(self, obj, attribute):
        """``x.name`` on a plain dict (what services return) looks up the key first: Jinja's default
        tries
        the attribute first, and the AttributeError it raises for every key is most of a page's
        cost."""
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


# Templates ship with the package: compiled once, never re-checked on disk.
ENV = _Environment(
    loader=jinja2.ChoiceLoader(  # parts/: what the page and the report both show
        [
            jinja2.PackageLoader("regulars.web", "templates"),
            jinja2.PackageLoader("regulars.views", "templates"),
        ]
    ),
    autoescape=jinja2.select_autoescape(["html"]),
    auto_reload=False,
)


def _when(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return (
        value.strftime("%Y-%m-%d %H:%M")
        if isinstance(value, datetime)
        else value.isoformat()
        if isinstance(value, date)
        else str(value)
    )


ENV.filters["when"] = _when
ENV.filters["day"] = lambda v: _when(v)[:10]
ENV.filters["number"] = lambda v: "–" if v is None else f"{v:,}"
ENV.filters["percent"] = lambda v: rate(v, 0)
ENV.globals["page_link"] = lambda link: page_link(link)
ENV.globals["kpi_link"] = lambda link, kpi: kpi_link(link, kpi)


@lru_cache(maxsize=1)
def nav_items() -> tuple[tuple[str, str], ...]:
    from regulars.web import page_modules

    items = [m.NAV for m in page_modules() if getattr(m, "NAV", None)]
    return tuple((label, path) for label, path, _ in sorted(items, key=lambda n: n[2]))


def nav_counts(request: Request) -> dict[str, int]:
    """path -> count shown beside a navigation link: each page module's ``NAV_COUNT(ws)`` (the
    proposals waiting ...), on this request's workspace; none when it has none."""
    from regulars.web import page_modules

    ws = getattr(request.state, "workspace", None)
    if ws is None:
        return {}
    counted = [(m.NAV[1], m.NAV_COUNT) for m in page_modules() if getattr(m, "NAV_COUNT", None)]
    return {path: n for path, count in counted if (n := count(ws))}


def _shop_money(request: Request):
    """``money(cents)`` in the shop's currency (the settings the app was started with)."""
    currency = request.app.state.pool.settings.currency
    return lambda cents: money(cents, currency)


@lru_cache(maxsize=1)
def _page_routes() -> tuple:
    from regulars.web import page_modules

    return tuple(
        r.path_regex
        for m in page_modules()
        for r in m.router.routes
        if "GET" in getattr(r, "methods", ())
    )


def page_link(link: str | None) -> str | None:
    """``link`` when a dashboard page answers it (query and ``#anchor`` aside), else None: a
    capability without a page gets no link."""
    if not link or not link.startswith("/") or link.startswith("//"):
        return None
    path = link.split("#", 1)[0].split("?", 1)[0]
    return link if any(regex.match(path) for regex in _page_routes()) else None


def kpi_link(link: str | None, kpi: str) -> str:
    """Where an alert or improvement about ``kpi`` leads: its page, else the KPI's own row."""
    return page_link(link) or f"/kpis#kpi-{kpi}"


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    session = context.get("session")
    html = ENV.get_template(template).render(
        request=request,
        nav=nav_items(),
        nav_counts=nav_counts(request) if session else {},
        path=request.url.path,
        user=session.user if session else None,
        csrf=session.csrf_token if session else None,
        money=_shop_money(request),
        **context,
    )
    return HTMLResponse(html, status_code=status_code)
