"""Start-up cost of the command line (issue 13): what ``regulars --help``, each group's ``--help``
and ``regulars status`` import, in a fresh interpreter each.

Modules are counted, not timed (a loaded machine times badly); benchmarks/startup_bench.py times.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import typer.main

import regulars
from regulars.cli import app

#: Libraries that cost tens to hundreds of milliseconds each to import.
HEAVY = (
    "ibis",
    "sqlglot",
    "duckdb",
    "pandas",
    "numpy",
    "pyarrow",
    "scipy",
    "sklearn",
    "plotly",
    "jinja2",
    "fastapi",
    "uvicorn",
    "pydantic_settings",
    "rich",
)
#: Our packages that import them.
OURS = (
    "regulars.services",
    "regulars.store",
    "regulars.importers",
    "regulars.analytics",
    "regulars.report",
    "regulars.api",
    "regulars.web",
    "regulars.views",
    "regulars.demo",
    "regulars.app",
)

#: What even the first ``status`` (the one that compiles its queries) has no use for.
FIRST_STATUS_NEEDS_NOT = (
    "scipy",
    "sklearn",
    "plotly",
    "jinja2",
    "fastapi",
    "uvicorn",
    "pydantic_settings",
    "regulars.importers",
    "regulars.analytics",
    "regulars.report",
    "regulars.api",
    "regulars.web",
    "regulars.views",
    "regulars.demo",
)

# Imports the CLI, then runs each command line of a JSON list of argument lists; writes the modules
# that importing the CLI added, and per command line its exit code and the modules it added.
PROBE = """
import json, sys
before = set(sys.modules)
from regulars.cli import app
seen = set(sys.modules)
report = {"import": sorted(seen - before), "runs": []}
for args in json.loads(sys.argv[2]):
    try:
        app(args, prog_name="regulars")
        code = 0
    except SystemExit as exc:
        code = exc.code
    report["runs"].append({"args": args, "code": code, "new": sorted(set(sys.modules) - seen)})
    seen = set(sys.modules)
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(report, f)
"""


def _env() -> dict[str, str]:
    """This process's environment, with the regulars under test first on the path."""
    source = str(Path(regulars.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")])}
    env.pop("REGULARS_DATABASE", None)
    return env


def _probe(tmp_path: Path, command_lines: list[list[str]]) -> dict:
    """What the command lines imported, and what they printed (``"stdout"``)."""
    result = tmp_path / "modules.json"
    printed = subprocess.run(
        [sys.executable, "-c", PROBE, str(result), json.dumps(command_lines)],
        env=_env(),
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    ).stdout
    return {**json.loads(result.read_text(encoding="utf-8")), "stdout": printed}


def _loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return sorted(
        {name for name in names for m in modules if m == name or m.startswith(name + ".")}
    )


def _command_paths(command, path: tuple[str, ...] = ()) -> list[list[str]]:
    """Every command and group, as the words that name it (``[]``, ``["clv"]``, ``["clv", "fit"]``,
    ...)."""
    subs = getattr(command, "commands", {})
    return [
        list(path),
        *[p for name, sub in sorted(subs.items()) for p in _command_paths(sub, (*path, name))],
    ]


def test_help_imports_nothing_heavy(tmp_path):
    command_lines = [[*path, "--help"] for path in _command_paths(typer.main.get_command(app))]
    assert ["clv", "fit", "--help"] in command_lines and ["status", "--help"] in command_lines
    found = _probe(tmp_path, command_lines)
    assert "typer" in found["import"]
    assert _loaded(found["import"], HEAVY + OURS) == []
    for run in found["runs"]:
        assert run["code"] == 0, run["args"]
        assert _loaded(run["new"], HEAVY + OURS) == [], run["args"]


def test_status_imports_no_analytics_and_a_second_one_not_even_ibis(tmp_path):
    """The first ``status`` imports no importer nor analytics; it compiles its queries and saves
    them in the database; the next one runs the saved SQL, with the same answer, and loads no Ibis
    (nor pandas, nor even pyarrow)."""
    workspace, orders = str(tmp_path / "ws"), tmp_path / "orders.csv"
    orders.write_text(
        "order_id,customer_id,ordered_at,total\nO1,C1,2026-01-02T10:00:00Z,10.50\n"
        "O2,,2026-02-03T11:00:00Z,4.00\n",
        encoding="utf-8",
    )
    regulars = [sys.executable, "-m", "regulars"]
    subprocess.run(
        [*regulars, "import", "orders", str(orders), "-w", workspace],
        env=_env(),
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=300,
    )
    first = _probe(tmp_path, [["status", "-w", workspace, "--json"]])
    (status,) = first["runs"]
    assert status["code"] == 0 and "duckdb" in first["import"] + status["new"]
    assert _loaded(first["import"] + status["new"], FIRST_STATUS_NEEDS_NOT) == []
    status_json = [*regulars, "status", "-w", workspace, "--json"]
    again = subprocess.run(
        status_json, env=_env(), check=True, capture_output=True, text=True, timeout=300
    ).stdout
    assert first["stdout"] == again, "the saved SQL answers as the compiled queries did"
    status = json.loads(again)
    assert next(t for t in status["tables"] if t["name"] == "orders") == {
        "name": "orders",
        "rows": 2,
        "time_column": "ordered_at",
        "first": "2026-01-02T10:00:00+00:00",
        "last": "2026-02-03T11:00:00+00:00",
    }
    assert any("have no customer" in warning for warning in status["warnings"])
    found = _probe(tmp_path, [["status", "-w", workspace, "--json"]])
    (run,) = found["runs"]
    assert run["code"] == 0
    imported = found["import"] + run["new"]
    assert "duckdb" in imported  # it did read the workspace
    assert _loaded(imported, ("ibis", "sqlglot", "pandas", "pyarrow", "numpy")) == []
