"""Segments and audiences: regulars segments rfm|movement|personas, regulars audience
create|list|show|export."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, err, out, workspace
from regulars.errors import InputError

segments_app = typer.Typer(help="RFM segments, their movement, and personas.", no_args_is_help=True)
audience_app = typer.Typer(
    help="Saved audiences: create, list, show, export, delete.", no_args_is_help=True
)
app.add_typer(segments_app, name="segments")
app.add_typer(audience_app, name="audience")

DateOpt = Annotated[str | None, typer.Option(help="A date, YYYY-MM-DD (end of that day, UTC).")]


def _date(text: str | None, option: str) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.combine(datetime.strptime(text, "%Y-%m-%d").date(), time.max, tzinfo=UTC)
    except ValueError:
        raise InputError(f"{option} {text!r}: write the date as YYYY-MM-DD") from None


@segments_app.command("rfm")
def segments_rfm(
    as_of: DateOpt = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """RFM scores and the 11 named segments: size, revenue share, average order value.

    Example: regulars segments rfm --as-of 2026-06-30
    """
    from regulars.services.segments import rfm_report

    with workspace(workspace_dir, database, as_json) as ws:
        report = rfm_report(ws, _date(as_of, "--as-of"))
        emit(as_json, report.to_dict(), lambda: _print_rfm(report, ws.settings.currency))


def _print_rfm(report, currency: str) -> None:
    from rich.table import Table as RichTable

    from regulars.units import money

    grid = RichTable(
        title=f"RFM segments of {report.customers:,} customers"
        + (f" as of {report.as_of:%Y-%m-%d}" if report.as_of else "")
    )
    for heading in ("segment", "customers", "share", "revenue share", "avg order"):
        grid.add_column(heading, justify="left" if heading == "segment" else "right")
    for s in report.segments:
        grid.add_row(
            s.name,
            f"{s.customers:,}",
            f"{s.customer_share:.0%}",
            f"{s.revenue_share:.0%}",
            money(s.average_order_cents, currency),
        )
    out.print(grid)


@segments_app.command("movement")
def segments_movement(
    start: DateOpt = None,
    end: DateOpt = None,
    from_segment: Annotated[
        str | None,
        typer.Option(
            "--from-segment", help="List the customers of one cell: this segment at the start ..."
        ),
    ] = None,
    to_segment: Annotated[
        str | None, typer.Option("--to-segment", help="... and this one at the end.")
    ] = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """How customers moved between segments from --start (default: a quarter before --end) to --end
    (default: last order).

    Example: regulars segments movement --from-segment Loyal --to-segment "At risk"
    """
    from regulars.services.segments import movement_customers, movement_matrix

    with workspace(workspace_dir, database, as_json) as ws:
        s, e = _date(start, "--start"), _date(end, "--end")
        if from_segment or to_segment:
            if not (from_segment and to_segment):
                raise InputError("give both --from-segment and --to-segment")
            ids = movement_customers(ws, from_segment, to_segment, s, e)
            emit(
                as_json,
                {"from_segment": from_segment, "to_segment": to_segment, "customers": ids},
                lambda: out.print("\n".join(ids) or "(none)"),
            )
            return
        matrix = movement_matrix(ws, s, e)
        emit(as_json, matrix.to_dict(), lambda: _print_movement(matrix))


def _print_movement(matrix) -> None:
    from rich.table import Table as RichTable

    grid = RichTable(
        title=(
            f"Segment movement {matrix.start:%Y-%m-%d} -> {matrix.end:%Y-%m-%d} "
            "(rows: from, columns: to)"
        )
    )
    grid.add_column("from \\ to")
    for name in matrix.to_segments:
        grid.add_column(name, justify="right")
    for row in matrix.rows():
        grid.add_row(row["from"], *[f"{n:,}" if n else "" for n in row["counts"]])
    out.print(grid)


@segments_app.command("personas")
def segments_personas(
    seed: Annotated[int, typer.Option("--seed", help="Random seed for the clustering.")] = 0,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Personas: customers grouped by what and how they buy, with k, its criterion, its stability
    and a card per persona.

    Example: regulars segments personas --json
    """
    from regulars.services.segments import persona_report

    with workspace(workspace_dir, database, as_json) as ws:
        with err.status("Grouping customers ..."):
            report = persona_report(ws, seed=seed)
        emit(as_json, report.to_dict(), lambda: _print_personas(report))


def _print_personas(report) -> None:
    out.print(
        f"{report.k} personas among {report.customers:,} customers (ICL-BIC "
        f"{report.criterion_by_k[report.k]:,.0f}, "
        f"the smallest for k in 2..10; {report.stability_note})"
    )
    for card in report.cards:
        out.print(
            f"\n[bold]{card.name}[/]: {card.customers:,} customers ({card.customer_share:.0%}), "
            f"{card.revenue_share:.0%} of revenue"
        )
        for trait in card.traits:
            out.print(f"  - {trait.text}")
        out.print(
            f"  best channel: {card.best_channel}; discount sensitivity: "
            f"{card.discount_sensitivity}"
            + (
                f"; average rating {card.average_rating:.1f} ({card.rated_customers} rated)"
                if card.average_rating
                else ""
            )
        )
        if card.typical_products:
            out.print(f"  typical products: {', '.join(card.typical_products)}")


@audience_app.command("create")
def audience_create(
    name: Annotated[str, typer.Argument(help="Audience name.")],
    rule: Annotated[
        str,
        typer.Option(
            "--rule",
            help=(
                "Conditions joined by AND, e.g. 'segment = \"At risk\" AND spend > 200', "
                "or a JSON list."
            ),
        ),
    ],
    description: Annotated[
        str | None, typer.Option("--description", help="What the audience is for.")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Change the rule of an existing audience.")
    ] = False,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Save a named audience rule (checked against the data) and count it.

    Example: regulars audience create win-back --rule 'segment = "At risk" AND spend > 200 AND
    days_since_email_open <= 90'
    """
    from regulars.services.segments import create_audience

    with workspace(workspace_dir, database, as_json) as ws:
        a = create_audience(ws, name, rule, description, replace)
        emit(
            as_json,
            a.to_dict(),
            lambda: out.print(
                f"Saved {a.name}: {a.customers:,} customers, {a.marketable:,} with marketing "
                "consent"
            ),
        )


@audience_app.command("list")
def audience_list(
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False
) -> None:
    """Saved audiences with live counts.

    Example: regulars audience list
    """
    from rich.markup import escape

    from regulars.services.segments import list_audiences

    with workspace(workspace_dir, database, as_json) as ws:
        found = list_audiences(ws)
        emit(
            as_json,
            [a.to_dict() for a in found],
            lambda: (
                [
                    out.print(
                        f"{a.name}: {a.customers:,} customers, {a.marketable:,} marketable  "
                        + escape(f"[{a.rule}]")
                    )
                    for a in found
                ]
                or out.print("No audiences yet.")
            ),
        )


@audience_app.command("show")
def audience_show(
    name: Annotated[str, typer.Argument(help="Audience name.")],
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """One audience: its rule, live counts and its exports.

    Example: regulars audience show win-back
    """
    from rich.markup import escape

    from regulars.services.segments import audience_exports, get_audience

    with workspace(workspace_dir, database, as_json) as ws:
        a, exports = get_audience(ws, name), audience_exports(ws, name)
        emit(
            as_json,
            {**a.to_dict(), "exports": exports},
            lambda: out.print(
                escape(f"{a.name}: {a.rule}")
                + f"\n  {a.customers:,} customers, {a.marketable:,} with marketing consent, "
                f"{len(exports)} exports"
            ),
        )


@audience_app.command("delete")
def audience_delete(
    name: Annotated[str, typer.Argument(help="Audience name.")],
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Delete a saved audience (its export log stays).

    Example: regulars audience delete win-back
    """
    from rich.markup import escape

    from regulars.services.segments import delete_audience

    with workspace(workspace_dir, database, as_json) as ws:
        deleted = delete_audience(ws, name)
        emit(as_json, {"deleted": deleted}, lambda: out.print(escape(f"Deleted {deleted}")))


@audience_app.command("export")
def audience_export(
    name: Annotated[str, typer.Argument(help="Audience name.")],
    to: Annotated[Path, typer.Option("--to", help="Target FILE.csv.")],
    hashed: Annotated[
        bool,
        typer.Option(
            "--hashed",
            help="One column email_sha256 (trimmed, lower-cased, SHA-256), for ad platforms.",
        ),
    ] = False,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            help="Comma-separated fields [default: customer_id,email,first_name,last_name].",
        ),
    ] = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Export the audience's customers whose latest marketing consent is granted; the export is
    logged.

    Example: regulars audience export win-back --to win-back.csv --hashed
    """
    from regulars.services.segments import export_audience

    with workspace(workspace_dir, database, as_json) as ws:
        cols = tuple(c.strip() for c in columns.split(",") if c.strip()) if columns else None
        e = export_audience(ws, name, to, hashed=hashed, columns=cols)
        emit(
            as_json,
            e.to_dict(),
            lambda: out.print(
                f"Wrote {e.rows_exported:,} rows to {e.file}; {e.excluded_no_consent:,} left out "
                "for lack of marketing consent"
            ),
        )
