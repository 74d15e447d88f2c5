"""The docs name every command, option, setting, table and column (datasette's rule).

docs/data-model.md is generated from schema.py: `python tests/test_docs.py` rewrites it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import typer.main

from regulars.cli import app
from regulars.schema import SYSTEM_TABLES, TABLES
from regulars.settings import FIELDS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def data_model_markdown() -> str:
    lines = [
        "# Data model",
        "",
        "Generated from `src/regulars/schema.py` (run `python tests/test_docs.py` after changing "
        "it).",
        "Money is integer cents (`cents`); timestamps are timezone-aware, stored in UTC. Every "
        "table also has",
        "`_import_id` (the import that last wrote the row) and `_source_line` (its line in that "
        "file).",
        "",
    ]
    for t in TABLES:
        lines += [
            f"## {t.name}",
            "",
            t.description,
            "",
            f"Key: `{', '.join(t.key)}`"
            + (
                f"; derived from `{', '.join(t.derive_key_from)}` when a file has none."
                if t.derive_key_from
                else "."
            ),
            "",
            "| column | type | required | personal | description |",
            "|---|---|---|---|---|",
        ]
        for c in t.columns:
            extra = f" One of: {', '.join(c.choices)}." if c.choices else ""
            ref = f" Refers to `{c.references[0]}.{c.references[1]}`." if c.references else ""
            lines.append(
                f"| `{c.name}` | {c.type} | {'yes' if c.required else ''} | "
                f"{'yes' if c.personal else ''} | {c.description}{extra}{ref} |"
            )
        lines.append("")
    lines += [
        "## System tables",
        "",
        "Kept by the store itself; `regulars export` writes them without their secret columns.",
        "",
    ]
    for t in SYSTEM_TABLES:
        lines += [
            f"### {t.name}",
            "",
            t.description,
            "",
            f"Key: `{', '.join(t.key)}`.",
            "",
            "| column | type | required | secret | description |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| `{c.name}` | {c.type} | {'yes' if c.required else ''} | "
            f"{'yes' if c.secret else ''} | {c.description} |"
            for c in t.columns
        ] + [""]
    return "\n".join(lines)


def _commands(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
    found = {}
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        found[full] = command
        if hasattr(command, "commands"):
            found.update(_commands(command, full + " "))
    return found


def test_cli_doc_names_every_command_and_option():
    """docs/cli.md, or the capability's own page in docs/, names each command and its options."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md")))
    missing = []
    for name, command in _commands(typer.main.get_command(app)).items():
        if f"regulars {name}" not in text:
            missing.append(f"regulars {name}")
        missing += [
            f"{name} {opt}"
            for p in command.params
            for opt in p.opts
            if opt.startswith("--") and opt not in text
        ]
    assert missing == []


def test_every_command_has_an_example_and_json():
    for name, command in _commands(typer.main.get_command(app)).items():
        if hasattr(command, "commands"):
            continue
        assert "Example: regulars" in (command.help or ""), name
        assert any("--json" in p.opts for p in command.params), name


def test_settings_doc_names_every_setting():
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    assert [f for f in FIELDS if f"REGULARS_{f.upper()}" not in text] == []


def test_data_model_doc_is_current():
    assert (DOCS / "data-model.md").read_text(encoding="utf-8") == data_model_markdown(), (
        "run: python tests/test_docs.py"
    )


if __name__ == "__main__":
    (DOCS / "data-model.md").write_text(data_model_markdown(), encoding="utf-8")
    sys.exit(0)
