"""analytics/ stays pure: it never imports the store, services or an adapter."""

from __future__ import annotations

import ast
from pathlib import Path

import regulars

SRC = Path(regulars.__file__).parent
FORBIDDEN = (
    "regulars.store",
    "regulars.services",
    "regulars.cli",
    "regulars.api",
    "regulars.web",
    "regulars.report",
    "ibis",
    "duckdb",
    "psycopg",
)


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            prefix = "regulars." if node.level else ""
            module = prefix + node.module if node.level < 2 else "regulars." + node.module
            names += [module] + [f"{module}.{a.name}" for a in node.names]  # from regulars import x
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
    """Raw SQL (execute / raw_sql / backend.sql) appears only under store/: the rest is Ibis,
    portable."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if "store" in path.relative_to(SRC).parts:
            continue
        text = path.read_text(encoding="utf-8")
        if any(
            call in text
            for call in (".raw_sql(", "store.execute(", ".raw.execute(", "backend.sql(")
        ):
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


def test_modules_stay_small():
    big = [
        f"{p.relative_to(SRC)}: {n}"
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text().splitlines())) > 500
    ]
    assert big == []


ADAPTERS = ("cli", "api", "web", "report")
#: What each adapter may import besides the layers below it: the shared HTTP plumbing and views, and
#: for the command line the two things it runs (the server the app factory builds, the report file).
ALLOWED = {
    "cli": ("app", "report"),
    "api": ("http",),
    "web": ("http", "views"),
    "report": ("views",),
}
ABOVE = (*ADAPTERS, "app")  # the app factory, regulars/app.py, sits above the API and the dashboard
BELOW_THE_ADAPTERS = ("services", "store", "importers", "analytics", "demo", "views", "http")
ENTRY_POINTS = ("app.py", "__main__.py")


def _reaches(name: str, package: str) -> bool:
    return name == f"regulars.{package}" or name.startswith(f"regulars.{package}.")


def _offenders(paths, forbidden: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[str]:
    return [
        f"{path.relative_to(SRC)}: {name}"
        for path in sorted(paths)
        for name in _imports(path)
        if any(_reaches(name, f) for f in forbidden) and not any(_reaches(name, a) for a in allowed)
    ]


def _modules(package: str):
    return (SRC / package).rglob("*.py")


def test_no_adapter_imports_another():
    """cli/, api/, web/ and report/ are thin adapters over services: none imports another (what
    the API and the dashboard share lives in http/ and views/; the app factory mounts both)."""
    offenders = []
    for adapter in ADAPTERS:
        others = tuple(p for p in ABOVE if p != adapter)
        offenders += _offenders(_modules(adapter), others, ALLOWED[adapter])
    assert offenders == []


def test_nothing_below_the_adapters_imports_one():
    """services, store, importers, analytics, the demo shop, the shared views/ and http/ and the
    top-level modules (schema, money, settings...) never reach up into an adapter or the app
    factory (the demo command, not its service, writes the report)."""
    top_level = [p for p in SRC.glob("*.py") if p.name not in ENTRY_POINTS]
    offenders = [o for package in BELOW_THE_ADAPTERS for o in _offenders(_modules(package), ABOVE)]
    assert offenders + _offenders(top_level, ABOVE) == []


def test_views_and_http_import_no_adapter_and_not_each_other():
    """views/ is shared by the dashboard and the report, http/ by the API and the dashboard: neither
    knows who uses it, and the charts know nothing of HTTP."""
    assert _offenders(_modules("views"), (*ABOVE, "http")) == []
    assert _offenders(_modules("http"), (*ABOVE, "views")) == []


def test_only_the_app_factory_imports_the_api_or_the_dashboard():
    """Whoever imports regulars.api or regulars.web (outside those packages) is the app factory."""
    importers = {
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if path.relative_to(SRC).parts[0] not in ("api", "web")
        for name in _imports(path)
        if _reaches(name, "api") or _reaches(name, "web")
    }
    assert importers == {"app.py"}


def test_every_error_class_is_declared_in_errors_py():
    """One error tree: every subclass of RegularsError lives in regulars/errors.py, where the edges
    (exit codes, HTTP status) can see them all."""
    import importlib
    import pkgutil

    from regulars.errors import RegularsError

    for module in pkgutil.walk_packages(regulars.__path__, "regulars."):
        if not module.name.endswith("__main__"):  # that one runs the CLI
            importlib.import_module(module.name)

    def subclasses(kind):
        for sub in kind.__subclasses__():
            yield sub
            yield from subclasses(sub)

    elsewhere = sorted(
        {
            f"{k.__module__}.{k.__qualname__}"
            for k in subclasses(RegularsError)
            if k.__module__.startswith("regulars.") and k.__module__ != "regulars.errors"
        }
    )
    assert elsewhere == []


def test_lines_stay_at_100_characters():
    """The code, its tests and its benchmarks at 100 characters a line (ruff's line-length too)."""
    root = SRC.parents[1]
    long = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("src", "tests", "benchmarks")
        for path in (root / folder).rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > 100
    ]
    assert long == []
