"""The sales pipeline: regulars pipeline."""

from __future__ import annotations

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace


@app.command("pipeline")
def pipeline_command(
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The deal pipeline: funnel, time in stage, win rates by source and owner (Wilson 95%),
    stalled deals, learned stage probabilities against HubSpot's fixed ones, and expected won
    revenue by month.

    Example: regulars pipeline --json
    """
    from regulars.services.pipeline import pipeline_report

    with workspace(workspace_dir, database, as_json) as ws:
        report = pipeline_report(ws)
        emit(as_json, report, lambda: _print(report))


def _print(r) -> None:
    from rich.markup import escape
    from rich.table import Table as RichTable

    from regulars.units import money, rate

    grid = RichTable(title=f"Funnel ({r.deals} deals, {r.open_deals} open)")
    for h in ("stage", "reached", "moved on", "conversion (95%)", "median days"):
        grid.add_column(h, justify="left" if h == "stage" else "right")
    for s in r.funnel:
        days = "-" if s.median_days is None else f"{s.median_days:.0f}"
        share = f"{rate(s.conversion, 0)} ({rate(s.low, 0)}-{rate(s.high, 0)})"
        grid.add_row(s.stage, str(s.reached), str(s.moved_on), share, days)
    out.print(grid)
    grid = RichTable(title="Win rate by source")
    for h in ("source", "closed", "won", "win rate (95%)"):
        grid.add_column(h, justify="left" if h == "source" else "right")
    for g in r.by_source:
        grid.add_row(escape(g.group), str(g.closed), str(g.won),
                     f"{rate(g.win_rate, 0)} ({rate(g.low, 0)}-{rate(g.high, 0)})")  # fmt: skip
    out.print(grid)
    for m in r.forecast:
        out.print(f"{m.month}: {money(m.expected_cents, r.currency)} expected from {m.deals} "
                  f"deal(s) ({money(m.low_cents, r.currency)}-{money(m.high_cents, r.currency)},"
                  " 80%)")  # fmt: skip
    for s in r.stalled:
        out.print(f"Stalled: {escape(s.message)}")
    for sentence in r.sentences:
        out.print(escape(sentence))
