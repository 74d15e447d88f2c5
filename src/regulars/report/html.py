"""Rendering the report: every section found in ``report.sections``, in order, in one file."""

# ``money`` is re-exported for templates and older imports.

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2
from plotly.offline import get_plotlyjs

from regulars.report.sections import all_sections
from regulars.services.workspace import Workspace
from regulars.units import money
from regulars.views import charts

_ENV = jinja2.Environment(
    loader=jinja2.ChoiceLoader(  # parts/: what the page and the report both show
        [
            jinja2.PackageLoader("regulars.report", "templates"),
            jinja2.PackageLoader("regulars.views", "templates"),
        ]
    ),
    autoescape=jinja2.select_autoescape(["html"]),
)


@dataclass(frozen=True)
class RenderedSection:
    id: str
    title: str
    html: str


def anchor_for(present: set[str]):
    """A dashboard address ("/segments", "/kpis#alerts") as an in-page anchor of the report: the
    section of that capability when the report has it, else None (the report is one file, opened
    from disk, so a server path would lead nowhere)."""

    def anchor(link: str | None) -> str | None:
        if not link or not link.startswith("/"):
            return None
        section = link.split("#", 1)[0].split("?", 1)[0].strip("/").split("/", 1)[0] or "overview"
        return f"#{section}" if section in present else None

    return anchor


def rendered_sections(ws: Workspace) -> list[RenderedSection]:
    contexts = [(section, section.context(ws)) for section in all_sections()]
    present = {section.id for section, context in contexts if context is not None}
    titles = {section.id: section.title for section, _ in contexts}
    helpers = {
        "money": lambda c: money(c, ws.settings.currency),
        "anchor": anchor_for(present),
        "titles": titles,
    }
    out = []
    for section, context in contexts:
        if context is None:
            continue
        html = _ENV.get_template(f"sections/{section.id}.html").render(**context, **helpers)
        out.append(RenderedSection(section.id, section.title, html))
    return out


def render_report(ws: Workspace, highlights: list[str] | None = None) -> str:
    return _ENV.get_template("report.html").render(
        workspace=str(ws.path.resolve()),
        generated_at=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        highlights=highlights or [],
        sections=rendered_sections(ws),
        plotly_js=get_plotlyjs(),
        charts_js=charts.charts_js(),
    )


def write_report(
    ws: Workspace, path: Path | str | None = None, highlights: list[str] | None = None
) -> Path:
    target = Path(path) if path else ws.path / "report.html"
    tmp = target.with_name(target.name + ".partial")
    tmp.write_text(render_report(ws, highlights), encoding="utf-8")
    tmp.replace(target)  # a crash mid-write never leaves a half report
    return target
