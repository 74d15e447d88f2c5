"""Shared rules live in one module each: the sale rule in services/sales.py, the shop's calendar
in services/calendar, consent in services/consent.py, units in regulars/units.py; and the KPIs
never reach back into the overview (the import loop between them is gone)."""

from __future__ import annotations

import ast
from pathlib import Path

import regulars

SRC = Path(regulars.__file__).parent


def _module_name(path: Path) -> str:
    parts = ["regulars", *path.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in SRC.rglob("*.py")}


def _imports(name: str) -> set[str]:
    """The regulars modules one module imports (anywhere in it, lazy imports included)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = (
                package.rsplit(".", node.level - 1)[0]
                if node.level > 1
                else package
                if node.level
                else ""
            )
            module = ".".join(p for p in (base, node.module or "") if p)
            out |= {module} | {f"{module}.{a.name}" for a in node.names}
    return {m for m in out if m in MODULES}


def _reachable(start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += _imports(name)
    return seen


def test_the_import_graph_sees_lazy_and_relative_imports():
    assert "regulars.services.status" in _imports(
        "regulars.services.overview"
    )  # dashboard_overview, lazily
    assert "regulars.services.sales" in _reachable("regulars.services.overview")


def test_no_kpi_module_imports_the_overview():
    kpis = [
        m
        for m in MODULES
        if m == "regulars.services.kpis" or m.startswith("regulars.services.kpis.")
    ]
    assert len(kpis) > 10
    offenders = sorted(m for m in kpis if "regulars.services.overview" in _reachable(m))
    assert offenders == []


def test_the_sale_statuses_are_written_in_one_service_module():
    """No service other than services/sales.py spells out which statuses are sales or refunds."""
    offenders = []
    for name, path in MODULES.items():
        if not name.startswith("regulars.services.") or name == "regulars.services.sales":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in (
                "paid",
                "partially_refunded",
                "cancelled",
            ):
                offenders.append(f"{name}:{node.lineno}")
    assert offenders == []


def test_the_calendar_and_units_have_one_home():
    assert (
        not (SRC / "services" / "kpis" / "clock.py").exists()
        and not (SRC / "services" / "kpis" / "periods.py").exists()
    )
    assert not (SRC / "services" / "kpis" / "formatting.py").exists()
    assert not (SRC / "money.py").exists()  # money is written by regulars.units alone
    formatters = [
        f"{name}"
        for name, path in MODULES.items()
        if name != "regulars.units" and "def money(" in path.read_text(encoding="utf-8")
    ]
    assert formatters == []
