"""Real local servers the sends are tested against: an SMTP server (aiosmtpd) and an HTTP server
(the standard library's) that keep what they received. Nothing leaves the machine."""

from __future__ import annotations

import json
import socket
import threading
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Mailbox:
    def __init__(self):
        self.messages = []
        self.refuse: set[str] = set()  # addresses refused (550) while named here

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address in self.refuse:
            return "550 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 Message accepted"


@pytest.fixture
def smtp_server():
    """(url, box): a local SMTP server; ``box.messages`` the (recipients, message) pairs it
    received, ``box.refuse`` addresses it refuses."""
    from aiosmtpd.controller import Controller

    box, port = _Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", box
    finally:
        controller.stop()


@pytest.fixture
def webhook_server():
    """(url, posts): a local HTTP server answering 200 to every POST, and the (headers, JSON)
    pairs it received. ``posts.fail`` set to a status makes it answer that instead."""
    posts = _Posts()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = posts.fail or 200
            if status == 200:
                posts.append((dict(self.headers), json.loads(body)))
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook", posts
    finally:
        server.shutdown()
        server.server_close()


class _Posts(list):
    fail: int | None = None
