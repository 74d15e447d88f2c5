"""The store's own tables (accounts, sessions, saved models, the import log, the change
counter ...), declared like the canonical ones; ``regulars.schema`` lists them beside those."""

from __future__ import annotations

from regulars.declarations import Column, ColumnType, Table


def _c(name: str, type_: ColumnType, description: str, **kw) -> Column:
    return Column(name, type_, description, **kw)


def _s(name: str, type_: ColumnType, description: str, **kw) -> Column:
    """A required column of a system table."""
    return Column(name, type_, description, required=True, **kw)


#: Tables the store keeps for itself (made by ``store.migrations``; no import writes them). None
#: links a row to a customer (``customer_column``): an erasure only rewrites the audience rules
#: that quote one. ``regulars export`` writes any of them, without their ``secret`` columns.
SYSTEM_TABLES: tuple[Table, ...] = (
    Table(
        "_migrations",
        "Schema migrations applied to this database.",
        key=("version",),
        columns=(
            _s("version", "int", "Migration number."),
            _s("description", "string", "What it did."),
            _s("applied_at", "timestamp", "When."),
        ),
    ),
    Table(
        "_changes",
        "One row: the count of write transactions (PostgreSQL's data version).",
        key=("id",),
        columns=(
            _s("id", "int", "Always 1."),
            _s("counter", "int", "Write transactions committed."),
        ),
    ),
    Table(
        "_imports",
        "The log of imports, one row each (written in the import's transaction).",
        key=("import_id",),
        columns=(
            _s("import_id", "string", "Stable id."),
            _s("table_name", "string", "Table imported into."),
            _s("file_name", "string", "The file's name."),
            _s("file_sha256", "string", "SHA-256 of the file."),
            _s("format", "string", "The importer used."),
            _s("imported_at", "timestamp", "When."),
            _s("rows_in_file", "int", "Rows read."),
            _s("created", "int", "Rows created."),
            _s("updated", "int", "Rows changed."),
            _s("unchanged", "int", "Rows already as in the file."),
            _c("details", "string", "Counts per table, as JSON."),
        ),
    ),
    Table(
        "_erasures",
        "The log of customer erasures: counts only, never who.",
        key=("erasure_id",),
        columns=(
            _s("erasure_id", "string", "Stable id."),
            _s("erased_at", "timestamp", "When."),
            _s("rows_deleted", "int", "Rows deleted."),
            _s("rows_anonymised", "int", "Rows kept with a pseudonym."),
            _c("details", "string", "Counts per table, as JSON."),
        ),
    ),
    Table(
        "_users",
        "Accounts of the people who use Regulars.",
        key=("username",),
        columns=(
            _s("username", "string", "Login name."),
            _s("role", "string", "owner, analyst or viewer."),
            _s("password_hash", "string", "Argon2 hash of the password.", secret=True),
            _s("created_at", "timestamp", "When."),
            _s("disabled", "bool", "Cannot sign in."),
        ),
    ),
    Table(
        "_api_keys",
        "API keys, as SHA-256 digests.",
        key=("key_hash",),
        columns=(
            _s("key_hash", "string", "SHA-256 of the key.", secret=True),
            _s("username", "string", "Whose key."),
            _c("label", "string", "What it is for."),
            _s("created_at", "timestamp", "When."),
            _c("last_used_at", "timestamp", "Last request made with it."),
        ),
    ),
    Table(
        "_sessions",
        "Signed-in browser sessions, as SHA-256 digests of their tokens.",
        key=("session_hash",),
        columns=(
            _s("session_hash", "string", "SHA-256 of the session token.", secret=True),
            _s("username", "string", "Who."),
            _s("csrf_token", "string", "The session's form token.", secret=True),
            _s("created_at", "timestamp", "When."),
            _s("expires_at", "timestamp", "Until when."),
        ),
    ),
    Table(
        "_login_attempts",
        "Sign-in attempts (to slow down password guessing).",
        key=("attempt_id",),
        columns=(
            _s("attempt_id", "string", "Stable id."),
            _s("username", "string", "Name tried."),
            _c("client", "string", "Client address."),
            _s("attempted_at", "timestamp", "When."),
            _s("succeeded", "bool", "Signed in."),
        ),
    ),
    Table(
        "_audiences",
        "Saved audiences: named rules over customers.",
        key=("name",),
        columns=(
            _s("name", "string", "Audience name."),
            _s("rule", "string", "The rule.", quotes_customers=True),
            _c("description", "string", "What it is for."),
            _s("created_at", "timestamp", "When."),
            _s("updated_at", "timestamp", "Last change."),
        ),
    ),
    Table(
        "_audience_exports",
        "The log of audience exports: counts, never the customers.",
        key=("export_id",),
        columns=(
            _s("export_id", "string", "Stable id."),
            _s("audience_name", "string", "The audience."),
            _s("exported_at", "timestamp", "When."),
            _s("format", "string", "csv or hashed."),
            _s("rows_exported", "int", "Customers written."),
            _s("excluded_no_consent", "int", "Customers left out for want of consent."),
            _c("exported_by", "string", "Who."),
        ),
    ),
    Table(
        "_alerts",
        "KPI alerts, with when each was first seen.",
        key=("alert_id",),
        columns=(
            _s("alert_id", "string", "Stable id."),
            _s("kpi", "string", "KPI key."),
            _s("period_start", "timestamp", "Period alerted on."),
            _s("severity", "string", "How bad."),
            _s("message", "string", "The alert."),
            _s("first_seen_at", "timestamp", "When first seen."),
        ),
    ),
    Table(
        "_models",
        "Saved models (customer lifetime value), JSON: every server sees them.",
        key=("name",),
        columns=(
            _s("name", "string", "bgnbd, pareto, mbgnbd, or validation."),
            _s("kind", "string", "clv-model or clv-validation."),
            _s("saved_at", "timestamp", "When."),
            _s(
                "document",
                "string",
                "The model's parameters and fit, as JSON (never pickled); may quote customer ids "
                "(saved recommendation lists), which an erasure replaces.",
                quotes_customers=True,
            ),
        ),
    ),
    Table(
        "_queries",
        "Queries run every time (status), compiled to SQL once: not data.",
        key=("name", "dialect"),
        columns=(
            _s("name", "string", "The query's name."),
            _s("dialect", "string", "duckdb or postgres."),
            _s("regulars_version", "string", "The Regulars that compiled it."),
            _s("code_hash", "string", "SHA-256 of the code that builds it, and of schema.py."),
            _s("schema_version", "int", "The schema migration it was compiled against."),
            _s("sql", "string", "The SQL."),
            _s("result_schema", "string", "Its result's columns and Arrow schema, as JSON."),
            _s("compiled_at", "timestamp", "When."),
        ),
    ),
)

#: The trust centre's tables (``services.proposals``, ``services.actions``, ``services.audit``).
TRUST_TABLES: tuple[Table, ...] = (
    Table(
        "_proposals",
        "Proposed actions that would leave Regulars (an audience export ...), awaiting approval.",
        key=("proposal_id",),
        columns=(
            _s("proposal_id", "string", "Stable id."),
            _s("action_type", "string", "What kind of action (audience_export, price_change ...)."),
            _s("title", "string", "What, in words."),
            _s(
                "parameters",
                "string",
                "What the action needs to run, as JSON.",
                quotes_customers=True,
            ),
            _s("customers", "int", "How many customers it reaches."),
            _s("sample", "string", "A few of the customers' ids, as JSON.", quotes_customers=True),
            _s("reason", "string", "Why: the analysis or model behind it, in words."),
            _c("effect", "string", "Expected effect, in words."),
            _c("effect_low", "float", "Expected effect, low end of its interval."),
            _c("effect_high", "float", "Expected effect, high end of its interval."),
            _c("effect_missing", "string", "Why no interval is given, when none is."),
            _s("relies_on", "string", "The data and the consent purpose it relies on."),
            _c("consent_purpose", "string", "The consent purpose checked at execution."),
            _s("proposed_by", "string", "Who proposed it: a person's login or a model's name."),
            _s("proposer_kind", "string", "person or model."),
            _s("status", "string", "pending, approved, rejected, expired or executed."),
            _s("created_at", "timestamp", "When proposed."),
            _s("expires_at", "timestamp", "After this it can no longer be approved or run."),
            _c("decided_by", "string", "Who approved or rejected it."),
            _c("decided_at", "timestamp", "When."),
            _c("note", "string", "The decider's note (a rejection's reason, an edit)."),
            _c("executed_at", "timestamp", "When it ran."),
            _c("result", "string", "What running it did, as JSON."),
        ),
    ),
    Table(
        "_audit_log",
        "Append-only audit log, each entry chained to the previous one by SHA-256.",
        key=("seq",),
        columns=(
            _s("seq", "int", "Position in the chain, from 1."),
            _s("recorded_at", "timestamp", "When."),
            _s("actor", "string", "Who: a login, a model (with its version) or the system."),
            _s("action", "string", "What: viewed, exported, approved, rejected, executed ..."),
            _s("subject", "string", "Of what: a proposal, an audience, a customer digest."),
            _c("details", "string", "Counts and versions, as JSON (never a customer's data)."),
            _s("prev_hash", "string", "The previous entry's hash (64 zeros for the first)."),
            _s("entry_hash", "string", "SHA-256 of this entry's fields and prev_hash."),
        ),
    ),
)

#: Suppression on erasure (``services.suppression``).
SUPPRESSION_TABLES: tuple[Table, ...] = (
    Table(
        "_suppressions",
        "Salted digests of erased customers' identifiers: imports skip whoever matches one.",
        key=("digest",),
        columns=(
            _s("digest", "string", "SHA-256 of the salt and one normalised identifier."),
            _s("kind", "string", "customer_id, email or phone."),
            _s("suppressed_at", "timestamp", "When the customer was erased."),
        ),
    ),
    Table(
        "_secrets",
        "Values the store keeps for itself (the suppression salt); never exported.",
        key=("name",),
        columns=(
            _s("name", "string", "What it is."),
            _s("value", "string", "The value.", secret=True),
            _s("created_at", "timestamp", "When."),
        ),
    ),
)

#: One person, several ids (``services.merges``): a merged id stays an alias of the kept one, so
#: a later import of an old file lands on the kept customer. Erasing the kept customer deletes
#: its aliases (and suppresses them).
ALIAS_TABLES: tuple[Table, ...] = (
    Table(
        "_customer_aliases",
        "Customer ids merged into another: imports read them as the kept customer.",
        key=("alias_id",),
        columns=(
            _s("alias_id", "string", "The merged id, as the source files name it."),
            _s("customer_id", "string", "The kept customer's id."),
            _s("merged_at", "timestamp", "When they were merged."),
        ),
        customer_column="customer_id",
        erase_deletes=True,
    ),
)

#: The customer assistant (``services.assistant``): conversations, their transcripts (personal
#: data masked before it is stored) and the tickets of handovers. Erasing a customer deletes
#: the conversations they were verified in, with their transcripts and tickets.
ASSISTANT_TABLES: tuple[Table, ...] = (
    Table(
        "_chat_conversations",
        "Conversations with the customer assistant, with what they remember between turns.",
        key=("conversation_id",),
        columns=(
            _s("conversation_id", "string", "Random id, known only to the customer's browser."),
            _s("started_at", "timestamp", "When."),
            _s("updated_at", "timestamp", "Last message."),
            _c("client", "string", "SHA-256 of where the messages came from (rate limits)."),
            _c("customer_id", "string", "The verified customer, once verified."),
            _c("order_id", "string", "The order number mentioned."),
            _c("email", "string", "The email given.", personal=True),
            _c("postcode", "string", "The postcode given.", personal=True),
            _c("product_id", "string", "The product last mentioned."),
            _c("pending", "string", "What the assistant waits for (verification)."),
            _s("attempts", "int", "Failed verifications."),
            _s("handed_over", "bool", "Handed over to a person."),
            _c("csat", "int", "The customer's rating of the chat, 1 (poor) to 5 (great)."),
            _c("rated_at", "timestamp", "When they rated it (their latest rating counts)."),
        ),
        customer_column="customer_id",
        erase_deletes=True,
    ),
    Table(
        "_chat_messages",
        "Every message of every conversation, personal data masked.",
        key=("message_id",),
        columns=(
            _s("message_id", "string", "Stable id."),
            _s("conversation_id", "string", "The conversation."),
            _s("seq", "int", "Position in the conversation, from 1."),
            _s("role", "string", "customer, assistant or staff."),
            _s(
                "text",
                "string",
                "The words, emails, phones, cards and postcodes masked.",
                personal=True,
            ),  # fmt: skip
            _c("intent", "string", "The intent understood (customer messages)."),
            _c("confidence", "float", "How sure the intent model was."),
            _c("answered", "bool", "An assistant message that answered from a source."),
            _c("sources", "string", "The sources quoted, as JSON."),
            _c("customer_id", "string", "The verified customer, once verified."),
            _s("created_at", "timestamp", "When."),
        ),
        customer_column="customer_id",
        erase_deletes=True,
    ),
    Table(
        "_chat_tickets",
        "Handovers to a person: the inbox staff answer from.",
        key=("ticket_id",),
        columns=(
            _s("ticket_id", "string", "Stable id."),
            _s("conversation_id", "string", "The conversation (its transcript)."),
            _s("reason", "string", "Why the assistant handed over, in words."),
            _s("question", "string", "The customer's last message, masked.", personal=True),
            _s("status", "string", "open or answered."),
            _s("created_at", "timestamp", "When."),
            _c("customer_id", "string", "The verified customer, if verified."),
            _c("email", "string", "Where to answer if they left.", personal=True),
            _c("answer", "string", "The staff's answer."),
            _c("answered_by", "string", "Who answered."),
            _c("answered_at", "timestamp", "When."),
        ),
        customer_column="customer_id",
        erase_deletes=True,
    ),
)

SYSTEM_TABLES = SYSTEM_TABLES + TRUST_TABLES + SUPPRESSION_TABLES + ALIAS_TABLES + ASSISTANT_TABLES

SYSTEM_TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in SYSTEM_TABLES}
