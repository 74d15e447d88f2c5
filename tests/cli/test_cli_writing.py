"""Commands that write, run through the CLI: the ``--json`` they print is checked against what the
library then finds in the same workspace (sqlite-utils style)."""

from __future__ import annotations

import csv
import socket

import pyarrow.parquet as pq
import pytest

from regulars.errors import AuthError, NotFoundError
from regulars.services.accounts import list_users, log_in, user_for_api_key
from regulars.services.clv import load_model, load_validation
from regulars.services.customers import customer_profile
from regulars.services.experiments import list_experiments, plan_experiment
from regulars.services.kpis import list_targets
from regulars.services.segments import audience_exports, get_audience, list_audiences
from regulars.services.status import workspace_status
from regulars.services.workspace import Workspace

ORDERS = "cust,date,amount\nc1,2024-01-02,12.50\nc2,2024-01-03,7.25\nc1,2024-02-04,30.00\n"
CUSTOMERS = "customer_id,email\nc1,ann@example.com\nc2,bob@example.com\n"


@pytest.fixture
def ws(tmp_path):
    with Workspace.open(tmp_path / "ws") as workspace:
        yield workspace


def rows(ws, table: str) -> int:
    return {t.name: t.rows for t in workspace_status(ws).tables}[table]


def test_init_makes_the_workspace(cli, ws):
    printed = cli("init", ws=ws)
    assert printed == ws.init()  # idempotent: the library finds what the CLI made
    assert printed["database"] == "duckdb" and (ws.path / "regulars.toml").exists()


def test_import_dry_run_then_import_then_export(cli, ws, tmp_path):
    sales = tmp_path / "sales.csv"
    sales.write_text(ORDERS)
    mapping = ("--map", "cust=customer_id", "--map", "date=ordered_at", "--map", "amount=total")
    dry = cli("import", "orders", sales, *mapping, "--dry-run", ws=ws)
    assert dry["dry_run"] and dry["counts"]["orders"]["created"] == 3 and rows(ws, "orders") == 0
    done = cli("import", "orders", sales, *mapping, ws=ws)
    assert done["counts"]["orders"]["created"] == 3 == rows(ws, "orders")
    assert rows(ws, "customers") == 2  # known only by id
    to = tmp_path / "orders.parquet"
    info = cli("export", "orders", "--to", to, ws=ws)
    assert info["rows"] == 3 == pq.read_table(to).num_rows
    assert sorted(pq.read_table(to).column("total_cents").to_pylist()) == [725, 1250, 3000]


def test_demo_imports_what_it_says(cli, ws):
    printed = cli("demo", "--customers", "40", "--seed", "3", "--orders-only", ws=ws)
    assert printed["imported"]["customers"] == 40 == rows(ws, "customers")
    assert printed["imported"]["orders"] == rows(ws, "orders") > 40
    assert printed["highlights"][0].startswith("40 customers")


def test_customer_erase(cli, ws, tmp_path):
    people = tmp_path / "c.csv"
    people.write_text(CUSTOMERS)
    cli("import", "customers", people, ws=ws)
    assert customer_profile(ws, "c1")
    info = cli("customer", "erase", "c1", "--yes", ws=ws)
    assert info["rows_deleted"] >= 1
    with pytest.raises(NotFoundError):
        customer_profile(ws, "c1")
    assert customer_profile(ws, "c2")  # only the one asked for


def test_target_set(cli, ws):
    cli("init", ws=ws)
    printed = cli(
        "target", "set", "repeat_rate", "35", "--period", "quarter", "--note", "Q3 plan", ws=ws
    )
    assert [t.to_dict() for t in list_targets(ws)] == [printed]
    assert (printed["kpi"], printed["period"], printed["target"]) == (
        "repeat_rate",
        "quarter",
        0.35,
    )
    assert cli("target", "set", "no_such_kpi", "3", ws=ws, code=65)["error"] == "InputError"


def test_audience_create_show_export(cli, as_json, demo_copy, tmp_path):
    rule = 'segment = "Champions"'
    created = cli(
        "audience", "create", "champions", "--rule", rule, "--description", "best", ws=demo_copy
    )
    assert created == as_json(get_audience(demo_copy, "champions").to_dict())
    assert created["customers"] > 0 and created["rule"] == rule
    listed = cli("audience", "list", ws=demo_copy)
    assert listed == as_json([a.to_dict() for a in list_audiences(demo_copy)])
    assert [a["name"] for a in listed] == ["champions"]
    to = tmp_path / "champions.csv"
    exported = cli("audience", "export", "champions", "--to", to, "--hashed", ws=demo_copy)
    with to.open(newline="") as f:
        lines = list(csv.DictReader(f))
    assert exported["rows_exported"] == len(lines) == created["marketable"]
    assert list(lines[0]) == ["email_sha256"]
    shown = cli("audience", "show", "champions", ws=demo_copy)
    assert shown == as_json(
        {
            **get_audience(demo_copy, "champions").to_dict(),
            "exports": audience_exports(demo_copy, "champions"),
        }
    )
    assert [e["rows_exported"] for e in shown["exports"]] == [len(lines)]
    assert cli("audience", "delete", "champions", ws=demo_copy) == {"deleted": "champions"}
    assert list_audiences(demo_copy) == []
    assert [e.rows_exported for e in audience_exports(demo_copy, "champions")] == [len(lines)]
    assert cli("audience", "delete", "champions", ws=demo_copy, code=66)["error"] == "NotFoundError"


def test_experiment_plan_create_assign_export(cli, as_json, demo_copy, tmp_path):
    plan = cli(
        "experiment",
        "plan",
        "--baseline",
        "0.15",
        "--mde",
        "0.05",
        "--daily-traffic",
        "200",
        ws=demo_copy,
    )
    assert plan == as_json(plan_experiment("proportion", 0.15, 0.05, daily_traffic=200))
    made = cli(
        "experiment",
        "create",
        "Banner",
        "--arms",
        "control:0.5,treatment:0.5",
        "--holdout",
        "0.1",
        ws=demo_copy,
    )
    found = next(e for e in list_experiments(demo_copy) if e.name == "Banner")
    assert (found.experiment_id, found.status) == (made["experiment_id"], made["status"])
    assigned = cli("experiment", "assign", "Banner", "--customers", "all", ws=demo_copy)
    found = next(e for e in list_experiments(demo_copy) if e.name == "Banner")
    assert {a: u["assigned"] for a, u in found.units.items()} == assigned["per_arm"]
    assert sum(assigned["per_arm"].values()) == assigned["assigned_now"] > 0
    to = tmp_path / "treatment.csv"
    exported = cli("experiment", "export", "Banner", "--to", to, "--arm", "treatment", ws=demo_copy)
    with to.open(newline="") as f:
        lines = list(csv.DictReader(f))
    assert exported["rows"] == len(lines) == assigned["per_arm"]["treatment"]
    assert {line["arm"] for line in lines} == {"treatment"}


def test_user_add_key_remove(cli, as_json, ws):
    cli("init", ws=ws)
    creds = cli("user", "add", "sam", "--role", "analyst", ws=ws)
    assert user_for_api_key(ws, creds["api_key"]).role == "analyst"
    assert [(u.username, u.role) for u in list_users(ws)] == [("sam", "analyst")]
    assert cli("user", "list", ws=ws) == as_json(list_users(ws))
    key = cli("user", "key", "sam", "--label", "script", ws=ws)
    assert key["username"] == "sam" and user_for_api_key(ws, key["api_key"]).username == "sam"
    assert cli("user", "revoke-key", key["api_key"], ws=ws) == {"revoked": True}
    with pytest.raises(AuthError):
        user_for_api_key(ws, key["api_key"])
    assert user_for_api_key(ws, creds["api_key"]).username == "sam"  # the other key still works
    reset = cli("user", "reset-password", "sam", ws=ws)
    assert log_in(ws, "sam", reset["password"]).user.username == "sam"
    assert cli("user", "remove", "sam", ws=ws) == {"removed": "sam"}
    assert list_users(ws) == ()
    with pytest.raises(AuthError):
        user_for_api_key(ws, key["api_key"])


def test_clv_fit_and_validate_save_what_they_print(cli, demo_copy):
    fitted = cli("clv", "fit", "--model", "pareto", "--time-unit", "week", ws=demo_copy)
    saved = load_model(demo_copy, "pareto")
    assert fitted["purchase_model"]["params"] == saved["purchase_model"]["params"]
    assert fitted["model"] == saved["model"] and fitted["purchase_model"]["converged"]
    checked = cli("clv", "validate", "--holdout-start", "2025-07-01", ws=demo_copy)
    assert checked["holdout_start"] == "2025-07-01"
    assert {k: v for k, v in load_validation(demo_copy).items() if k != "path"} == {
        k: v for k, v in checked.items() if k != "path"
    }


def test_serve_creates_the_owner_first(cli, ws):
    """``serve`` up to listening: the port is taken, so uvicorn stops after the owner is made (its
    startup failure: exit 3, 1 in older uvicorn)."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        printed = cli("serve", "--port", port, "--pool", "1", ws=ws, code=(1, 3))
    assert printed["url"] == f"http://127.0.0.1:{port}/"
    owner = printed["owner"]
    assert user_for_api_key(ws, owner["api_key"]).role == "owner" == owner["role"]
    assert [u.username for u in list_users(ws)] == [owner["username"]]


def test_json_error_names_the_problem(cli, ws, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("order_id,customer_id,ordered_at,total\nA1,c1,yesterday,5\n")
    printed = cli("import", "orders", bad, ws=ws, code=65)
    assert printed["problems"][0]["line"] == 2 and rows(ws, "orders") == 0
