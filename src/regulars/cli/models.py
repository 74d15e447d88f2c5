"""Model cards: regulars models list|show."""

from __future__ import annotations

from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace

models_app = typer.Typer(help="Model cards of the saved models: list, show.", no_args_is_help=True)
app.add_typer(models_app, name="models")

NameArg = Annotated[str, typer.Argument(help="Model name (see `regulars models list`).")]


def _line(card) -> str:
    return (
        f"{card.name:<8}  {card.kind}  ({card.method})  trained {card.last_trained or '-'}  "
        f"data {card.data_from or '?'} to {card.data_to or '?'}"
    )


def _show(card) -> str:
    return "\n".join(
        [
            _line(card),
            f"  predicts: {card.predicts}",
            f"  accuracy ({card.validation.method}): {card.validation.text}",
            f"  minimum data: {card.minimum_data}",
            *(f"  limit: {limit}" for limit in card.known_limits),
        ]
    )


@models_app.command("list")
def models_list(
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False
) -> None:
    """A card per saved model, the most recently trained first.

    Example: regulars models list --json
    """
    from regulars.services.modelcards import model_cards

    with workspace(workspace_dir, database, as_json) as ws:
        cards = model_cards(ws)
        text = "\n".join(map(_line, cards)) or "No saved models: run regulars clv fit."
        emit(as_json, list(cards), lambda: out.print(text, highlight=False))


@models_app.command("show")
def models_show(
    name: NameArg,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """One model's card: what it predicts, its data window, accuracy, limits and minimum data.

    Example: regulars models show bgnbd
    """
    from regulars.services.modelcards import model_card

    with workspace(workspace_dir, database, as_json) as ws:
        card = model_card(ws, name)
        emit(as_json, card, lambda: out.print(_show(card), highlight=False))
