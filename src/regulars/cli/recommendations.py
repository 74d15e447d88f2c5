"""Recommendations: regulars recommend fit | for CUSTOMER | related PRODUCT | rules | export."""

from __future__ import annotations

from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace

recommend_app = typer.Typer(
    help="Product recommendations chosen per placement by a backtest against bestsellers.",
    no_args_is_help=True,
)
app.add_typer(recommend_app, name="recommend")

KOpt = Annotated[int, typer.Option("--k", help="How many products (1 to 20).")]


@recommend_app.command("fit")
def recommend_fit(
    k: KOpt = 10,
    cutoffs: Annotated[int, typer.Option("--cutoffs", help="Backtest cut-offs.")] = 3,
    test_days: Annotated[
        int, typer.Option("--test-days", help="Days after each cut-off that are tested.")
    ] = 28,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Backtest every model per placement (home page, email, product page) against bestsellers,
    choose, precompute every customer's list with reasons, and save them in the workspace.

    Example: regulars recommend fit --k 10 --cutoffs 3 --test-days 28
    """
    from regulars.services.recommendations import fit_recommendations

    with workspace(workspace_dir, database, as_json) as ws:
        report = fit_recommendations(ws, k, cutoffs, test_days)
        emit(as_json, report, lambda: _print_fit(report))


def _print_fit(report) -> None:
    from rich.markup import escape
    from rich.table import Table as RichTable

    out.print(f"Backtest at k={report.k}, cut-offs {', '.join(report.cutoffs)}, "
              f"{report.test_days} days tested after each")  # fmt: skip
    for p in report.placements:
        grid = RichTable(title=f"{p.title}: chosen {p.chosen}")
        for heading in ("model", "precision", "recall", "MAP", "NDCG", "coverage", "lift (95%)"):
            grid.add_column(heading, justify="left" if heading == "model" else "right")
        for s in p.scores:
            lift = f"{s.lift:+.3f} ({s.lift_low:+.3f} to {s.lift_high:+.3f})"
            grid.add_row(s.model, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.map:.3f}",
                         f"{s.ndcg:.3f}", f"{s.coverage:.0%}", lift)  # fmt: skip
        out.print(grid)
        out.print(escape(p.explanation))
    out.print(f"Lists for {report.customers:,} customers saved to {report.saved_to}")


def _print_items(title: str, explanation: str, items) -> None:
    from rich.markup import escape

    out.print(escape(title))
    for n, item in enumerate(items, start=1):
        out.print(f"{n:>3}. {escape(item.name)} ({item.product_id}): {escape(item.reason)}")
    out.print(escape(explanation))


@recommend_app.command("for")
def recommend_for(
    customer_id: Annotated[str, typer.Argument(help="The customer id.")],
    k: KOpt = 10,
    placement: Annotated[
        str, typer.Option("--placement", help="home (discovery) or email (buying again too).")
    ] = "home",
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """A customer's recommendations, best first, each with its reason.

    Example: regulars recommend for C000042 --k 5 --placement email
    """
    from regulars.services.recommendations import recommendations_for

    with workspace(workspace_dir, database, as_json) as ws:
        found = recommendations_for(ws, customer_id, k, placement)
        title = f"{customer_id}, {placement}: {found.model}"
        emit(as_json, found, lambda: _print_items(title, found.explanation, found.items))


@recommend_app.command("related")
def recommend_related(
    product_id: Annotated[str, typer.Argument(help="The product id.")],
    k: KOpt = 10,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The products shown on a product's page, each with its reason.

    Example: regulars recommend related P035 --k 5
    """
    from regulars.services.recommendations import related_products

    with workspace(workspace_dir, database, as_json) as ws:
        found = related_products(ws, product_id, k)
        title = f"Related to {found.name} ({product_id}): {found.model}"
        emit(as_json, found, lambda: _print_items(title, found.explanation, found.items))


@recommend_app.command("rules")
def recommend_rules(
    pin: Annotated[list[str] | None, typer.Option("--pin", help="Show first (product id).")] = None,
    block: Annotated[
        list[str] | None, typer.Option("--block", help="Never show (product id).")
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Forget pins and blocks first.")] = False,
    max_per_category: Annotated[
        int | None, typer.Option("--max-per-category", help="At most this many per category.")
    ] = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show or change the shop's rules (pinned and blocked products, the cap per category); the
    next fit applies them. Out-of-stock products are always left out.

    Example: regulars recommend rules --pin P036 --block P051 --max-per-category 3
    """
    from regulars.services.recommendations import recommendation_rules, set_rules

    with workspace(workspace_dir, database, as_json) as ws:
        changing = pin or block or clear or max_per_category is not None
        rules = (set_rules(ws, pin or (), block or (), clear, max_per_category) if changing
                 else recommendation_rules(ws))  # fmt: skip
        emit(as_json, rules, lambda: out.print(
            f"Pinned: {', '.join(rules.pinned) or 'none'}; blocked: "
            f"{', '.join(rules.blocked) or 'none'}; at most {rules.max_per_category} per "
            f"category. {rules.note}", highlight=False))  # fmt: skip


@recommend_app.command("export")
def recommend_export(
    k: Annotated[int, typer.Option("--k", help="Products per customer (1 to 20).")] = 3,
    to: Annotated[str | None, typer.Option("--to", help="CSV file written when it runs.")] = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Propose the email export (customer, email, product_1, product_1_name, reason_1 ... as merge
    fields for Mailchimp or Klaviyo) to the approval queue; once the owner approves, regulars
    proposals run writes it, for the customers consenting to marketing then.

    Example: regulars recommend export --k 3 --to recommendations.csv
    """
    import getpass

    from regulars.services.recommendations import propose_recommendation_email

    with workspace(workspace_dir, database, as_json) as ws:
        p = propose_recommendation_email(ws, getpass.getuser(), k, to)
        emit(as_json, p.to_dict(), lambda: out.print(
            f"Proposed {p.proposal_id}: {p.title}, reaching {p.customers:,} customers; approve "
            f"with regulars proposals approve {p.proposal_id}", highlight=False))  # fmt: skip
