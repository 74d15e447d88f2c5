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
