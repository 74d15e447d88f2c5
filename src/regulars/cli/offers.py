"""Offers: regulars offers plan | evaluate | audit."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace
from regulars.errors import InputError

offers_app = typer.Typer(
    help="Offers: which offer for which group of customers (Thompson sampling with a holdout and "
    "caps), off-policy evaluation on logged offers, the fairness audit.",
    no_args_is_help=True,
)
app.add_typer(offers_app, name="offers")

LogOpt = Annotated[Path | None, typer.Option("--log", help="An offer log CSV to learn from.")]


def _summary(plan) -> dict:
    return {k: v for k, v in plan.__dict__.items() if k != "assignments"}


@offers_app.command("plan")
def offers_plan(
    log: LogOpt = None,
    holdout: Annotated[float, typer.Option("--holdout", help="Share held out.")] = 0.10,
    budget: Annotated[
        int | None, typer.Option("--budget", help="Discount budget, minor units.")
    ] = None,
    per_customer: Annotated[
        int | None, typer.Option("--per-customer", help="Cap a customer.")
    ] = None,
    margin_floor: Annotated[int, typer.Option("--margin-floor", help="Least order margin.")] = 0,
    propose: Annotated[bool, typer.Option("--propose", help="Queue it for approval.")] = False,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The offer for each marketable customer, per group, with the fairness audit.

    Example: regulars offers plan --budget 50000 --propose
    """  # fmt: skip
    from rich.markup import escape

    from regulars.services.offers import offer_plan, propose_offer_campaign, read_offer_log

    with workspace(workspace_dir, database, as_json) as ws:
        rows = read_offer_log(log) if log else None
        plan = offer_plan(
            ws,
            rows,
            holdout=holdout,
            budget_cents=budget,
            per_customer_cents=per_customer,
            margin_floor_cents=margin_floor,
        )
        if propose:
            p = propose_offer_campaign(ws, getpass.getuser(), plan)
            emit(
                as_json,
                p.to_dict(),
                lambda: out.print(f"Proposed {p.proposal_id}: {escape(p.title)}"),
            )
            return
        lines = [plan.explanation] + [
            f"{g.group}: {g.customers} customers, best {g.best}, {g.offers}" for g in plan.groups
        ]
        emit(as_json, _summary(plan), lambda: [out.print(escape(x)) for x in lines])  # fmt: skip


@offers_app.command("evaluate")
def offers_evaluate(
    log: Annotated[
        Path | None, typer.Argument(help="An offer log CSV (default: the imported offer_log).")
    ] = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Would the learned policy have beaten the logged one? IPS and doubly robust, intervals;
    and what each offer added against the log's holdout (the customers given no offer).

    Example: regulars offers evaluate offers-log.csv --json
    """
    from rich.markup import escape

    from regulars.results import plain
    from regulars.services.offers import evaluate_log, read_offer_log
    from regulars.services.offers.holdout import NO_LOG, logged_rows, offer_incrementality

    with workspace(workspace_dir, database, as_json) as ws:
        rows = read_offer_log(log) if log else logged_rows(ws)
        if not rows:
            raise InputError(NO_LOG)
        v, inc = evaluate_log(ws, rows), offer_incrementality(ws, rows)
        lines = [v.explanation, inc.explanation] + [
            f"{k}: {i.explanation}" for k, i in inc.by_offer.items()
        ]
        emit(as_json, {**plain(v), "incrementality": plain(inc)},
             lambda: [out.print(escape(x)) for x in lines])  # fmt: skip


@offers_app.command("audit")
def offers_audit(
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False
) -> None:
    """The fairness audit of today's offer plan: rates and discounts by group, the verdict.

    Example: regulars offers audit
    """
    from rich.markup import escape

    from regulars.services.offers import offer_plan

    with workspace(workspace_dir, database, as_json) as ws:
        a = offer_plan(ws).audit
        lines = [a.explanation] + [
            f"{d.attribute} {d.measure}: ratio "
            f"{'-' if d.ratio is None else f'{d.ratio:.2f}'}"
            f"{' FLAGGED' if d.flagged else ''}"
            for d in a.disparities
        ]
        emit(as_json, a, lambda: [out.print(escape(x)) for x in lines])  # fmt: skip
