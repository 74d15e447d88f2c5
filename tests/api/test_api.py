"""The REST API in-process on DuckDB: every route under /api/v1 and /health, success shapes,
problem details for 401 / 403 / 404 / 422, uploads (rejected, landed, dry run, re-upload),
and the dashboard's sign-in rules (CSRF, throttling, logout, cookie flags)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from regulars import __version__
from regulars.units import money

from .conftest import BAD_CUSTOMERS_CSV, GOOD_CUSTOMERS_CSV

# the routes of the web app and REST API (issue 3); later capabilities add their own under /api/v1
API_ROUTES = {
    ("get", "/health"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/status"),
    ("get", "/api/v1/tables"),
    ("get", "/api/v1/imports"),
    ("post", "/api/v1/imports"),
    ("get", "/api/v1/overview"),
    ("get", "/api/v1/customers"),
    ("get", "/api/v1/customers/{customer_id}"),
    ("get", "/api/v1/customers/{customer_id}/export"),
    ("delete", "/api/v1/customers/{customer_id}"),
}
SIGNED_IN_ROUTES = sorted(
    (m, p.replace("{customer_id}", "C000001")) for m, p in API_ROUTES if p != "/health"
)


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert (
        body["status"] == status
        and body["title"]
        and body["detail"]
        and body["type"].startswith("https://")
    )
    return body


def upload(shop, csv: str, role: str = "owner", name: str = "customers.csv", **form):
    data = {"table": "customers", **form}
    return shop.client.post(
        "/api/v1/imports",
        headers=shop.headers(role),
        data=data,
        files={"file": (name, csv, "text/csv")},
    )


def row_counts(shop) -> dict[str, int]:
    return {t["name"]: t["rows"] for t in shop.get("/api/v1/tables").json()}


def first_customer(shop) -> str:
    return shop.get("/api/v1/customers?limit=1").json()["customers"][0]["customer_id"]


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


# -- the route list, health, authentication ----------------------------------------------------


def offered_routes(app) -> set[tuple[str, str]]:
    return {(method, path) for path, ops in app.openapi()["paths"].items() for method in ops}


def test_the_routes_are_offered(shop):
    assert API_ROUTES <= offered_routes(shop.client.app)


def test_every_api_route_of_every_capability_needs_credentials(shop):
    """Not only these routes: every operation under /api/v1 refuses an anonymous request with a
    problem."""
    for method, path in sorted(offered_routes(shop.client.app)):
        if path.startswith("/api/v1/") and path != "/api/v1/openapi.json":
            concrete = re.sub(r"\{[^}]+\}", "x", path)
            assert_problem(shop.client.request(method, concrete), 401)


def test_health_needs_no_sign_in(shop):
    response = shop.client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__}


@pytest.mark.parametrize(("method", "path"), SIGNED_IN_ROUTES)
def test_every_route_refuses_a_request_without_credentials(shop, method, path):
    body = assert_problem(shop.client.request(method, path), 401)
    assert body["title"] == "Not signed in"
    assert shop.client.request(method, path).headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer rk_not-a-key"},
        {"X-API-Key": "rk_not-a-key"},
        {"Authorization": "Bearer "},
    ],
    ids=["bearer", "x-api-key", "empty-bearer"],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/me"),
        ("get", "/api/v1/overview"),
        ("post", "/api/v1/imports"),
        ("delete", "/api/v1/customers/C000001"),
    ],
)
def test_a_bad_key_is_refused(shop, headers, method, path):
    assert_problem(shop.client.request(method, path, headers=headers), 401)


@pytest.mark.parametrize("role", ["owner", "analyst", "viewer"])
def test_me_by_bearer_and_by_x_api_key(shop, role):
    expected = {"username": f"{role}-1", "role": role}
    assert shop.get("/api/v1/me", role).json() == expected
    assert (
        shop.client.get("/api/v1/me", headers={"X-API-Key": shop.users[role].api_key}).json()
        == expected
    )


def test_removed_users_key_stops_working(shop):
    from regulars.services.accounts import remove_user
    from regulars.services.workspace import Workspace

    assert (
        shop.get("/api/v1/me", "viewer").status_code == 200
    )  # the server now remembers this key briefly
    ws = shop.client.app.state.pool.root  # the server's own workspace (no request is using it now)
    assert isinstance(ws, Workspace)
    remove_user(ws, "viewer-1")
    assert_problem(shop.get("/api/v1/me", "viewer"), 401)


# -- reading -----------------------------------------------------------------------------------


def test_status_and_tables(shop):
    status = shop.get("/api/v1/status", "viewer").json()
    assert status["database"] == "duckdb"
    assert {"tables", "warnings", "imports", "schema_version"} <= status.keys()
    tables = shop.get("/api/v1/tables", "viewer").json()
    assert tables == status["tables"]
    by_name = {t["name"]: t for t in tables}
    assert by_name["customers"]["rows"] == 300 and by_name["orders"]["rows"] > 300
    assert {"name", "rows", "time_column", "first", "last"} <= by_name["orders"].keys()


def test_import_history_newest_first_and_limited(shop):
    history = shop.get("/api/v1/imports", "viewer").json()
    assert len(history) >= 5
    assert [h["imported_at"] for h in history] == sorted(
        (h["imported_at"] for h in history), reverse=True
    )
    assert {
        "import_id",
        "table_name",
        "file_name",
        "file_sha256",
        "rows_in_file",
        "created",
        "updated",
        "unchanged",
    } <= history[0].keys()
    assert len(shop.get("/api/v1/imports?limit=2").json()) == 2
    assert len(shop.get("/api/v1/imports?limit=0").json()) == 1  # clamped to 1..500


def test_overview_shape(shop):
    body = shop.get("/api/v1/overview", "viewer").json()
    assert {"headline", "months", "top_products", "warnings"} <= set(body)
    h = body["headline"]
    assert h["orders"] > 0 and h["revenue_cents"] > 0 and 0 < h["repeat_rate"] <= 1
    assert sum(m["revenue_cents"] for m in body["months"]) == h["revenue_cents"]
    assert sum(m["orders"] for m in body["months"]) == h["orders"]
    assert {"name", "units", "revenue_cents"} <= body["top_products"][0].keys()


def test_overview_json_is_what_the_overview_page_shows(shop):
    """One code path: the page's tiles are the API's numbers, formatted."""
    h = shop.get("/api/v1/overview").json()["headline"]
    assert shop.log_in().status_code == 303
    page = shop.client.get("/")
    assert page.status_code == 200
    tiles = dict(
        (label, unescape(value))
        for value, label in re.findall(
            r'<div class="value">([^<]*)</div><div class="label">([^<]*)</div>', page.text
        )
    )
    assert tiles["Revenue"] == money(h["revenue_cents"])
    assert tiles["Net of refunds"] == money(h["net_revenue_cents"])
    assert h["net_revenue_cents"] == h["revenue_cents"] - h["refunds_cents"]
    assert tiles["Orders"] == f"{h['orders']:,}"
    assert tiles["Customers who bought"] == f"{h['customers']:,}"
    assert tiles["Average order value"] == money(h["average_order_cents"])
    assert tiles["Bought on more than one day"] == f"{h['repeat_rate']:.0%}"
    assert 'id="chart-sales"' in page.text and "/assets/plotly.min.js" in page.text


def test_empty_workspace_overview(empty_shop):
    body = empty_shop.get("/api/v1/overview").json()
    assert body["months"] == [] and body["top_products"] == [] and not body["headline"]["orders"]
    assert empty_shop.get("/api/v1/customers").json() == {
        "total": 0,
        "limit": 25,
        "offset": 0,
        "customers": [],
    }
    assert empty_shop.log_in().status_code == 303
    assert "No orders yet" in empty_shop.client.get("/").text


def test_customer_search_pages_and_filters(shop):
    everyone = shop.get("/api/v1/customers?limit=500", "viewer").json()
    assert everyone["total"] == 300 and len(everyone["customers"]) == 300
    spends = [c["spend_cents"] for c in everyone["customers"]]
    assert spends == sorted(spends, reverse=True)
    page2 = shop.get("/api/v1/customers?limit=10&offset=10").json()
    assert [c["customer_id"] for c in page2["customers"]] == [
        c["customer_id"] for c in everyone["customers"][10:20]
    ]
    someone = everyone["customers"][42]
    for q in (someone["customer_id"], someone["email"].upper(), someone["last_name"]):
        found = shop.get("/api/v1/customers", params={"q": q}).json()["customers"]
        assert someone["customer_id"] in [c["customer_id"] for c in found], q
    assert (
        shop.get("/api/v1/customers", params={"q": "no such person anywhere"}).json()["total"] == 0
    )


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=501", "offset=-1", "limit=ten", "q=" + "x" * 201]
)
def test_customer_search_rejects_bad_parameters(shop, query):
    body = assert_problem(shop.get(f"/api/v1/customers?{query}"), 422)
    assert (
        body["problems"]
        and {"file", "line", "column", "value", "reason"} == body["problems"][0].keys()
    )


def test_customer_profile_and_export(shop):
    cid = first_customer(shop)
    profile = shop.get(f"/api/v1/customers/{cid}", "viewer").json()
    assert profile["customer"]["customer_id"] == cid
    assert {"summary", "recent_orders", "consents", "feedback"} <= profile.keys()
    assert profile["summary"]["orders"] >= len(profile["recent_orders"]) > 0
    exported = shop.get(f"/api/v1/customers/{cid}/export", "analyst").json()
    assert exported["customer_id"] == cid
    assert exported["records"]["customers"][0]["email"] == profile["customer"]["email"]
    assert len(exported["records"]["orders"]) == profile["summary"]["orders"]


def test_a_repeated_profile_read_comes_from_the_cache_until_the_customer_is_erased(shop):
    from regulars.services import cache
    from regulars.services.customers import customer_view

    cid = first_customer(shop)
    first = shop.get(f"/api/v1/customers/{cid}")
    assert {"predictions", "segment"} <= first.json().keys()
    ws = (
        shop.client.app.state.pool.root
    )  # the server's own connection (opening another counts as a change)
    assert cache.peek_json(customer_view, ws, cid) == first.content  # kept as the bytes sent
    again = shop.get(f"/api/v1/customers/{cid}")
    assert again.content == first.content and again.headers["content-type"] == "application/json"
    assert shop.client.delete(f"/api/v1/customers/{cid}", headers=shop.headers()).status_code == 200
    assert_problem(shop.get(f"/api/v1/customers/{cid}"), 404)


def test_a_viewer_cannot_export(shop):
    body = assert_problem(
        shop.get(f"/api/v1/customers/{first_customer(shop)}/export", "viewer"), 403
    )
    assert "analyst" in body["detail"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/customers/NOPE-1"),
        ("get", "/api/v1/customers/NOPE-1/export"),
        ("delete", "/api/v1/customers/NOPE-1"),
    ],
)
def test_unknown_customer_is_404(shop, method, path):
    body = assert_problem(shop.client.request(method, path, headers=shop.headers()), 404)
    assert "NOPE-1" in body["detail"]


@pytest.mark.parametrize("cid", ["it's", "a\\b", "%25", "😀", "\x00", "x\x00y"])
def test_odd_customer_ids_are_not_server_errors(shop, cid):
    from urllib.parse import quote

    response = shop.get(f"/api/v1/customers/{quote(cid, safe='')}")
    assert response.status_code in (404, 422), response.text
    assert shop.get("/api/v1/customers", params={"q": cid}).status_code in (200, 422)


# -- erasing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_only_the_owner_may_erase(shop, role):
    cid = first_customer(shop)
    body = assert_problem(
        shop.client.delete(f"/api/v1/customers/{cid}", headers=shop.headers(role)), 403
    )
    assert "owner" in body["detail"]
    assert shop.get(f"/api/v1/customers/{cid}").status_code == 200


def test_owner_erases_a_customer(shop):
    cid = first_customer(shop)
    orders_before = row_counts(shop)["orders"]
    response = shop.client.delete(f"/api/v1/customers/{cid}", headers=shop.headers())
    assert response.status_code == 200, response.text
    assert isinstance(response.json(), dict)
    assert_problem(shop.get(f"/api/v1/customers/{cid}"), 404)
    assert shop.get("/api/v1/customers", params={"q": cid}).json()["total"] == 0
    assert (
        row_counts(shop)["orders"] == orders_before
    )  # orders stay in the totals under a pseudonym
    assert_problem(shop.client.delete(f"/api/v1/customers/{cid}", headers=shop.headers()), 404)


# -- importing ---------------------------------------------------------------------------------


def test_a_viewer_cannot_import(shop):
    before = row_counts(shop)
    body = assert_problem(upload(shop, GOOD_CUSTOMERS_CSV, role="viewer"), 403)
    assert "analyst" in body["detail"]
    assert row_counts(shop) == before


def test_a_rejected_upload_lists_line_level_problems_and_writes_nothing(shop):
    before, history = row_counts(shop), shop.get("/api/v1/imports?limit=500").json()
    body = assert_problem(
        upload(shop, BAD_CUSTOMERS_CSV, role="analyst", name="bad customers.csv"), 422
    )
    assert body["total_problems"] == 2
    problems = {p["line"]: p for p in body["problems"]}
    assert problems[3] == {
        "file": "bad_customers.csv",
        "line": 3,
        "column": "customer_type",
        "value": "platinum",
        "reason": problems[3]["reason"],
    }
    assert "retail" in problems[3]["reason"]
    assert (
        problems[4]["column"] == "created_at"
        and problems[4]["value"] == "not-a-date"
        and problems[4]["reason"]
    )
    assert row_counts(shop) == before
    assert shop.get("/api/v1/imports?limit=500").json() == history
    assert_problem(
        shop.get("/api/v1/customers/ZBAD001"), 404
    )  # the good row of a bad file is not written either


def test_a_good_upload_lands_and_a_reupload_adds_nothing(shop):
    before = row_counts(shop)["customers"]
    first = upload(shop, GOOD_CUSTOMERS_CSV, role="analyst")
    assert first.status_code == 201, first.text
    report = first.json()
    assert (
        report["table"] == "customers"
        and report["rows_in_file"] == 2
        and report["dry_run"] is False
    )
    assert report["counts"]["customers"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert row_counts(shop)["customers"] == before + 2
    assert (
        shop.get("/api/v1/customers/ZNEW001").json()["customer"]["email"]
        == "zed.newman@example.com"
    )
    assert shop.get("/api/v1/imports?limit=1").json()[0]["file_name"] == "customers.csv"

    again = upload(shop, GOOD_CUSTOMERS_CSV, role="analyst")
    assert again.status_code == 201
    assert again.json()["counts"]["customers"] == {"created": 0, "updated": 0, "unchanged": 2}
    assert row_counts(shop)["customers"] == before + 2


def test_a_dry_run_writes_nothing(shop):
    before, history = row_counts(shop), shop.get("/api/v1/imports?limit=500").json()
    response = upload(shop, GOOD_CUSTOMERS_CSV, dry_run="true")
    assert response.status_code == 201
    assert (
        response.json()["dry_run"] is True
        and response.json()["counts"]["customers"]["created"] == 2
    )
    assert row_counts(shop) == before
    assert shop.get("/api/v1/imports?limit=500").json() == history
    assert_problem(shop.get("/api/v1/customers/ZNEW001"), 404)


def test_upload_with_a_column_map(shop):
    csv = "cust,mail,given\nZMAP1,map.one@example.com,Mapped\n"
    response = upload(shop, csv, map=["cust=customer_id", "mail=email", "given=first_name"])
    assert response.status_code == 201, response.text
    assert shop.get("/api/v1/customers/ZMAP1").json()["customer"]["first_name"] == "Mapped"


@pytest.mark.parametrize(
    ("form", "csv", "words"),
    [
        ({"table": "nonsense"}, GOOD_CUSTOMERS_CSV, "unknown table"),
        ({}, "", "empty"),
        ({"format": "no-such-format"}, GOOD_CUSTOMERS_CSV, "format"),
        ({"map": ["no-equals-sign"]}, GOOD_CUSTOMERS_CSV, "="),
    ],
)
def test_upload_input_errors_are_422(shop, form, csv, words):
    before = row_counts(shop)
    body = assert_problem(upload(shop, csv, **form), 422)
    assert words in body["detail"].lower() or words in str(body.get("problems")).lower()
    assert row_counts(shop) == before


def test_upload_without_a_file_is_422(shop):
    body = assert_problem(
        shop.client.post("/api/v1/imports", headers=shop.headers(), data={"table": "customers"}),
        422,
    )
    assert any("file" in p["column"] for p in body["problems"])


# -- the dashboard's sign-in: sessions, CSRF, throttling, cookies ------------------------------


def test_session_cookie_flags(shop):
    response = shop.log_in()
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookies = response.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("regulars_session="))
    flags = [f.strip().lower() for f in session.split(";")]
    assert "httponly" in flags and "samesite=lax" in flags and "path=/" in flags
    login_csrf = shop.client.get("/login").headers["set-cookie"].lower()
    assert "httponly" in login_csrf and "samesite=strict" in login_csrf


def test_cookie_authenticated_changes_need_the_csrf_header(shop):
    shop.log_in("analyst")
    assert shop.client.get("/api/v1/me").json() == {
        "username": "analyst-1",
        "role": "analyst",
    }  # reads need no token
    files = {"file": ("customers.csv", GOOD_CUSTOMERS_CSV, "text/csv")}
    refused = shop.client.post("/api/v1/imports", data={"table": "customers"}, files=files)
    body = assert_problem(refused, 403)
    assert "X-CSRF-Token" in body["detail"]
    wrong = shop.client.post(
        "/api/v1/imports",
        data={"table": "customers"},
        files=files,
        headers={"X-CSRF-Token": "guess"},
    )
    assert_problem(wrong, 403)
    assert_problem(shop.client.delete(f"/api/v1/customers/{first_customer(shop)}"), 403)
    token = csrf_of(shop.client.get("/").text)
    accepted = shop.client.post(
        "/api/v1/imports", data={"table": "customers"}, files=files, headers={"X-CSRF-Token": token}
    )
    assert accepted.status_code == 201, accepted.text


def test_login_form_needs_its_csrf_token(shop):
    creds = shop.users["owner"]
    response = shop.client.post(
        "/login",
        data={"username": creds.username, "password": creds.password, "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert response.status_code == 400 and "regulars_session" not in response.headers.get(
        "set-cookie", ""
    )


def test_login_is_throttled_after_five_failures(shop):
    creds = shop.users["owner"]

    def attempt(password: str):
        token = csrf_of(shop.client.get("/login").text)
        return shop.client.post(
            "/login",
            data={"username": creds.username, "password": password, "csrf_token": token},
            follow_redirects=False,
        )

    for _ in range(5):
        wrong = attempt("not the password")
        assert wrong.status_code == 401 and "Wrong username or password" in wrong.text
    sixth = attempt("not the password")
    assert sixth.status_code == 429
    assert int(sixth.headers["retry-after"]) > 0
    assert "too many" in sixth.text.lower()
    right = attempt(creds.password)  # even the right password waits now
    assert right.status_code == 429 and "regulars_session" not in right.headers.get(
        "set-cookie", ""
    )


def test_logout_ends_the_session(shop):
    shop.log_in()
    token = shop.client.cookies["regulars_session"]
    assert shop.client.get("/api/v1/me").status_code == 200
    csrf = csrf_of(shop.client.get("/").text)
    out = shop.client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    # the old cookie, replayed, opens nothing
    replay = TestClient(shop.client.app, cookies={"regulars_session": token})
    assert_problem(replay.get("/api/v1/me"), 401)
    page = replay.get("/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_pages_redirect_to_login_and_back(shop):
    page = shop.client.get("/customers", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/customers"
    assert 'name="next" value="/customers"' in shop.client.get("/login?next=/customers").text
    assert 'name="next" value="/"' in shop.client.get("/login?next=//evil.example").text


def test_a_kept_page_is_per_session_notices_are_fresh_and_an_erasure_drops_it(shop):
    from regulars.web import kept

    cid = first_customer(shop)
    shop.log_in("owner")
    first = shop.client.get(f"/customers/{cid}")
    assert first.status_code == 200 and 'id="erase-form"' in first.text
    assert any(key[2] == f"/customers/{cid}" for key in kept._pages.keys())
    assert shop.client.get(f"/customers/{cid}").text == first.text  # the kept page
    viewer = TestClient(shop.client.app)
    shop.log_in("viewer", viewer)
    as_viewer = viewer.get(f"/customers/{cid}")
    assert (
        "viewer-1 (viewer)" in as_viewer.text and 'id="erase-form"' not in as_viewer.text
    )  # not the owner's page
    assert (
        "Type the customer id exactly" in shop.client.get(f"/customers/{cid}?confirm=mismatch").text
    )
    assert shop.client.delete(f"/api/v1/customers/{cid}", headers=shop.headers()).status_code == 200
    assert not any(
        key[2] == f"/customers/{cid}" for key in kept._pages.keys()
    )  # no copy of the erased customer is left
    assert shop.client.get(f"/customers/{cid}").status_code == 404


def test_the_overview_page_follows_an_import(shop):
    shop.log_in("owner")
    before = shop.client.get("/").text
    assert shop.client.get("/").text == before
    response = shop.client.post(
        "/api/v1/imports",
        headers=shop.headers("owner"),
        data={"table": "customers"},
        files={"file": ("new.csv", GOOD_CUSTOMERS_CSV, "text/csv")},
    )
    assert response.status_code == 201, response.text
    assert (
        "new.csv" in shop.client.get("/").text and "new.csv" not in before
    )  # "Data last imported ... (new.csv)"


def test_errors_are_pages_on_the_dashboard_and_problem_details_on_the_api(shop):
    """One error handler (http.problems); the app factory hands it the dashboard's error page."""
    shop.log_in("owner")
    page = shop.client.get("/customers/NO-SUCH-CUSTOMER")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert '<div class="error" role="alert">' in page.text and "NO-SUCH-CUSTOMER" in page.text
    answer = shop.get("/api/v1/customers/NO-SUCH-CUSTOMER")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["title"] == "Not found" and "NO-SUCH-CUSTOMER" in answer.json()["detail"]
