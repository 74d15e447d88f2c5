"""Every command of the CLI is run by some test: a command added without one fails here.

The commands come from the app itself (typer's click tree); the invocations from the tests' source:
calls named ``cli``, ``run`` or ``invoke`` whose arguments (or a list argument) start with the
command's words, e.g. ``cli("audience", "create", ...)`` or ``runner.invoke(app, ["clv", "fit"])``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import typer.main

from regulars.cli import app

TESTS = Path(__file__).resolve().parents[1]
CALLERS = {"cli", "run", "invoke"}


def command_paths(command=None, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Every runnable command of the app, as its words (``("audience", "create")``)."""
    command = command or typer.main.get_command(app)
    if not hasattr(command, "commands"):
        return {path}
    return set().union(
        *(command_paths(sub, (*path, name)) for name, sub in command.commands.items())
    )


def _leading_words(nodes) -> tuple[str, ...]:
    words = []
    for node in nodes:
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            break
        words.append(node.value)
    return tuple(words)


def invoked_words(source: str) -> set[tuple[str, ...]]:
    """The leading string words of each CLI-like call in a test module's source."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = (
            node.func.attr
            if isinstance(node.func, ast.Attribute)
            else getattr(node.func, "id", None)
        )
        if name not in CALLERS:
            continue
        found.add(_leading_words(node.args))
        found |= {_leading_words(arg.elts) for arg in node.args if isinstance(arg, ast.List)}
    return found - {()}


def covered(commands: set[tuple[str, ...]], words: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    return {c for c in commands if any(w[: len(c)] == c for w in words)}


def test_the_walk_finds_every_registered_command_and_group():
    paths = command_paths()
    top = {
        c.name or c.callback.__name__.rstrip("_").replace("_", "-") for c in app.registered_commands
    }
    assert top == {p[0] for p in paths if len(p) == 1}
    for group in app.registered_groups:
        inner = {c.name or c.callback.__name__ for c in group.typer_instance.registered_commands}
        inner |= {g.name for g in group.typer_instance.registered_groups}  # campaigns test ...
        assert inner and inner == {p[1] for p in paths if p[0] == group.name}, group.name


def test_the_scan_reads_cli_calls_only():
    source = (
        'cli("audience", "create", x, "--rule", r)\nrunner.invoke(app, ["clv", "fit", "--json"])\n'
        'settings.get("status")\nrun(name, "init")\n'
    )
    words = invoked_words(source)
    assert words == {("audience", "create"), ("clv", "fit", "--json")}
    assert covered({("audience", "create"), ("clv", "fit"), ("status",), ("init",)}, words) == {
        ("audience", "create"),
        ("clv", "fit"),
    }


def test_every_command_is_run_by_a_test():
    words = set().union(
        *(invoked_words(p.read_text(encoding="utf-8")) for p in TESTS.rglob("*.py"))
    )
    commands = command_paths()
    missing = sorted(" ".join(c) for c in commands - covered(commands, words))
    assert not missing, f"CLI commands no test runs (add one to tests/cli/): {missing}"
