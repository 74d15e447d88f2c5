"""analytics/ stays pure: it never imports the store, services or an adapter."""

from __future__ import annotations

import ast
from pathlib import Path

import regulars

SRC = Path(regulars.__file__).parent
FORBIDDEN = ("regulars.store", "regulars.services", "regulars.cli", "regulars.api", "regulars.web", "regulars.report",
             "ibis", "duckdb", "psycopg")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            prefix = "regulars." if node.level else ""
            names.append(prefix + node.module if node.level < 2 else "regulars." + node.module)
    return names


def test_analytics_imports_no_store_service_or_adapter():
    offenders = [
        f"{path.relative_to(SRC)}: {name}"
        for path in (SRC / "analytics").rglob("*.py")
        for name in _imports(path)
        if name.startswith(FORBIDDEN)
    ]
    assert offenders == []


def test_only_the_store_runs_sql():
    """Raw SQL (execute / raw_sql / backend.sql) appears only under store/: the rest is Ibis, portable."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if "store" in path.relative_to(SRC).parts:
            continue
        text = path.read_text(encoding="utf-8")
        if any(call in text for call in (".raw_sql(", "store.execute(", ".raw.execute(", "backend.sql(")):
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


def test_modules_stay_small():
    big = [f"{p.relative_to(SRC)}: {n}" for p in SRC.rglob("*.py") if (n := len(p.read_text().splitlines())) > 500]
    assert big == []


def test_adapters_do_not_import_each_other_and_services_import_no_adapter():
    """cli/, api/, web/ and report/ are thin adapters over services; services never reach up into them
    (the demo runner, which writes the report, is the one orchestrator allowed to)."""
    rules = {"services": ("regulars.cli", "regulars.api", "regulars.web", "regulars.report"),
             "api": ("regulars.cli",), "web": ("regulars.cli",), "report": ("regulars.cli", "regulars.api", "regulars.web")}
    offenders = []
    for package, forbidden in rules.items():
        for path in (SRC / package).rglob("*.py"):
            if path.relative_to(SRC).as_posix() == "services/demo.py":
                continue
            offenders += [f"{path.relative_to(SRC)}: {name}" for name in _imports(path) if name.startswith(forbidden)]
    assert offenders == []
