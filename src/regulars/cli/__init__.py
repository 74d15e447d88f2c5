"""The command line: each command is a short loop around one service call.

One module per command group registers its commands on ``app``; this module holds what they share.

Library errors become exit codes only here: input problems 65, not found 66, store failure 74,
configuration 78, any other Regulars error 1.

Start-up time: ``regulars --help`` imports only typer and this package. Commands import their
services (Ibis, DuckDB, pandas, SciPy, ...) and rich's tables inside their bodies, and ``out`` and
``err`` make their rich console on first use (tests/test_startup.py checks it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from regulars.errors import (
    ConfigError,
    InputError,
    NotFoundError,
    RegularsError,
    StoreError,
    disk_full,
)

if TYPE_CHECKING:
    from rich.console import Console

    from regulars.services.workspace import Workspace

app = typer.Typer(
    help="Regulars: customer intelligence for small businesses.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class LazyConsole:
    """A rich ``Console`` made on first use (importing rich is a cost ``--help`` need not pay)."""

    def __init__(self, stderr: bool = False):
        self._stderr = stderr

    @cached_property
    def console(self) -> Console:
        from rich.console import Console

        return Console(stderr=self._stderr)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)


out = LazyConsole()
err = LazyConsole(stderr=True)

EXIT_CODES: dict[type, int] = {InputError: 65, NotFoundError: 66, StoreError: 74, ConfigError: 78}

WorkspaceOpt = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        envvar="REGULARS_WORKSPACE",
        help="Workspace folder [default: ./regulars-workspace].",
    ),
]
DatabaseOpt = Annotated[
    str | None,
    typer.Option(
        "--database",
        envvar="REGULARS_DATABASE",
        help="PostgreSQL URL; empty uses the workspace's DuckDB file.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def exit_code(exc: RegularsError) -> int:
    return next((code for kind, code in EXIT_CODES.items() if isinstance(exc, kind)), 1)


def parse_map(entries: list[str]) -> dict[str, str]:
    """The commands' ``--map SOURCE=FIELD`` entries, parsed where the importers define them."""
    from regulars.importers.options import parse_mapping

    return parse_mapping(entries)


@contextmanager
def workspace(
    path: Path | None,
    database: str | None,
    as_json: bool,
    *,
    create: bool = False,
    needed: bool = True,
) -> Iterator[Workspace]:
    """Open the workspace (made only where ``create``: init, import, demo, serve); turn Regulars
    errors into a message and an exit code. A command that works on what it is given alone
    (``needed=False``: a plan, p-values, a file of summaries) reads the settings of the workspace
    there is, or the defaults where there is none, and never opens nor makes a database."""
    from regulars.services.workspace import Workspace

    try:
        with Workspace.open(path, database, create=create or not needed) as ws:
            yield ws
    except RegularsError as exc:
        _fail(exc, as_json)
    except Exception as exc:  # a full disk is a store failure (74), not a traceback
        full = disk_full(exc)
        if full is None:
            raise
        _fail(full, as_json)


def _fail(exc: RegularsError, as_json: bool) -> None:
    if as_json:
        payload = {"error": type(exc).__name__, "message": getattr(exc, "message", str(exc))}
        if isinstance(exc, InputError):
            payload["problems"] = [p.to_dict() for p in exc.problems]
            payload["total_problems"] = exc.total
        print(json.dumps(payload, indent=2))
    else:
        err.print(f"[bold red]Error:[/] {exc}", markup=True, highlight=False)
    raise typer.Exit(exit_code(exc))


def emit(as_json: bool, payload, human: Callable[[], None]) -> None:
    """``payload`` (a service's dataclass, or a dict) as JSON with --json, else ``human()``."""
    if as_json:
        from regulars.results import plain

        print(json.dumps(plain(payload), indent=2, default=str))
    else:
        human()


@contextmanager
def steps(total: int, what: str) -> Iterator[Callable[[str], None]]:
    """A bar of ``total`` steps with the time spent and the time left on a terminal; elsewhere
    (a pipe, a log) nothing until the command's one-line summary. Yields ``step(message)``: the
    step now started."""
    if not err.is_terminal:
        yield lambda message: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=err.console, transient=True) as bar:
        task = bar.add_task(what, total=total)
        started = [False]

        def step(message: str) -> None:
            if started[0]:
                bar.advance(task)
            started[0] = True
            bar.update(task, description=message)

        yield step
        bar.update(task, completed=total)


def main() -> None:
    app()


def _register_command_groups() -> None:
    """Every module of this package registers its commands on ``app`` when imported."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


_register_command_groups()
