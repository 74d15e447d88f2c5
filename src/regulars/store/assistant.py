"""The customer assistant's side of the store: conversations, masked transcripts and handover
tickets (``_chat_*``). These writes change no analysed data, so they do not move the data version
(``counted=False``): a busy chat never empties the dashboard's caches."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime

from regulars.schema import SYSTEM_TABLES_BY_NAME
from regulars.store.connection import Store

CONVERSATION = tuple(c.name for c in SYSTEM_TABLES_BY_NAME["_chat_conversations"].columns)
MESSAGE = tuple(c.name for c in SYSTEM_TABLES_BY_NAME["_chat_messages"].columns)
TICKET = tuple(c.name for c in SYSTEM_TABLES_BY_NAME["_chat_tickets"].columns)
RATING = ("csat", "rated_at")
#: What a turn writes: the rating is the customer's own, set apart, so a turn never undoes it.
TURN = tuple(c for c in CONVERSATION if c not in RATING)


def _insert(store: Store, table: str, columns: tuple[str, ...], row: dict) -> None:
    marks = ", ".join("?" for _ in columns)
    store.execute(
        f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})',
        tuple(row.get(c) for c in columns),
    )


def _rows(store: Store, table: str, columns: tuple[str, ...], where: str, params, tail=""):
    found = store.execute(f'SELECT {", ".join(columns)} FROM "{table}" {where} {tail}', params)
    return [dict(zip(columns, r)) for r in found]


def conversation(store: Store, conversation_id: str) -> dict | None:
    found = _rows(store, "_chat_conversations", CONVERSATION, "WHERE conversation_id = ?",
                  (conversation_id,))  # fmt: skip
    return found[0] if found else None


@dataclass
class _Turn:
    state: dict
    messages: list[dict]
    ticket: dict | None
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


_queues: dict[str, list[_Turn]] = {}
_writing: set[str] = set()
_lock = threading.Lock()


def save_turn(store: Store, state: dict, messages: list[dict], ticket: dict | None) -> None:
    """One turn, all or nothing: the conversation's new state, its messages, a ticket; returns
    once it is committed. Turns arriving together are committed together (a group commit: one
    transaction, one checkpoint, for every turn waiting), so twenty conversations at once do
    not queue behind twenty commits."""
    turn = _Turn(state, messages, ticket)
    with _lock:
        _queues.setdefault(store.url, []).append(turn)
        leader = store.url not in _writing
        _writing.add(store.url)
    if leader:
        _commit_waiting(store)
    turn.done.wait()
    if turn.error is not None:
        raise turn.error


def _commit_waiting(store: Store) -> None:
    while True:
        with _lock:
            batch, _queues[store.url] = _queues.get(store.url, []), []
            if not batch:
                _writing.discard(store.url)
                return
        try:
            _write_all(store, batch)
        except BaseException:  # one bad turn must not fail the others: each on its own
            for turn in batch:
                try:
                    _write_all(store, [turn])
                except BaseException as exc:
                    turn.error = exc
        for turn in batch:
            turn.done.set()


def _write_all(store: Store, batch: list[_Turn]) -> None:
    with store.transaction(counted=False):
        for turn in batch:
            _write_turn(store, turn.state, turn.messages, turn.ticket)


def _write_turn(store: Store, state: dict, messages: list[dict], ticket: dict | None) -> None:
    changed = ", ".join(f"{c} = ?" for c in TURN if c != "conversation_id")
    n = store.execute_count(
        f'UPDATE "_chat_conversations" SET {changed} WHERE conversation_id = ?',
        (*(state.get(c) for c in TURN if c != "conversation_id"), state["conversation_id"]),
    )
    if not n:
        _insert(store, "_chat_conversations", TURN, state)
    if state.get("customer_id"):  # verified: the whole transcript is theirs (erasure)
        store.execute(
            'UPDATE "_chat_messages" SET customer_id = ? WHERE conversation_id = ?',
            (state["customer_id"], state["conversation_id"]),
        )
    for m in messages:
        _insert(store, "_chat_messages", MESSAGE, m)
    if ticket is not None:
        _insert(store, "_chat_tickets", TICKET, ticket)


def messages(store: Store, conversation_id: str, after: int = 0) -> list[dict]:
    return _rows(store, "_chat_messages", MESSAGE, "WHERE conversation_id = ? AND seq > ?",
                 (conversation_id, after), "ORDER BY seq")  # fmt: skip


def last_seq(store: Store, conversation_id: str) -> int:
    found = store.execute(
        'SELECT max(seq) FROM "_chat_messages" WHERE conversation_id = ?', (conversation_id,)
    )
    return int(found[0][0] or 0)


def recent_customer_messages(store: Store, conversation_id: str, since: datetime) -> int:
    found = store.execute(
        'SELECT count(*) FROM "_chat_messages" WHERE conversation_id = ? AND role = ? '
        "AND created_at >= ?",
        (conversation_id, "customer", since),
    )
    return int(found[0][0])


def failed_attempts_from(store: Store, client: str, since: datetime) -> int:
    """Failed verifications from one client across its conversations (a new conversation does
    not buy new attempts)."""
    found = store.execute(
        'SELECT coalesce(sum(attempts), 0) FROM "_chat_conversations" WHERE client = ? '
        "AND updated_at >= ?",
        (client, since),
    )
    return int(found[0][0])


def tickets(store: Store, status: str | None = None) -> list[dict]:
    where, params = ("WHERE status = ?", (status,)) if status else ("", ())
    return _rows(store, "_chat_tickets", TICKET, where, params, "ORDER BY created_at, ticket_id")


def ticket(store: Store, ticket_id: str) -> dict | None:
    found = _rows(store, "_chat_tickets", TICKET, "WHERE ticket_id = ?", (ticket_id,))
    return found[0] if found else None


def answer_ticket(store: Store, row: dict, answer: str, by: str, at: datetime,
                  message: dict) -> bool:  # fmt: skip
    """The staff's answer on an open ticket and in its conversation; False when the ticket was
    answered already (two people answering at once never both win)."""
    with store.transaction(counted=False):
        n = store.execute_count(
            'UPDATE "_chat_tickets" SET status = ?, answer = ?, answered_by = ?, answered_at = ? '
            "WHERE ticket_id = ? AND status = ?",
            ("answered", answer, by, at, row["ticket_id"], "open"),
        )
        if n:
            _insert(store, "_chat_messages", MESSAGE, message)
    return n > 0


def rate(store: Store, conversation_id: str, csat: int, at: datetime) -> bool:
    """The customer's rating of their chat (a later one replaces it); False: no such chat."""
    with store.transaction(counted=False):
        n = store.execute_count(
            'UPDATE "_chat_conversations" SET csat = ?, rated_at = ? WHERE conversation_id = ?',
            (csat, at, conversation_id),
        )
    return n > 0


def ratings(store: Store) -> dict[int, int]:
    """How many chats got each rating, 1 to 5."""
    found = store.execute(
        'SELECT csat, count(*) FROM "_chat_conversations" WHERE csat IS NOT NULL GROUP BY csat'
    )
    return {int(k): int(n) for k, n in found}


def counts(store: Store) -> dict[str, int]:
    """Conversations, those handed over, customer messages, assistant answers from a source."""
    ((conversations, handed),) = store.execute(
        "SELECT count(*), coalesce(sum(CASE WHEN handed_over THEN 1 ELSE 0 END), 0) "
        'FROM "_chat_conversations"'
    )
    ((answered,),) = store.execute(
        'SELECT count(*) FROM "_chat_messages" WHERE role = ? AND answered', ("assistant",)
    )
    return {"conversations": int(conversations), "handed_over": int(handed),
            "answered": int(answered)}  # fmt: skip


def unanswered(store: Store, limit: int = 20) -> list[tuple[str, int]]:
    """The customer questions the assistant could not answer (each handover's question), most
    asked first."""
    found = store.execute(
        'SELECT question, count(*) AS n FROM "_chat_tickets" GROUP BY question '
        "ORDER BY n DESC, question LIMIT ?",
        (limit,),
    )
    return [(q, int(n)) for q, n in found]


def asked_out_of_stock(store: Store) -> list[dict]:
    """(customer, product, when) for each product the assistant said was out of stock (its
    catalog answer begins with the product's name and says so) in a verified conversation."""
    found = store.execute(
        "SELECT c.customer_id, p.product_id, max(m.created_at) "
        'FROM "_chat_messages" m JOIN "_chat_conversations" c '
        "ON m.conversation_id = c.conversation_id "
        'JOIN "products" p ON starts_with(m.text, p.name || ?) '
        "WHERE c.customer_id IS NOT NULL AND m.role = ? AND m.text LIKE ? "
        "GROUP BY c.customer_id, p.product_id",
        (": ", "assistant", "%out of stock%"),
    )
    return [{"customer_id": c, "product_id": p, "asked_at": at} for c, p, at in found]


def customer_message_count(store: Store) -> int:
    found = store.execute('SELECT count(*) FROM "_chat_messages" WHERE role = ?', ("customer",))
    return int(found[0][0])


def customer_texts(store: Store) -> list[dict]:
    """Every customer message (masked as stored) with its intent, its conversation's customer,
    order and rating: what the voice-of-the-customer analysis reads."""
    found = store.execute(
        "SELECT m.message_id, m.text, m.intent, m.created_at, "
        "coalesce(m.customer_id, c.customer_id), c.order_id, c.csat "
        'FROM "_chat_messages" m JOIN "_chat_conversations" c '
        "ON c.conversation_id = m.conversation_id WHERE m.role = ? "
        "ORDER BY m.created_at, m.message_id",
        ("customer",),
    )
    names = ("message_id", "text", "intent", "created_at", "customer_id", "order_id", "csat")
    return [dict(zip(names, r)) for r in found]


def customer_messages(store: Store, customer_id: str) -> list[dict]:
    """A verified customer's transcripts (their access request)."""
    return _rows(store, "_chat_messages", MESSAGE, "WHERE customer_id = ?", (customer_id,),
                 "ORDER BY conversation_id, seq")  # fmt: skip


WIDGET_KEY = "assistant_widget_key"


def widget_key(store: Store) -> str:
    """The key the shop's chat widget sends with each message (made on first use): public on
    the shop's pages, it lets the chat through and nothing else."""
    import secrets
    from datetime import UTC

    rows = store.execute('SELECT value FROM "_secrets" WHERE name = ?', (WIDGET_KEY,))
    if rows:
        return rows[0][0]
    with store.transaction(counted=False):
        store.execute(
            'INSERT INTO "_secrets" (name, value, created_at) VALUES (?, ?, ?) '
            "ON CONFLICT DO NOTHING",
            (WIDGET_KEY, "wk_" + secrets.token_urlsafe(18), datetime.now(UTC)),
        )
    return store.execute('SELECT value FROM "_secrets" WHERE name = ?', (WIDGET_KEY,))[0][0]


def conversations_started_by(store: Store, client: str, since: datetime) -> int:
    found = store.execute(
        'SELECT count(*) FROM "_chat_conversations" WHERE client = ? AND started_at >= ?',
        (client, since),
    )
    return int(found[0][0])
