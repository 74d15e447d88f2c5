"""regulars refresh: import what is new in the watched folders, refit, recompute, alert."""

from __future__ import annotations

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace


def _text(report) -> str:
    lines = [
        f"{f.table}: {f.status} {f.file}" + (f" ({f.rows:,} rows)" if f.rows else "")
        for f in report.files
        if f.status != "unchanged"
    ]
    unchanged = sum(1 for f in report.files if f.status == "unchanged")
    lines.append(f"{unchanged} watched file{'s' if unchanged != 1 else ''} unchanged")
    lines += [f"refitted {m}" for m in report.refitted]
    lines += [f"new alert: {a}" for a in report.alerts]
    lines += [f"delivered by {d}" for d in report.delivered]
    lines += [f"problem: {p}" for p in report.problems]
    return "\n".join(lines)


@app.command("refresh")
def refresh_command(
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import new files from the watched folders ([watch] in regulars.toml), refit the stale
    lifetime-value model, recompute the KPI alerts and deliver new ones (smtp, webhook).

    Example: regulars refresh --json
    """
    from regulars.services.refresh import refresh

    with workspace(workspace_dir, database, as_json) as ws:
        report = refresh(ws)
        emit(as_json, report.to_dict(), lambda: out.print(_text(report), highlight=False))
