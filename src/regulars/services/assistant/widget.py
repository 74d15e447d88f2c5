"""The chat widget a shop puts on its site: a script and a stylesheet served by Regulars (no CDN),
and the key it sends with each message. The key is public (it is on the shop's pages); it lets
the chat through and nothing else, so an anonymous request without it is refused like any other
request to the API."""

from __future__ import annotations

import hmac

from regulars.errors import AuthError
from regulars.services.workspace import Workspace
from regulars.store import assistant as chat

SCRIPT, STYLESHEET = "/static/assistant-widget.js", "/static/assistant-widget.css"


def widget_key(ws: Workspace) -> str:
    return chat.widget_key(ws.store)


def check_widget_key(ws: Workspace, key: str | None) -> None:
    if not key or not hmac.compare_digest(key.encode(), widget_key(ws).encode()):
        raise AuthError("the chat needs the shop's widget key (X-Widget-Key)")


def snippet(ws: Workspace, base_url: str) -> str:
    """The one line a shop adds to its pages."""
    base = base_url.rstrip("/")
    return f'<script src="{base}{SCRIPT}" data-key="{widget_key(ws)}" defer></script>'
