"""Voice of the customer: regulars feedback summary|themes|theme|trends|alerts|drivers|score."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace

feedback_app = typer.Typer(
    help="What customers say: sentiment, themes, emerging issues, drivers.", no_args_is_help=True
)
app.add_typer(feedback_app, name="feedback")

ChannelOpt = Annotated[str | None, typer.Option("--channel", help="Only this channel (email).")]
PeriodOpt = Annotated[str, typer.Option("--period", help="month or week.")]


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.0%}"


def _theme_lines(rows) -> str:
    return "\n".join(
        f"{r.title}: {r.mentions:,} texts ({_pct(r.share)}), negative {_pct(r.negative_share)}"
        + (f' - "{r.quotes[0]}"' if r.quotes else "")
        for r in rows
        if r.mentions
    )


@feedback_app.command("summary")
def summary(
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False
):
    """How many texts, how customers feel, the sentiment path chosen and why, top themes.

    Example: regulars feedback summary
    """
    from regulars.services.feedback import feedback_summary

    with workspace(workspace_dir, database, as_json) as ws:
        s = feedback_summary(ws)
        text = (
            f"{s.explanation}\nPositive {_pct(s.positive_share)}, negative {_pct(s.negative_share)}"
        )
        text += f"; {s.open_alerts} open alerts.\n" + _theme_lines(s.themes[:5])
        emit(as_json, s, lambda: out.print(text, highlight=False))


@feedback_app.command("themes")
def themes(
    channel: ChannelOpt = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
):
    """Every theme: mentions, share, sentiment and a quote.

    Example: regulars feedback themes --channel email
    """
    from regulars.services.feedback import feedback_themes

    with workspace(workspace_dir, database, as_json) as ws:
        rows = feedback_themes(ws, channel)
        emit(as_json, {"themes": rows}, lambda: out.print(_theme_lines(rows), highlight=False))


@feedback_app.command("theme")
def theme(
    name: Annotated[str, typer.Argument(help="Theme name, e.g. shipping.")],
    period: PeriodOpt = "month",
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
):
    """One theme: quotes, channels and its trend.

    Example: regulars feedback theme shipping --period week
    """
    from regulars.services.feedback import feedback_theme

    with workspace(workspace_dir, database, as_json) as ws:
        d = feedback_theme(ws, name, _period(period))
        lines = [d.explanation, *(f'  "{q}"' for q in d.theme.quotes)]
        lines += [f"{p.period}: {p.mentions} ({_pct(p.share)})" for p in d.trend]
        emit(as_json, d, lambda: out.print("\n".join(lines), highlight=False))


def _period(period: str) -> str:
    from regulars.errors import InputError

    if period not in ("month", "week"):
        raise InputError(f"--period must be month or week, not {period!r}")
    return period


@feedback_app.command("trends")
def trends(
    period: PeriodOpt = "month",
    channel: ChannelOpt = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
):
    """Share of feedback per theme per month (or week).

    Example: regulars feedback trends --period month --json
    """
    from regulars.services.feedback import feedback_trends

    with workspace(workspace_dir, database, as_json) as ws:
        t = feedback_trends(ws, _period(period), channel)
        lines = [
            f"{th.title}: " + " ".join(f"{p.period}={p.share:.0%}" for p in th.points[-6:])
            for th in t.themes
            if th.points
        ]
        emit(as_json, t, lambda: out.print("\n".join(lines), highlight=False))


@feedback_app.command("alerts")
def alerts(
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False
):
    """Emerging issues: themes whose share rose beyond their usual level, newest first.

    Example: regulars feedback alerts
    """
    from regulars.services.feedback import feedback_alerts

    with workspace(workspace_dir, database, as_json) as ws:
        a = feedback_alerts(ws)
        lines = [a.explanation] + [
            f'- {x.explanation} e.g. "{x.quotes[0] if x.quotes else ""}"' for x in a.alerts
        ]
        emit(as_json, a, lambda: out.print("\n".join(lines), highlight=False))


@feedback_app.command("drivers")
def drivers(
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False
):
    """Which themes go with unhappy customers (1-2 stars, NPS 0-6), with 95% intervals.

    Example: regulars feedback drivers
    """
    from regulars.services.feedback import feedback_drivers

    with workspace(workspace_dir, database, as_json) as ws:
        d = feedback_drivers(ws)
        lines = [
            f"{r.title}: {r.difference:+.0%} unhappy ({r.low:+.0%} to {r.high:+.0%}),"
            f" {r.with_theme:,} answered texts"
            for r in d.drivers
        ] + [d.explanation]
        emit(as_json, d, lambda: out.print("\n".join(lines), highlight=False))


@feedback_app.command("score")
def score(
    file: Annotated[Path, typer.Argument(help="Text file (one per line) or CSV with 'text'.")],
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
):
    """Sentiment and themes of each text in FILE (masked for personal data first).

    Example: regulars feedback score comments.csv --json
    """
    from regulars.services.feedback import score_file

    with workspace(workspace_dir, database, as_json, needed=False):
        s = score_file(file)
        lines = [
            f"{t.line}: {t.label} {t.score:+.2f} {','.join(t.themes)} {t.text}" for t in s.texts
        ]
        emit(as_json, s, lambda: out.print("\n".join(lines), highlight=False, markup=False))
