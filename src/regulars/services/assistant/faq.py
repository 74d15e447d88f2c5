"""The shop's FAQ: a CSV of ``question,answer[,tags][,url]`` rows imported into ``faq_entries``
by the generic importer (bad rows are named by file, line and field; re-importing adds
nothing)."""

from __future__ import annotations

from pathlib import Path

from regulars.services.imports import ImportReport, import_file
from regulars.services.workspace import Workspace


def import_faq(ws: Workspace, path: Path | str, *, dry_run: bool = False) -> ImportReport:
    return import_file(ws, "faq_entries", path, dry_run=dry_run)
