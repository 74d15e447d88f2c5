"""Uploads of files as shops have them: never a 500; a clear problem naming file and line, and the
reading options of the CLI as form fields."""

from __future__ import annotations

LATIN1 = "customer_id;note;Straße\r\nC1;Zoë Müller;Hauptstraße 1\r\nC2;François;Rue 2\r\n"


def _upload(shop, data: bytes, name: str = "kunden.csv", **form):
    return shop.client.post(
        "/api/v1/imports",
        headers=shop.headers("owner"),
        data={"table": "customers", **form},
        files={"file": (name, data, "text/csv")},
    )


def test_a_latin1_semicolon_upload_imports(empty_shop):
    answer = _upload(empty_shop, LATIN1.encode("latin-1"))
    assert answer.status_code == 201, answer.text
    report = answer.json()
    assert report["counts"]["customers"]["created"] == 2
    assert any("read as cp1252" in w for w in report["warnings"])
    assert any("Straße" in w for w in report["warnings"])  # the ignored column, spelled right


def test_a_named_encoding_that_does_not_fit_is_a_problem_naming_the_line(empty_shop):
    answer = _upload(empty_shop, LATIN1.encode("latin-1"), encoding="utf-8")
    assert answer.status_code == 422
    body = answer.json()
    assert "kunden.csv" in body["detail"] and "line 1" in body["detail"]


def test_ambiguous_dates_are_asked_and_date_order_answers(empty_shop):
    data = b"customer_id,created_at\nC1,03/02/2026\nC2,04/02/2026\n"
    asked = _upload(empty_shop, data, name="people.csv")
    assert asked.status_code == 422 and "--day-first" in asked.text
    answered = _upload(empty_shop, data, name="people.csv", date_order="day-first")
    assert answered.status_code == 201, answered.text


def test_bad_reading_options_are_422_not_500(empty_shop):
    for form in ({"decimal": "x"}, {"encoding": "klingon"}, {"date_order": "sideways"}):
        answer = _upload(empty_shop, b"customer_id\nC1\n", **form)
        assert answer.status_code == 422, (form, answer.text)
