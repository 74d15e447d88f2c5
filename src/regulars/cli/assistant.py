"""The customer assistant: regulars assistant train | ask | eval | stats | inbox | answer, and
regulars assistant faq import."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace

assistant_app = typer.Typer(
    help="The customer assistant: answers from the shop's FAQ, catalog and verified orders, "
    "hands over to a person (the inbox).",
    no_args_is_help=True,
)
faq_app = typer.Typer(help="The FAQ the assistant quotes.", no_args_is_help=True)
app.add_typer(assistant_app, name="assistant")
assistant_app.add_typer(faq_app, name="faq")

PhrasesOpt = Annotated[
    Path | None, typer.Option("--phrases", help="A CSV of intent,phrase: the shop's own examples.")
]


def _say(text: str) -> None:
    from rich.markup import escape

    out.print(escape(text))


@faq_app.command("import")
def faq_import(
    file: Annotated[
        Path,
        typer.Argument(
            help="A CSV of question,answer[,tags][,url], or a Markdown or HTML page "
            "(headings are the questions, the text under them the answers)."
        ),
    ],
    url: Annotated[
        str | None,
        typer.Option("--url", help="Where the page is published (answers link its anchors)."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check, write nothing.")] = False,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import the FAQ from a CSV or a help page (re-importing adds nothing; bad input named by
    line and field).

    Example: regulars assistant faq import help.md --url https://shop.example/help
    """  # fmt: skip
    from regulars.services.assistant import import_faq

    with workspace(workspace_dir, database, as_json, create=True) as ws:
        report = import_faq(ws, file, dry_run=dry_run, page_url=url)
        emit(as_json, report.to_dict(), lambda: _say(report.summary()))


@assistant_app.command("train")
def assistant_train(
    phrases: PhrasesOpt = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Train the intent model on the starter phrases and the shop's own; save it.

    Example: regulars assistant train --phrases our-phrases.csv
    """  # fmt: skip
    from regulars.services.assistant import train_assistant

    with workspace(workspace_dir, database, as_json) as ws:
        done = train_assistant(ws, phrases)
        emit(as_json, done, lambda: _say(done.explanation))


@assistant_app.command("ask")
def assistant_ask(
    message: Annotated[str, typer.Argument(help="What the customer says.")],
    conversation: Annotated[
        str | None, typer.Option("--conversation", help="Continue this conversation.")
    ] = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Ask the assistant as a customer would (one turn; --conversation continues one).

    Example: regulars assistant ask "how long does shipping take?"
    """  # fmt: skip
    from regulars.services.assistant import reply

    with workspace(workspace_dir, database, as_json) as ws:
        r = reply(ws, conversation, message, client="cli")
        emit(as_json, r, lambda: [_say(r.text), _say(f"(conversation {r.conversation_id})")])


@assistant_app.command("eval")
def assistant_eval(
    phrases: Annotated[Path, typer.Argument(help="A CSV of intent,phrase it never saw.")],
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """In-scope accuracy and out-of-scope recall of the saved model on held-out phrases.

    Example: regulars assistant eval held-out.csv
    """  # fmt: skip
    from regulars.services.assistant import evaluate_assistant

    with workspace(workspace_dir, database, as_json) as ws:
        found = evaluate_assistant(ws, phrases)
        emit(as_json, found, lambda: _say(found.explanation))


@assistant_app.command("rate")
def assistant_rate(
    conversation: Annotated[str, typer.Argument(help="The conversation id.")],
    csat: Annotated[int, typer.Argument(help="How helpful it was, 1 (poor) to 5 (great).")],
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Rate a conversation as its customer would (the widget asks after an answer).

    Example: regulars assistant rate 9f0c2a7e41b3 5
    """  # fmt: skip
    from regulars.services.assistant import rate_conversation

    with workspace(workspace_dir, database, as_json) as ws:
        done = rate_conversation(ws, conversation, csat)
        emit(as_json, done, lambda: _say(f"Rated {done.conversation_id}: {done.csat} of 5."))


@assistant_app.command("stats")
def assistant_stats(
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False
) -> None:
    """Containment, handovers, CSAT after chat, and the questions it could not answer.

    Example: regulars assistant stats
    """  # fmt: skip
    from regulars.services.assistant import conversation_stats

    with workspace(workspace_dir, database, as_json) as ws:
        s = conversation_stats(ws)
        lines = [s.explanation] + [f"{u.times} x {u.question}" for u in s.unanswered]
        emit(as_json, s, lambda: [_say(x) for x in lines])


@assistant_app.command("inbox")
def assistant_inbox(
    answered: Annotated[bool, typer.Option("--answered", help="Answered tickets.")] = False,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The handovers waiting for a person (or answered ones), with their transcripts.

    Example: regulars assistant inbox
    """  # fmt: skip
    from regulars.services.assistant import tickets

    with workspace(workspace_dir, database, as_json) as ws:
        found = tickets(ws, "answered" if answered else "open")
        lines = [f"{t.ticket_id} {t.created_at:%Y-%m-%d %H:%M} {t.question}" for t in found]
        emit(as_json, {"tickets": found}, lambda: [_say(x) for x in lines or ["No tickets."]])


@assistant_app.command("answer")
def assistant_answer(
    ticket: Annotated[str, typer.Argument(help="The ticket id.")],
    text: Annotated[str, typer.Argument(help="The answer the customer reads in the chat.")],
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Answer a handover: the customer reads it in their chat.

    Example: regulars assistant answer 3f2a9c1b7d10 "We'll refund it today."
    """  # fmt: skip
    from regulars.services.assistant import answer_ticket

    with workspace(workspace_dir, database, as_json) as ws:
        done = answer_ticket(ws, ticket, text, getpass.getuser())
        emit(as_json, done, lambda: _say(f"Answered {done.ticket_id}."))


@assistant_app.command("propose")
def assistant_propose(
    kind: Annotated[
        str,
        typer.Argument(help="replenishment, winback, back_in_stock, review_request or replies."),
    ],
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Queue proactive emails for the owner's approval (marketing consent only).

    Example: regulars assistant propose replenishment
    """  # fmt: skip
    from regulars.services.assistant.proactive import propose_proactive

    with workspace(workspace_dir, database, as_json) as ws:
        p = propose_proactive(ws, kind, getpass.getuser())
        emit(as_json, p.to_dict(), lambda: _say(f"Proposed {p.proposal_id}: {p.title}"))
