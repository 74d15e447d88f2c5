"""Pages kept as rendered: a page whose content follows from the data, the signed-in session and its
address alone (the overview, a customer's profile) is rendered once per data version and session.

The session is checked before the kept page is looked up, so a signed-out or removed user never gets
one; an import, an erasure or a refitted model changes the data version, so no kept page outlives
the
data it shows, and an erasure drops every kept page. Addresses with a query (one-off notices such as
``?confirm=mismatch``) are rendered
every time, which also keeps what is kept bounded: at most PAGES pages, least recently used dropped.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import HTMLResponse

from regulars.http.answers import cached_result
from regulars.services import cache
from regulars.services.accounts import Session, digest
from regulars.services.workspace import Workspace
from regulars.web.templating import render

PAGES = 1024
_pages = cache.Recent(PAGES)


async def kept_page(
    request: Request,
    ws: Workspace,
    session: Session,
    template: str,
    build: Callable,
    *args,
    **extra,
) -> HTMLResponse:
    """``template`` rendered with ``build(ws, *args)`` (a ``@cached`` service result) and
    ``extra``."""
    key = (
        None
        if request.url.query
        else (cache.version(ws), template, request.url.path, digest(session.token))
    )
    html = _pages.get(key) if key else cache.MISSING
    if html is not cache.MISSING:
        return HTMLResponse(html)
    context = await cached_result(build, ws, *args)
    response = render(request, template, session=session, **extra, **context)
    if key:
        _pages.put(key, bytes(response.body))
    return response


cache.also_clear(_pages.clear)  # an erasure leaves no page showing the erased customer
