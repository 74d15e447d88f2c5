"""What every answer carries (security headers), when a cookie is marked ``Secure``, and the checks
an upload passes before its body is read.

The Content-Security-Policy allows scripts and styles from this server only, plus inline ones:
Plotly's charts are inline scripts that set inline styles. Everything the pages show is escaped by
the templates; the policy keeps any page from loading another site's script, sending a form
elsewhere or being framed.
"""

from __future__ import annotations

import json

from regulars.http.uploads import MAX_UPLOAD_BYTES

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HEADERS = {
    b"x-frame-options": b"DENY",
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"same-origin",
    b"content-security-policy": CONTENT_SECURITY_POLICY.encode(),
}
#: Room for the multipart framing and the other fields around the file.
_FORM_OVERHEAD = 1 << 20


def served_over_tls(request) -> bool:
    """Whether the browser reached us over HTTPS: directly, or through a proxy that says so."""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


class SecurityMiddleware:
    """Plain ASGI: adds ``HEADERS`` to every answer, and refuses an upload (a multipart body)
    without credentials (401) or announced larger than the limit (413) before reading any of it."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = _refusal(dict(scope["headers"]))
        if refusal:
            await _answer(send, *refusal)
            return

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS.items() if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


def _refusal(headers: dict[bytes, bytes]) -> tuple[int, str, str] | None:
    if not headers.get(b"content-type", b"").lower().startswith(b"multipart/form-data"):
        return None
    signed = (
        headers.get(b"authorization")
        or headers.get(b"x-api-key")
        or b"regulars_session=" in headers.get(b"cookie", b"")
    )
    if not signed:
        return 401, "Not signed in", "sign in, or send an API key, before uploading a file"
    try:
        length = int(headers.get(b"content-length", b"0"))
    except ValueError:
        return 400, "Bad request", "Content-Length is not a number"
    if length > MAX_UPLOAD_BYTES + _FORM_OVERHEAD:
        return (
            413,
            "Upload too large",
            (f"larger than {MAX_UPLOAD_BYTES >> 20} MiB; import it with the CLI"),
        )
    return None


async def _answer(send, status: int, title: str, detail: str) -> None:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail})
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
        *HEADERS.items(),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body.encode()})
