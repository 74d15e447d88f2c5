"""regulars models watch: the CLV model predicted against what happened, and its drift."""

from __future__ import annotations

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, emit, out, workspace
from regulars.cli.models import models_app


def _text(w) -> str:
    c = w.comparison
    lines = [
        f"{m}: predicted {p:,.0f} purchases, actual {a:,.0f}"
        for m, p, a in zip(c.months, c.predicted, c.actual, strict=True)
    ]
    lines += [f"{d.feature}: PSI {d.psi:.3f} ({d.reading})" for d in w.drift]
    lines.append(("DRIFT ALERT: " if w.alert else "") + w.explanation)
    return "\n".join(lines)


@models_app.command("watch")
def models_watch(
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The last validated lifetime-value model's predicted purchases per month against the
    actual ones, and the drift of its inputs (PSI above 0.25 raises an alert).

    Example: regulars models watch --json
    """
    from regulars.services.modelwatch import clv_watch

    with workspace(workspace_dir, database, as_json) as ws:
        w = clv_watch(ws)
        emit(as_json, w, lambda: out.print(_text(w), highlight=False))
