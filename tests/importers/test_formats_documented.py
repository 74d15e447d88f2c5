"""docs/importers.md has a section for every registered format (a new format module without its
page fails here)."""

from __future__ import annotations

from pathlib import Path

from regulars.importers import FORMATS

DOC = Path(__file__).resolve().parents[2] / "docs" / "importers.md"


def test_every_format_is_documented():
    text = DOC.read_text(encoding="utf-8")
    assert [name for name in FORMATS if f"`{name}`" not in text] == []
