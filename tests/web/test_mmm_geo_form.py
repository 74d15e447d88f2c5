"""The Marketing mix page on the session's demo shop (in-process, signed in by cookie): email, whose
sale emails land in the promotion weeks, is shown as 'cannot be separated' with links to its tests
(a holdout on its latest campaign, a geo test); the geo-test form designs a split of the regions
with its power in words and an analyst records it as a draft experiment (checked in the store) once;
a form without its CSRF token, a viewer, and a bad amount change nothing."""

from __future__ import annotations

import re
import shutil
from html import unescape

import pytest
from fastapi.testclient import TestClient

from regulars.app import create_app
from regulars.http.auth import SESSION_COOKIE
from regulars.services.accounts import add_user, log_in
from regulars.services.workspace import Workspace
from regulars.settings import load_settings

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def shop(tmp_path, demo_folder):
    path = tmp_path / "ws"
    shutil.copytree(demo_folder, path)
    with Workspace(load_settings(path)) as ws:
        users = {role: add_user(ws, f"{role}-g", role) for role in ("analyst", "viewer")}
    return path, users


def _client(shop, role: str) -> TestClient:
    path, users = shop
    with Workspace(load_settings(path)) as ws:
        session = log_in(ws, users[role].username, users[role].password)
    client = TestClient(create_app(load_settings(path)))
    client.cookies.set(SESSION_COOKIE, session.token)
    return client


def _geo_experiments(path) -> list[dict]:
    with Workspace(load_settings(path)) as ws:
        t = ws.store.table("experiments")
        return ws.store.to_arrow(t.filter(t.name.startswith("Geo test:"))).to_pylist()


def _text(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:p|div|li)>', html, re.S)
    assert found, element_id
    return unescape(re.sub(r"<[^>]+>", "", found.group(1)))


def test_email_is_shown_as_inseparable_with_links_to_its_tests(shop):
    with _client(shop, "viewer") as client:
        html = client.get("/mmm").text
    limits = html[html.index('id="mmm-limits"') :]
    limits = limits[: limits.index("</div>")]
    assert 'data-channel="email"' in limits and "promotion weeks" in limits
    assert 'data-channel="ads"' not in limits and 'data-channel="social"' not in limits
    assert re.search(r'href="/campaigns/[^"#]+#holdout"', limits)
    assert 'href="/mmm?geo_channel=email#geo-test"' in limits
    rows = re.findall(r"<tr[^>]*><td>(\w+)</td>(.*?)</tr>", html, re.S)
    cells = {name: body for name, body in rows if name in ("ads", "email", "social")}
    assert "cannot be separated" in cells["email"]
    assert "cannot be separated" not in cells["ads"] and "$" in cells["ads"]


def test_an_analyst_designs_and_records_a_geo_test_once(shop):
    path, _ = shop
    with _client(shop, "analyst") as client:
        page = client.get("/mmm?geo_channel=email&geo_weeks=6&geo_effect=250")
        assert page.status_code == 200
        power = _text(page.text, "geo-power")
        assert re.search(r"Switch the channel on \(or off\) in \d+ of \d+ regions", power)
        assert "With 26 weeks before and 6 after" in power and "the power is" in power
        token = TOKEN.search(page.text).group(1)
        form = {"channel": "email", "weeks": "6", "effect": "250"}
        assert client.post("/mmm/geo-test", data=form, follow_redirects=False).status_code == 403
        assert _geo_experiments(path) == []
        sent = client.post("/mmm/geo-test", data={**form, "csrf_token": token},
                           follow_redirects=False)  # fmt: skip
        assert sent.status_code == 303, sent.text
        [made] = _geo_experiments(path)
        after = client.get(sent.headers["location"]).text
        again = client.post("/mmm/geo-test", data={**form, "csrf_token": token})
    assert made["name"] == "Geo test: email" and made["status"] == "draft"
    assert made["primary_metric"] == "revenue"
    treated = _text(after, "geo-regions").split("Treated: ")[1].split(". Control")[0].split(", ")
    regions = made["planned_sample_size"]  # every other region by revenue is treated
    assert regions >= 4 and len(treated) == -(-regions // 2)
    share = float(made["arms"].split("treated:")[1])
    assert share == pytest.approx(len(treated) / made["planned_sample_size"], abs=1e-4)
    assert all(region in made["hypothesis"] for region in treated)
    assert "regulars campaigns test readout --regions" in made["hypothesis"]
    assert "geo-recorded" in after and 'id="geo-record-form"' not in after
    assert again.status_code == 200 and len(_geo_experiments(path)) == 1


def test_a_viewer_sees_the_power_but_cannot_record(shop):
    path, _ = shop
    with _client(shop, "viewer") as client:
        page = client.get("/mmm")
        assert "geo-power" in page.text and 'id="geo-record-form"' not in page.text
        token = TOKEN.search(page.text).group(1)
        sent = client.post("/mmm/geo-test", data={"csrf_token": token, "channel": "email"})
    assert sent.status_code == 403 and _geo_experiments(path) == []


def test_a_bad_amount_is_said_in_words_and_records_nothing(shop):
    path, _ = shop
    with _client(shop, "analyst") as client:
        page = client.get("/mmm?geo_effect=lots")
        assert page.status_code == 200 and "write an amount" in _text(page.text, "geo-error")
        token = TOKEN.search(page.text).group(1)
        sent = client.post("/mmm/geo-test", data={"csrf_token": token, "channel": "email",
                                                  "effect": "lots"})  # fmt: skip
    assert sent.status_code == 422 and "write an amount" in unescape(sent.text)
    assert _geo_experiments(path) == []


def test_the_campaigns_page_does_not_show_a_caused_roi_for_email(shop):
    with _client(shop, "viewer") as client:
        html = client.get("/campaigns").text
    table = html[html.index('id="channels"') : html.index("</table>", html.index('id="channels"'))]
    email = next(r for r in table.split("<tr>") if r.startswith("<td>email</td>"))
    assert "cannot be separated" in email
    ads = next(r for r in table.split("<tr>") if r.startswith("<td>ads</td>"))
    assert re.search(r'caused-roi">[+-]\d+%', ads)
