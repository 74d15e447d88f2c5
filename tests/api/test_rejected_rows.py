"""--skip-invalid from an upload (API and dashboard): the good rows imported, the rejected ones
kept in the workspace's rejected/ folder under an id and offered as a download to analysts."""

from __future__ import annotations

import re

from tests.api.conftest import BAD_CUSTOMERS_CSV


def _upload(shop, role: str = "analyst", **form):
    return shop.client.post(
        "/api/v1/imports",
        headers=shop.headers(role),
        data={"table": "customers", **form},
        files={"file": ("people.csv", BAD_CUSTOMERS_CSV.encode(), "text/csv")},
    )


def test_an_api_upload_keeps_its_rejected_rows_for_download(empty_shop):
    answer = _upload(empty_shop, skip_invalid="true")
    assert answer.status_code == 201, answer.text
    report = answer.json()
    assert report["counts"]["customers"]["created"] == 1 and report["rejected"] == 2
    rid = report["rejected_id"]
    assert report["rejected_file"] == f"rejected/{rid}.csv"
    assert (empty_shop.path / "rejected" / f"{rid}.csv").is_file()
    got = empty_shop.get(f"/api/v1/imports/rejected/{rid}", role="analyst")
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert "ZBAD002" in got.text and "ZBAD003" in got.text and "ZBAD001" not in got.text
    assert "platinum" in got.text


def test_rejected_rows_are_for_analysts_and_known_ids_only(empty_shop):
    rid = _upload(empty_shop, skip_invalid="true").json()["rejected_id"]
    assert empty_shop.get(f"/api/v1/imports/rejected/{rid}", role="viewer").status_code == 403
    for wrong in ("0" * 32, "..%2F..%2Fregulars.toml", "nothing"):
        answer = empty_shop.get(f"/api/v1/imports/rejected/{wrong}", role="owner")
        assert answer.status_code == 404, (wrong, answer.text)


def test_without_skip_invalid_nothing_is_imported_and_nothing_kept(empty_shop):
    answer = _upload(empty_shop)
    assert answer.status_code == 422
    assert not (empty_shop.path / "rejected").exists()


def test_the_dashboard_offers_the_rejected_rows_as_a_download(empty_shop):
    client = empty_shop.client
    assert empty_shop.log_in("analyst").status_code in (302, 303)
    page = client.get("/data")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    done = client.post(
        "/data/import",
        data={"csrf_token": token, "table": "customers", "skip_invalid": "true"},
        files={"file": ("people.csv", BAD_CUSTOMERS_CSV.encode(), "text/csv")},
    )
    assert done.status_code == 200, done.text
    assert "set aside 2 rows with problems" in done.text
    link = re.search(r'href="(/data/rejected/[0-9a-f]{32})" id="rejected-download"', done.text)
    assert link, done.text
    got = client.get(link.group(1))
    assert got.status_code == 200 and "ZBAD002" in got.text and "ZBAD001" not in got.text
    assert client.get("/data/rejected/" + "f" * 32).status_code == 404
