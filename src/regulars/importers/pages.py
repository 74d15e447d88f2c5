"""FAQ and policy pages, in Markdown or HTML, as question/answer records: each heading (and in
HTML each ``<details>``'s ``<summary>``) is a question, the text under it up to the next heading
its answer, and the heading's anchor is kept with the page's address as the answer's link. A
heading with only headings under it (``## Shipping`` above its questions) is a topic: its title
becomes its questions' tags. HTML is read with the standard library's ``html.parser``.

The records go through the same validation as a CSV (``importers.generic``): a question with no
text under it is named by file, line and field."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from regulars.errors import InputError, Problem
from regulars.importers.page_html import html_sections
from regulars.importers.page_markdown import markdown_sections
from regulars.importers.page_section import Section

MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
PAGE_SUFFIXES = MARKDOWN_SUFFIXES + HTML_SUFFIXES
MAX_PAGE_BYTES = 5 << 20


def read_page(path: Path, page_url: str | None = None) -> tuple[pa.Table, pa.Array]:
    """The page's questions as text columns (question, answer, tags, url) and the line of each
    heading. ``page_url``: where the page is published (else its canonical link, else its name)."""
    text = _decoded(path)
    if path.suffix.lower() in HTML_SUFFIXES:
        sections, found_url = html_sections(text)
    else:
        sections, found_url = markdown_sections(text)
    sections = [s for s in sections if s.title]
    if not sections:
        raise InputError(
            f"{path.name}: no headings found",
            [Problem(path.name, 1, None, None, "write each question as a heading "
                     "(## How long does delivery take?) with its answer under it")],
        )  # fmt: skip
    table, lines = _records(sections, (page_url or found_url or path.name).strip())
    _check_answers(path.name, table, lines)
    return table, lines


def _check_answers(name: str, table: pa.Table, lines: pa.Array) -> None:
    empty = [Problem(name, n, "answer", q, "no text under this heading: write its answer under "
                     "it (or questions as deeper headings under it)")
             for q, a, n in zip(table["question"].to_pylist(), table["answer"].to_pylist(),
                                lines.to_pylist(), strict=True) if a is None]  # fmt: skip
    if empty:
        raise InputError(f"{name}: {len(empty)} questions without an answer; nothing was imported",
                         empty)  # fmt: skip


def _decoded(path: Path) -> str:
    raw = path.read_bytes()
    if len(raw) > MAX_PAGE_BYTES:
        raise InputError(f"{path.name}: more than {MAX_PAGE_BYTES:,} bytes; split the page")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path.name}: line {line} is not UTF-8 text",
            [Problem(path.name, line, None, None, "save the page as UTF-8")],
        ) from exc


def _records(sections: list[Section], base: str) -> tuple[pa.Table, pa.Array]:
    """A section whose next heading is deeper is a topic, and the topics above a question are
    its tags; a heading with text and deeper headings is a question too, but for the page's
    title (level 1: its text is an introduction)."""
    rows, lines, topics = [], [], []  # topics: the open (level, title) stack
    for i, s in enumerate(sections):
        while topics and topics[-1][0] >= s.level:
            topics.pop()
        deeper = i + 1 < len(sections) and sections[i + 1].level > s.level
        if deeper:  # only a heading of headings names a topic (not the page's title)
            named = not s.body and s.level > 1
            topics.append((s.level, s.title if named else None))
            if not s.body or s.level == 1:
                continue
        url = f"{base.split('#')[0]}#{s.anchor}" if s.anchor else base
        tags = ", ".join(t for _, t in topics if t) or None
        rows.append({"question": s.title, "answer": s.body or None, "tags": tags, "url": url})
        lines.append(s.line)
    names = ("question", "answer", "tags", "url")
    table = pa.table({n: pa.array([r[n] for r in rows], pa.string()) for n in names})
    return table, pa.array(lines, pa.int64())
