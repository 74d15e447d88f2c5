"""Erasure that leaves no trace: every byte of the workspace (database file, its log, saved models,
reports, the demo's files) and, on PostgreSQL, every table and the planner's statistics searched
for the erased person's identifiers and their own words, in UTF-8 and UTF-16-LE."""

from __future__ import annotations

import ibis
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from regulars.report import write_report
from regulars.services.clv.predictions import predict_clv
from regulars.services.consent import consenting
from regulars.services.customers import erase_customer
from regulars.services.imports import import_file
from regulars.services.segments.audiences import create_audience, email_sha256, export_audience
from regulars.store.erasure import is_pseudonym

ENCODINGS = ("utf-8", "utf-16-le")


@pytest.fixture
def demo_workspace(small_demo):
    return small_demo


def _marketable_buyer(ws) -> dict:
    """A customer with an email, a phone, orders and marketing consent, ordered by id."""
    s = ws.store
    ids = s.table("orders").select("customer_id").intersect(consenting(ws, "marketing"))
    c = s.table("customers")
    rows = s.to_arrow(
        c.semi_join(ids, "customer_id")
        .filter(c.email.notnull() & c.phone.notnull())
        .order_by("customer_id")
        .limit(1)
    ).to_pylist()
    assert rows, "the demo shop should have a marketable buyer with an email and a phone"
    return rows[0]


def _their_words(ws, tmp_path, customer_id: str) -> str:
    """A review only this customer wrote (the demo's texts are shared by many)."""
    words = (
        f"Unique words of {customer_id}: the cardamom roast tasted like my grandmother's kitchen"
    )
    pacsv.write_csv(
        pa.table(
            {
                "feedback_id": ["fb-unique-review"],
                "kind": ["review"],
                "customer_id": [customer_id],
                "created_at": ["2025-03-01T10:00:00+00:00"],
                "rating": [5.0],
                "text": [words],
            }
        ),
        tmp_path / "review.csv",
    )
    import_file(ws, "feedback", tmp_path / "review.csv")
    return words


def _file_hits(folder, needles) -> list[str]:
    hits = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for needle in needles:
            for enc in ENCODINGS:
                if needle.encode(enc) in data:
                    hits.append(f"{path.name} ({enc}): {needle[:30]!r}")
    return hits


def _database_hits(ws, needles) -> list[str]:
    """Every text column of every table, and on PostgreSQL pg_stats, quoting a needle."""
    hits = []
    for name in ws.store.backend.list_tables():
        t = ws.store.table(name)
        for column, dtype in t.schema().items():
            if dtype.is_string():
                for needle in needles:
                    n = ws.store.to_arrow(
                        t.filter(t[column].contains(needle)).aggregate(n=ibis._.count())
                    )["n"][0].as_py()
                    if n:
                        hits.append(f"{name}.{column}: {needle[:30]!r}")
    if ws.store.dialect == "postgres":
        stats = ws.store.backend.sql(
            "SELECT tablename, attname, coalesce(most_common_vals::text, '') AS mcv, "
            "coalesce(histogram_bounds::text, '') AS bounds FROM pg_stats "
            "WHERE schemaname = current_schema()"
        )
        for row in ws.store.to_arrow(stats).to_pylist():
            for needle in needles:
                if needle in row["mcv"] or needle in row["bounds"]:
                    hits.append(f"pg_stats {row['tablename']}.{row['attname']}: {needle[:30]!r}")
    return hits


def _analyse(ws) -> None:
    """PostgreSQL: gather statistics now, so pg_stats quotes the person before the erasure."""
    if ws.store.dialect == "postgres":
        ws.store.backend.raw_sql("ANALYZE")


def test_erasure_leaves_no_byte_of_them_anywhere(demo_workspace, tmp_path):
    ws = demo_workspace
    person = _marketable_buyer(ws)
    cid = person["customer_id"]
    words = _their_words(ws, tmp_path, cid)
    needles = [cid, person["email"], person["phone"], words, email_sha256(person["email"])]
    create_audience(ws, "just them", f'customer_id = "{cid}"')
    exported = tmp_path / "outside" / "them.csv"
    export_audience(ws, "just them", exported, exported_by="owner")
    report = write_report(ws)
    _analyse(ws)
    before = _file_hits(ws.path, needles[:4]) + _database_hits(ws, needles[:4])
    where = "regulars.duckdb" if ws.store.dialect == "duckdb" else "pg_stats"
    assert any(h.startswith(where) for h in before), before  # the search finds them before

    erasure = erase_customer(ws, cid)  # on PostgreSQL it analyses the tables itself

    assert _database_hits(ws, needles) == []
    ws.store.close()  # the file as another program would read it: every byte, its log too
    del ws.__dict__["store"]
    assert _file_hits(ws.path, needles) == []
    quoted = any(h.startswith("report.html") for h in before)  # the report lists top customers
    assert (str(report) in erasure.traces.reports_removed) == quoted == (not report.exists())
    assert erasure.traces.exported_files == (str(exported),)
    assert erasure.free_blocks_overwritten >= 0


def test_a_pseudonym_is_never_scored_as_a_person(demo_workspace):
    ws = demo_workspace
    cid = _marketable_buyer(ws)["customer_id"]
    before = predict_clv(ws).customers
    assert any(r["customer_id"] == cid for r in before)
    erase_customer(ws, cid)
    after = predict_clv(ws).customers
    assert after and not any(is_pseudonym(r["customer_id"]) for r in after)
    assert len(after) == len(before) - 1
