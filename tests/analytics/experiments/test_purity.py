"""The experiments package stays pure: no store, services or adapters."""

import ast
from pathlib import Path

import regulars.analytics.experiments as pkg

FORBIDDEN = ("regulars.store", "regulars.services", "regulars.cli", "regulars.api", "regulars.web")


def test_no_module_imports_the_store_services_or_adapters():
    for path in Path(pkg.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.startswith(FORBIDDEN) for n in names), f"{path.name} imports {names}"


def test_modules_stay_small():
    for path in Path(pkg.__file__).parent.glob("*.py"):
        assert len(path.read_text().splitlines()) <= 400, path.name
