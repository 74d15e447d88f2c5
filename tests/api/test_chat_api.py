"""/api/v1/chat for the widget (the shop's widget key, any origin) and /api/v1/assistant for
staff, on each backend: a conversation with verification and a handover, answered from the inbox;
the key, the limits and bad input answered as problems, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.services.assistant.conftest import fill_shop

from regulars.analytics.feedback import embedding
from regulars.app import create_app
from regulars.services.accounts import add_user
from regulars.services.assistant import tickets
from regulars.services.workspace import Workspace
from regulars.settings import load_settings


@pytest.fixture
def api(tmp_path, database_url):
    if not embedding.available():
        pytest.skip("wordllama is not installed")
    ws = Workspace.open(tmp_path / "ws", database_url)
    ws.init()
    fill_shop(ws, tmp_path)
    users = {role: add_user(ws, f"{role}-1", role) for role in ("analyst", "viewer")}
    ws.close()
    settings = load_settings(tmp_path / "ws", database_url)
    with TestClient(create_app(settings)) as client:
        staff = {"Authorization": f"Bearer {users['analyst'].api_key}"}
        key = client.get("/api/v1/assistant/widget", headers=staff).json()["key"]
        yield client, {"X-Widget-Key": key}, staff, settings


def test_a_conversation_with_verification_handover_and_staff_answer(api):
    client, widget, staff, settings = api
    first = client.post("/api/v1/chat", json={"message": "where is order 10234?"},
                        headers=widget)  # fmt: skip
    assert first.status_code == 200 and first.headers["access-control-allow-origin"] == "*"
    cid = first.json()["conversation_id"]
    said = client.post(
        "/api/v1/chat",
        headers=widget,
        json={"conversation_id": cid, "message": "postcode SW1A 1AA"},
    ).json()
    assert said["verified"] and "10234" in said["text"] and "24.90" in said["text"]
    human = client.post(
        "/api/v1/chat",
        headers=widget,
        json={"conversation_id": cid, "message": "let me speak to staff"},
    ).json()
    assert human["handover"] and human["ticket_id"]
    inbox = client.get("/api/v1/assistant/tickets", headers=staff).json()["tickets"]
    assert [t["ticket_id"] for t in inbox] == [human["ticket_id"]]
    assert "[postcode]" in " ".join(m["text"] for m in inbox[0]["transcript"])
    answered = client.post(f"/api/v1/assistant/tickets/{human['ticket_id']}/answer",
                           headers=staff, json={"answer": "On its way today."})  # fmt: skip
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    shown = client.get(f"/api/v1/chat/{cid}", params={"after": human["seq"]}, headers=widget)
    assert [m["text"] for m in shown.json()["messages"]] == ["On its way today."]
    with Workspace.open(settings.workspace, settings.database_url) as ws:
        assert tickets(ws) == ()
    stats = client.get("/api/v1/assistant/stats", headers=staff).json()
    assert stats["conversations"] == 1 and stats["handed_over"] == 1


def test_the_key_limits_and_bad_input_are_problems(api):
    client, widget, staff, _ = api
    assert client.post("/api/v1/chat", json={"message": "hi"}).status_code == 401
    wrong = client.post("/api/v1/chat", json={"message": "hi"}, headers={"X-Widget-Key": "no"})
    assert wrong.status_code == 401
    long = client.post("/api/v1/chat", json={"message": "x" * 501}, headers=widget)
    assert long.status_code == 422 and "500" in long.json()["detail"]
    assert long.headers["access-control-allow-origin"] == "*"
    unknown = client.post("/api/v1/chat", headers=widget,
                          json={"conversation_id": "ab" * 16, "message": "hi"})  # fmt: skip
    assert unknown.status_code == 404
    preflight = client.options("/api/v1/chat")
    assert preflight.status_code == 204 and "X-Widget-Key" in preflight.headers[
        "access-control-allow-headers"]  # fmt: skip
    viewer_answer = client.post("/api/v1/assistant/tickets/x/answer", json={"answer": "a"},
                                headers=widget)  # fmt: skip
    assert viewer_answer.status_code == 401


def test_the_customer_rates_the_chat_and_staff_read_csat(api):
    client, widget, staff, settings = api
    cids = []
    for score in (5, 2):
        said = client.post("/api/v1/chat", json={"message": "how long does delivery take?"},
                           headers=widget).json()  # fmt: skip
        cids.append(said["conversation_id"])
        rated = client.post(f"/api/v1/chat/{said['conversation_id']}/rating",
                            json={"csat": score}, headers=widget)  # fmt: skip
        assert rated.status_code == 200 and rated.json()["csat"] == score
        assert rated.headers["access-control-allow-origin"] == "*"
    stats = client.get("/api/v1/assistant/stats", headers=staff).json()
    assert (stats["ratings"], stats["csat"], stats["rating_counts"]) == (2, 0.5, [0, 1, 0, 0, 1])
    with Workspace.open(settings.workspace, settings.database_url) as ws:
        rows = ws.store.execute('SELECT conversation_id, csat FROM "_chat_conversations"')
    assert dict(rows) == {cids[0]: 5, cids[1]: 2}
    for bad in ({"csat": 0}, {"csat": 6}, {"csat": "great"}, {}):
        answer = client.post(f"/api/v1/chat/{cids[0]}/rating", json=bad, headers=widget)
        assert answer.status_code == 422
    assert client.post(f"/api/v1/chat/{'ab' * 16}/rating", json={"csat": 3},
                       headers=widget).status_code == 404  # fmt: skip
    assert client.post(f"/api/v1/chat/{cids[0]}/rating", json={"csat": 3}).status_code == 401


def test_staff_queue_proactive_proposals_through_the_api(api, tmp_path):
    client, widget, staff, settings = api
    (tmp_path / "fb.csv").write_text(
        "feedback_id,kind,source,customer_id,created_at,rating,text\n"
        "r1,review,google,c1,2026-11-20T10:00:00Z,1,The parcel arrived late\n",
        encoding="utf-8",
    )
    with Workspace.open(settings.workspace, settings.database_url) as ws:
        from regulars.services.imports import import_file

        import_file(ws, "feedback", tmp_path / "fb.csv")
    done = client.post("/api/v1/assistant/proposals/replies", headers=staff)
    assert done.status_code == 201 and done.json()["action_type"] == "review_reply"
    assert done.json()["status"] == "pending"
    assert client.post("/api/v1/assistant/proposals/birthday", headers=staff).status_code == 422
    nobody = client.post("/api/v1/assistant/proposals/winback", headers=staff)
    assert nobody.status_code == 404 and "marketing consent" in nobody.json()["detail"]
    assert client.post("/api/v1/assistant/proposals/replies", headers=widget).status_code == 401
