"""Lead scores: regulars leads score | list | explain ID | points."""

from __future__ import annotations

from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace

leads_app = typer.Typer(
    help="Lead scores: the chance a lead converts, with reasons (or a points score).",
    no_args_is_help=True,
)
app.add_typer(leads_app, name="leads")


@leads_app.command("score")
def leads_score(
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False
) -> None:
    """Score every lead and save today's scores (their history); prints the model's checks.

    Example: regulars leads score --json
    """
    from regulars.services.leads import lead_scores, save_scores

    with workspace(workspace_dir, database, as_json) as ws:
        scores = lead_scores(ws)
        saved = save_scores(ws)
        emit(as_json, {"saved": saved, **scores.to_dict()}, lambda: _print_scores(scores, saved))


def _print_scores(scores, saved: str) -> None:
    from rich.markup import escape

    out.print(escape(scores.explanation))
    for v in scores.validations:
        auc = "-" if v.auc is None else f"{v.auc:.3f}"
        lift = "-" if v.top_decile_lift is None else f"{v.top_decile_lift:.2f}"
        out.print(f"{v.model}: AUC {auc}, Brier {v.brier:.3f}, top-decile lift {lift} "
                  f"({v.train} leads to fit, {v.test} to check)")  # fmt: skip
    out.print(f"Saved {saved!r}.")


@leads_app.command("list")
def leads_list(
    limit: Annotated[int, typer.Option("--limit", help="How many leads.")] = 10,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Leads to call today: the best-scored open leads with their reasons.

    Example: regulars leads list --limit 5
    """
    from rich.markup import escape

    from regulars.services.leads import leads_to_call

    with workspace(workspace_dir, database, as_json) as ws:
        rows = leads_to_call(ws, limit)
        emit(as_json, {"leads": rows}, lambda: [
            out.print(f"{r.lead_id} {escape(r.company or '')}: {r.score:.3g} "
                      f"({escape('; '.join(r.reasons))})") for r in rows])  # fmt: skip


@leads_app.command("explain")
def leads_explain(
    lead_id: Annotated[str, typer.Argument(help="The lead's id.")],
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """One lead's score, its top factors and its score history.

    Example: regulars leads explain L00024
    """
    from rich.markup import escape

    from regulars.services.leads import explain_lead

    with workspace(workspace_dir, database, as_json) as ws:
        e = explain_lead(ws, lead_id)

        def human() -> None:
            out.print(f"{e.lead.lead_id} {escape(e.lead.company or '')}: {e.lead.score:.3g} "
                      f"({e.method})")  # fmt: skip
            for reason in e.lead.reasons:
                out.print(f"  {escape(reason)}")
            for day, score in e.history:
                out.print(f"  {day}: {score:.3g}")

        emit(as_json, e, human)


@leads_app.command("points")
def leads_points(
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="ATTRIBUTE:VALUE=POINTS, e.g. source:referral=30 (repeatable)."),
    ] = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show or edit the points rules used below the data minimum.

    Example: regulars leads points --set source:referral=40 --set kind:roastery=15
    """
    from regulars.services.leads.rules import lead_points, set_lead_points

    with workspace(workspace_dir, database, as_json) as ws:
        table = set_lead_points(ws, set_ or []) if set_ else lead_points(ws)
        lines = [f"{a}:{v} = {p}" for a, vals in table.items() for v, p in vals.items()]
        emit(as_json, {"points": table}, lambda: [out.print(line) for line in lines])
