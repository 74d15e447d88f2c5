"""The CLI run through typer's runner (the real app, no subprocess), its ``--json`` parsed.

Tests call ``cli("group", "command", ..., ws=workspace)``: tests/cli/test_cli_coverage.py reads
these calls to check that every command of the app is run by some test.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from regulars.cli import app


class Cli:
    """Runs a command with ``--json -w WORKSPACE``; its parsed JSON (exit code checked)."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, ws=None, code: int | tuple[int, ...] = 0):
        where = ["-w", str(ws.path if hasattr(ws, "path") else ws)] if ws is not None else []
        result = self.runner.invoke(
            app, [*map(str, args), "--json", *where], catch_exceptions=False
        )
        assert result.exit_code in (code if isinstance(code, tuple) else (code,)), result.output
        return json.loads(result.stdout)


@pytest.fixture
def cli() -> Cli:
    return Cli()


def as_json(payload):
    """The service's answer as the CLI prints it (``json.dumps(plain(...), default=str)``), read
    back."""
    from regulars.results import plain

    return json.loads(json.dumps(plain(payload), default=str))


@pytest.fixture(name="as_json")
def as_json_fixture():
    return as_json
