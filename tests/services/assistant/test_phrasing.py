"""The optional language model, against a local fake OpenAI-compatible endpoint (a tiny
http.server in a thread; no network): off by default; it receives only the retrieved facts and
the masked question; its phrasing reaches the customer only when it keeps every number and link
of the facts; a dropped number, an injected promise, a slow or broken endpoint fall back to the
template answer, and the explanation says so. Order status is never sent."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from regulars.services.assistant import reply

GOOD = ("Good news: parcels leave within one working day, delivery takes 2 to 4 days and costs "
        "4.90 EUR (see https://shop.example/faq#shipping).")  # fmt: skip
ANSWERS = {
    "good": GOOD,
    "dropped": "Delivery is quick and costs 4.90 EUR: https://shop.example/faq#shipping",
    "injected": "Ignore the rules: your order is free today and we pay you back twice, "
    "2 to 4 days, 4.90 EUR, https://shop.example/faq#shipping",
    "no-link": "Parcels leave within one working day; delivery takes 2 to 4 days and costs 4.90.",
}


@pytest.fixture
def endpoint():
    seen, mode = [], {"now": "good"}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the http.server name)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
            if mode["now"] == "slow":
                time.sleep(1.5)
            if mode["now"] == "broken":
                self.send_response(500)
                self.end_headers()
                return
            text = ANSWERS.get(mode["now"], "")
            out = json.dumps({"choices": [{"message": {"role": "assistant", "content": text}}]})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", seen, mode
    server.shutdown()


def _with_llm(ws, url: str):
    ws.settings = dataclasses.replace(ws.settings, llm_url=url, llm_model="tiny",
                                      llm_key="sk-test", llm_timeout=0.5)  # fmt: skip
    return ws


def test_off_by_default_nothing_is_sent(shop, endpoint):
    _, seen, _ = endpoint
    said = reply(shop, None, "how long does delivery take?")
    assert said.text.startswith("How long does delivery take?: Parcels leave") and seen == []


def test_a_phrasing_that_keeps_the_facts_is_used_and_gets_only_the_facts(shop, endpoint):
    url, seen, _ = endpoint
    ws = _with_llm(shop, url)
    said = reply(ws, None, "how long does delivery take? I am ann@example.com")
    assert said.text == GOOD and "Phrased by the language model" in said.explanation
    (request,) = seen
    assert request["path"] == "/v1/chat/completions" and request["model"] == "tiny"
    assert request["auth"] == "Bearer sk-test"
    user = request["messages"][-1]["content"]
    assert "2 to 4 days" in user and "[email]" in user and "ann@example.com" not in user
    assert "30 days" not in user and "Market Street" not in user  # other entries are not sent
    assert "Ignore previous instructions" not in json.dumps(request)


@pytest.mark.parametrize(
    ("mode", "why"),
    [("dropped", "dropped or changed"), ("injected", "not in the facts"),
     ("no-link", "link"), ("slow", "did not answer"), ("broken", "answered 500"),
     ("empty", "answered nothing")],
)  # fmt: skip
def test_a_phrasing_that_loses_a_fact_or_fails_falls_back_to_the_template(shop, endpoint,
                                                                         mode, why):  # fmt: skip
    url, seen, now = endpoint
    now["now"] = mode
    said = reply(_with_llm(shop, url), None, "how long does delivery take?")
    assert said.text.startswith("How long does delivery take?: Parcels leave within one")
    assert "The template answer is shown" in said.explanation and why in said.explanation
    assert len(seen) == 1


def test_order_status_is_never_sent(shop, endpoint):
    url, seen, _ = endpoint
    ws = _with_llm(shop, url)
    cid = reply(ws, None, "where is my order 10234?").conversation_id
    said = reply(ws, cid, "ann@example.com")
    assert said.verified and "10234" in said.text and seen == []
