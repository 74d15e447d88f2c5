"""The shop's FAQ, imported into ``faq_entries`` by the generic importer: a CSV of
``question,answer[,tags][,url]`` rows, or a FAQ or policy page in Markdown or HTML whose headings
are the questions and the text under them the answers, each linked to its anchor on the page
(``importers.pages``). Bad input is named by file, line and field; re-importing adds nothing."""

from __future__ import annotations

from pathlib import Path

from regulars.importers.options import Reading
from regulars.services.imports import ImportReport, import_file
from regulars.services.workspace import Workspace


def import_faq(ws: Workspace, path: Path | str, *, dry_run: bool = False,
               page_url: str | None = None) -> ImportReport:  # fmt: skip
    """``page_url``: where a Markdown or HTML page is published (else its canonical link)."""
    return import_file(ws, "faq_entries", path, dry_run=dry_run, reading=Reading(page_url=page_url))
