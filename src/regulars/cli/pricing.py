"""Prices: regulars pricing elasticity | suggest | test."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace
from regulars.errors import InputError

pricing_app = typer.Typer(
    help="Prices: elasticity per product (refused when prices barely moved), price tests, "
    "margin-maximising prices inside guardrails, proposed for the owner's approval.",
    no_args_is_help=True,
)
app.add_typer(pricing_app, name="pricing")


@pricing_app.command("elasticity")
def pricing_elasticity(
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False
) -> None:
    """Each product's and category's price response, with intervals, or why there is none.

    Example: regulars pricing elasticity --json
    """
    from rich.markup import escape

    from regulars.services.pricing import elasticities

    with workspace(workspace_dir, database, as_json) as ws:
        e = elasticities(ws)
        emit(as_json, e, lambda: [out.print(escape(x)) for x in
                                  [e.explanation] + [c.explanation for c in e.categories]
                                  + [p.explanation for p in e.products]])  # fmt: skip


def _competitor(values: list[str] | None) -> dict[str, int]:
    found = {}
    for v in values or ():
        pid, _, cents = v.partition("=")
        if not pid or not cents.isdigit():
            raise InputError(f"--competitor {v!r}: write PRODUCT=PRICE in minor units (P001=1999)")
        found[pid] = int(cents)
    return found


@pricing_app.command("suggest")
def pricing_suggest(
    products: Annotated[list[str] | None, typer.Argument(help="Product ids (all: none).")] = None,
    competitor: Annotated[
        list[str] | None,
        typer.Option("--competitor", help="A competitor's price, PRODUCT=MINOR_UNITS (repeat)."),
    ] = None,
    max_step: Annotated[float, typer.Option("--max-step", help="Largest change a step.")] = 0.10,
    min_markup: Annotated[float, typer.Option("--min-markup", help="Floor over cost.")] = 0.10,
    band: Annotated[float, typer.Option("--band", help="Band around competitors.")] = 0.10,
    min_days: Annotated[int, typer.Option("--min-days", help="Days between changes.")] = 30,
    propose: Annotated[bool, typer.Option("--propose", help="Queue them for approval.")] = False,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The margin-maximising price inside the guardrails; --propose queues the changes.

    Example: regulars pricing suggest P001 --competitor P001=2100 --max-step 0.05
    """  # fmt: skip
    from rich.markup import escape

    from regulars.services.pricing import suggestions
    from regulars.services.pricing.proposals import propose_prices

    opts = {"max_step": max_step, "min_markup": min_markup, "band": band, "min_days": min_days}
    with workspace(workspace_dir, database, as_json) as ws:
        ids, comp = tuple(products or ()), _competitor(competitor)
        if propose:
            p = propose_prices(ws, getpass.getuser(), ids, comp, **opts)
            emit(
                as_json,
                p.to_dict(),
                lambda: out.print(
                    f"Proposed {p.proposal_id}: {escape(p.title)}; {escape(p.effect.text or '')}"
                ),
            )
            return  # fmt: skip
        s = suggestions(ws, ids, comp, **opts)
        lines = [s.explanation] + [x.explanation for x in s.suggestions]
        lines += [c.explanation for c in s.competitors if c.sources or c.stale]
        lines += [c.explanation for c in s.omnibus] + ([s.disclosure] if s.disclosure else [])
        emit(as_json, s, lambda: [out.print(escape(x)) for x in lines])


@pricing_app.command("test")
def pricing_test(
    product: Annotated[str, typer.Argument(help="The product's id.")],
    step: Annotated[float, typer.Option("--step", help="Price step of the arms.")] = 0.05,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """A price test for a product: its arms, the days it needs and why.

    Example: regulars pricing test P001 --step 0.05
    """
    from rich.markup import escape

    from regulars.services.pricing import price_test

    with workspace(workspace_dir, database, as_json) as ws:
        t = price_test(ws, product, step)
        emit(as_json, t, lambda: out.print(escape(t.explanation)))
