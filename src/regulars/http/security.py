"""What every answer carries (security headers), when a cookie is marked ``Secure``, and the checks
an upload passes before its body is read.

The Content-Security-Policy allows scripts from this server only (no inline script: each chart is
a box holding its figure as JSON, drawn by /assets/charts.js) and styles from this server plus
inline ones (Plotly styles what it draws). Everything the pages show is escaped by the templates;
the policy keeps any page from running an injected script, loading another site's, sending a form
elsewhere or being framed.
"""

from __future__ import annotations

import json

from regulars.http import upload_guard

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HEADERS = {
    b"x-frame-options": b"DENY",
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"same-origin",
    b"content-security-policy": CONTENT_SECURITY_POLICY.encode(),
}


def served_over_tls(request) -> bool:
    """Whether the browser reached us over HTTPS: directly, or through a proxy that says so."""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def secure_cookie(request) -> bool:
    """Whether a cookie set in answer to ``request`` is marked ``Secure``: the ``secure_cookie``
    setting (``always``, ``never``), or under ``auto`` whether the request came over TLS."""
    choice = request.app.state.pool.settings.secure_cookie
    return choice == "always" or (choice == "auto" and served_over_tls(request))


class SecurityMiddleware:
    """Plain ASGI: adds ``HEADERS`` to every answer, and refuses an upload (a multipart body)
    without working credentials (401) or announced larger than the limit (413) before reading any
    of it; a body without Content-Length is cut off at the limit (``upload_guard``)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if upload_guard.is_upload(headers):
            refusal = await upload_guard.refusal(scope, headers)
            if refusal:
                await _answer(send, *refusal)
                return
            receive = upload_guard.capped(scope, receive)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS.items() if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


async def _answer(send, status: int, title: str, detail: str) -> None:
    kind = f"https://regulars.invalid/problems/{title.lower().replace(' ', '-')}"  # as problems.py
    body = json.dumps({"type": kind, "title": title, "status": status, "detail": detail})
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
        *HEADERS.items(),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body.encode()})
