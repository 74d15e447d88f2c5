"""The logged offer test as a store table (``offer_log``) on both backends: the small demo imports
its log through the importers; the database's sums per campaign and offer give what the
generator's own rows give; a re-import adds nothing; a bad file names its file, line and field and
writes nothing; the CLI imports a log and evaluates it from the store; an empty shop says so."""

from __future__ import annotations

import json

import numpy as np
import pyarrow.csv as pacsv
import pytest
from typer.testing import CliRunner

from regulars.analytics.offers import OFFERS, incrementality
from regulars.cli import app
from regulars.demo import generate
from regulars.errors import InputError, NotFoundError
from regulars.offer_tables import OFFER_KEYS
from regulars.services import offers
from regulars.services.imports import import_file
from regulars.services.offers.holdout import NO_LOG, logged_incrementality, logged_rows
from regulars.services.offers.logged import logged_offer_test
from regulars.views.pricing import pricing_context

SMALL = {"customers": 300, "seed": 11}  # tests/conftest.py's small demo shop


@pytest.fixture(scope="module")
def generated_log():
    return generate(**SMALL).tables["offer_log"]


def _count(ws) -> int:
    t = ws.store.table("offer_log")
    return ws.store.to_arrow(t.aggregate(n=t.count()))["n"][0].as_py()


def _arrays(log, keep):
    offer = np.asarray(log["offer"].to_pylist())[keep]
    margin = np.asarray(log["margin_cents"].to_numpy(), float)[keep]
    return offer, (margin > 0).astype(float), margin


def _expected(log, keep, key: str | None):
    offer, bought, margin = _arrays(log, keep)
    mine, held = (offer != "none") if key is None else (offer == key), offer == "none"
    return incrementality(bought[mine], bought[held], margin[mine], margin[held])


def test_the_offers_keys_are_the_bandits():
    assert OFFER_KEYS == tuple(o.key for o in OFFERS)


def test_the_databases_sums_give_what_the_generated_rows_give(small_demo, generated_log):
    found = logged_incrementality(small_demo)
    everyone = np.ones(generated_log.num_rows, bool)
    assert found.rows == generated_log.num_rows == _count(small_demo)
    for key in [None, *OFFER_KEYS[1:]]:
        got = found.overall.any_offer if key is None else found.overall.by_offer[key]
        want = _expected(generated_log, everyone, key)
        assert (got.offered, got.held_out) == (want.offered, want.held_out)
        assert got.lift == pytest.approx(want.lift) and got.low == pytest.approx(want.low)
        assert got.margin_high_cents == pytest.approx(want.margin_high_cents)
    campaigns = np.asarray(generated_log["campaign"].to_pylist())
    assert [c.campaign for c in found.campaigns] == sorted(set(campaigns))  # waves in time order
    for c in found.campaigns:
        want = _expected(generated_log, campaigns == c.campaign, None)
        assert c.any_offer.held_out == want.held_out
        assert c.any_offer.lift == pytest.approx(want.lift)
        assert c.any_offer.explanation == want.explanation


def test_a_reimport_adds_nothing(small_demo, generated_log, tmp_path):
    before = _count(small_demo)
    pacsv.write_csv(generated_log, tmp_path / "offer_log.csv")
    report = import_file(small_demo, "offer_log", tmp_path / "offer_log.csv")
    assert report.counts["offer_log"].created == 0 and report.counts["offer_log"].updated == 0
    assert _count(small_demo) == before


def test_a_bad_offer_log_names_file_line_and_field_and_writes_nothing(small_demo, tmp_path):
    path = tmp_path / "bad-log.csv"
    path.write_text(
        "customer_id,campaign,offered_at,offer,propensity,margin_cents\n"
        "C000001,spring,2026-03-01T10:00:00Z,pct10,0.5,1200\n"
        "C000002,spring,2026-03-01T10:00:00Z,pct50,0.5,0\n"
        "C000003,spring,2026-03-01T10:00:00Z,none,1.5,0\n"
        "C000004,spring,2026-03-01T10:00:00Z,none,0,0\n",
        encoding="utf-8",
    )
    before = _count(small_demo)
    with pytest.raises(InputError) as caught:
        import_file(small_demo, "offer_log", path)
    found = {(p.line, p.column) for p in caught.value.problems}
    assert found == {(3, "offer"), (4, "propensity"), (5, "propensity")}
    assert all(p.file.endswith("bad-log.csv") for p in caught.value.problems)
    assert "above 0 and at most 1" in str(caught.value)
    assert _count(small_demo) == before


def cli(*args: str, ws, code: int = 0):
    where = ["-w", str(ws.path)] + (["--database", ws.settings.database]
                                    if ws.settings.database else [])  # fmt: skip
    result = CliRunner().invoke(app, [*args, "--json", *where], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return json.loads(result.stdout) if code == 0 else result.output


def test_the_cli_imports_a_log_and_evaluates_it_from_the_store(workspace, tmp_path):
    shop = generate(customers=120, seed=5)
    for name in ("customers", "products", "orders", "order_items", "consents", "offer_log"):
        pacsv.write_csv(shop.tables[name], tmp_path / f"{name}.csv")
        cli("import", name, str(tmp_path / f"{name}.csv"), ws=workspace)
    assert _count(workspace) == shop.tables["offer_log"].num_rows
    v = cli("offers", "evaluate", ws=workspace)
    stored = logged_offer_test(workspace).policy
    assert v["explanation"] == stored.explanation and v["customers"] == stored.customers
    pacsv.write_csv(shop.offer_log, tmp_path / "export.csv")  # the email tool's four columns
    from_csv = cli("offers", "evaluate", str(tmp_path / "export.csv"), ws=workspace)
    assert from_csv["explanation"] == v["explanation"]
    assert "learned from" in offers.offer_plan(workspace).explanation


def test_an_empty_shop_says_no_offer_log_yet(workspace):
    assert logged_incrementality(workspace) is None and logged_rows(workspace) == []
    found = pricing_context(workspace)
    assert found["offer_test"] is None and found["offer_log_note"] == NO_LOG
    assert "no offer log yet" in cli("offers", "evaluate", ws=workspace, code=65)
    with pytest.raises(NotFoundError, match="no offer log yet: import one"):
        logged_offer_test(workspace)
