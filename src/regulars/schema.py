"""The canonical tables and the store's system tables, declared once.

Every other part of Regulars (DDL in the store, validation in the importers, the demo generator,
the erasure of a customer, the docs) reads these declarations. Money is integer cents (``cents``);
timestamps are timezone-aware and stored in UTC (``timestamp``).
"""

from __future__ import annotations

# So are the tables of what the shop writes for its customers (the FAQ), in content_tables.py.
from regulars.content_tables import CONTENT_TABLES
from regulars.declarations import Column, ColumnType, Table  # the shape of a declaration

# And the tables of logged offer tests, in offer_tables.py.
from regulars.offer_tables import OFFER_TABLES

# The store's own tables are declared beside, in system_tables.py, and listed here too.
from regulars.system_tables import SYSTEM_TABLES, SYSTEM_TABLES_BY_NAME  # noqa: F401

# Vocabularies, a few to a line.
# fmt: off
#: Columns the store adds to every canonical table: which import wrote the row, from which line.
SYSTEM_COLUMNS: tuple[tuple[str, ColumnType], ...] = (
    ("_import_id", "string"), ("_source_line", "int"))
CONSENT_PURPOSES = ("analytics", "personalization", "marketing")
ORDER_STATUSES = ("paid", "pending", "refunded", "partially_refunded", "cancelled", "failed")
EVENT_TYPES = ("session_start", "page_view", "product_view", "add_to_cart", "checkout",
               "email_open", "email_click", "content_read", "search")
TOUCH_TYPES = ("sent", "delivered", "opened", "clicked", "unsubscribed", "bounced", "impression",
               "holdout")
# fmt: on


def _c(name: str, type_: ColumnType, description: str, **kw) -> Column:
    return Column(name, type_, description, **kw)


_CUSTOMER_REF = ("customers", "customer_id")

TABLES: tuple[Table, ...] = (
    Table(
        "customers",
        "People and businesses who buy, or may buy.",
        (
            _c(
                "customer_id",
                "string",
                "Stable id (from the source, or derived from the email).",
                required=True,
            ),
            _c("email", "string", "Email address, trimmed and lower-cased.", personal=True),
            _c("first_name", "string", "Given name.", personal=True),
            _c("last_name", "string", "Family name.", personal=True),
            _c("phone", "string", "Phone number as given.", personal=True),
            _c("company", "string", "Company name (wholesale and B2B customers).", personal=True),
            _c("city", "string", "City of the default address.", personal=True),
            _c("region", "string", "Province, state or region code.", personal=True),
            _c("country", "string", "ISO country code."),
            _c("postal_code", "string", "Postal code of the default address.", personal=True),
            _c("customer_type", "string", "retail or wholesale.", choices=("retail", "wholesale")),
            _c("created_at", "timestamp", "When the customer record was created."),
            _c("source", "string", "Where the record came from (shopify, stripe, ...)."),
            _c("tags", "string", "Comma-separated tags from the source.", personal=True),
            _c("note", "string", "Free-text note from the source.", personal=True),
        ),
        key=("customer_id",),
        derive_key_from=("email",),
        customer_column="customer_id",
        erase_deletes=True,
    ),
    Table(
        "products",
        "What the business sells.",
        (
            _c(
                "product_id",
                "string",
                "Stable id (from the source, or derived from the SKU or name).",
                required=True,
            ),
            _c("sku", "string", "Stock-keeping unit."),
            _c("name", "string", "Product name.", required=True),
            _c("category", "string", "Category (beans, equipment, ...)."),
            _c("price_cents", "cents", "List price in cents."),
            _c("cost_cents", "cents", "Unit cost in cents (for margins)."),
            _c("currency", "string", "ISO currency code."),
            _c("stock", "int", "Units in stock."),
            _c("vendor", "string", "Vendor or brand."),
            _c("created_at", "timestamp", "When the product was added."),
        ),
        key=("product_id",),
        derive_key_from=("sku", "name"),
    ),
    Table(
        "orders",
        "Purchases: one row per order.",
        (
            _c(
                "order_id",
                "string",
                "Stable id (order number, payment id, or derived).",
                required=True,
            ),
            _c("customer_id", "string", "Who bought.", references=_CUSTOMER_REF),
            _c("ordered_at", "timestamp", "When the order was placed.", required=True),
            _c("currency", "string", "ISO currency code.", required=True),
            _c("subtotal_cents", "cents", "Sum of line items before discount, shipping and tax."),
            _c("discount_cents", "cents", "Discount given on the order."),
            _c("shipping_cents", "cents", "Shipping charged."),
            _c("tax_cents", "cents", "Tax charged."),
            _c("total_cents", "cents", "What the customer paid.", required=True),
            _c("discount_code", "string", "Discount code used, if any."),
            _c("channel", "string", "Sales channel (web, wholesale, pos, subscription, ...)."),
            _c(
                "status",
                "string",
                "paid, pending, refunded, partially_refunded, cancelled or failed.",
                choices=ORDER_STATUSES,
            ),
            _c("source", "string", "Where the record came from (shopify, stripe, ...)."),
            _c("shipping_city", "string", "Shipping city.", personal=True),
            _c("shipping_region", "string", "Shipping region.", personal=True),
            _c("shipping_country", "string", "Shipping country code."),
            _c("shipping_postal_code", "string", "Shipping postal code.", personal=True),
            _c("cancelled_at", "timestamp", "When the order was cancelled, if it was."),
        ),
        key=("order_id",),
        derive_key_from=("customer_id", "ordered_at", "total_cents"),
        customer_column="customer_id",
    ),
    Table(
        "order_items",
        "Lines of an order.",
        (
            _c(
                "order_item_id",
                "string",
                "Stable id (derived from order and line when absent).",
                required=True,
            ),
            _c(
                "order_id", "string", "The order.", required=True, references=("orders", "order_id")
            ),
            _c("product_id", "string", "The product, when known."),
            _c("sku", "string", "SKU as on the order."),
            _c("product_name", "string", "Product name as on the order."),
            _c("quantity", "int", "Units.", required=True),
            _c("unit_price_cents", "cents", "Price per unit in cents.", required=True),
            _c("discount_cents", "cents", "Discount on this line."),
        ),
        key=("order_item_id",),
        derive_key_from=("order_id", "sku", "product_name", "product_id"),
    ),
    Table(
        "refunds",
        "Money given back.",
        (
            _c("refund_id", "string", "Stable id.", required=True),
            _c(
                "order_id",
                "string",
                "The refunded order.",
                required=True,
                references=("orders", "order_id"),
            ),
            _c("refunded_at", "timestamp", "When.", required=True),
            _c("amount_cents", "cents", "Amount refunded.", required=True),
            _c("currency", "string", "ISO currency code."),
            _c("reason", "string", "Reason given."),
        ),
        key=("refund_id",),
        derive_key_from=("order_id", "refunded_at", "amount_cents"),
    ),
    Table(
        "events",
        "Behaviour: web sessions, page views, add-to-cart, email opens and clicks, content reads.",
        (
            _c("event_id", "string", "Stable id.", required=True),
            _c("customer_id", "string", "Who, when known.", references=_CUSTOMER_REF),
            _c("session_id", "string", "Web session."),
            _c(
                "event_type",
                "string",
                "What happened.",
                required=True,
                choices=EVENT_TYPES,
            ),
            _c("occurred_at", "timestamp", "When.", required=True),
            _c("url", "string", "Page address."),
            _c("product_id", "string", "Product involved."),
            _c("content_id", "string", "Content item involved."),
            _c("campaign_id", "string", "Campaign that brought the visit."),
            _c(
                "channel",
                "string",
                "Traffic channel (organic, email, ads, social, direct, referral).",
            ),
            _c("device", "string", "desktop, mobile or tablet."),
        ),
        key=("event_id",),
        derive_key_from=(
            "customer_id",
            "session_id",
            "event_type",
            "occurred_at",
            "url",
            "product_id",
        ),
        customer_column="customer_id",
    ),
    Table(
        "campaigns",
        "Marketing campaigns (email, ads, social, SMS) with spend and platform-reported totals.",
        (
            _c("campaign_id", "string", "Stable id.", required=True),
            _c("name", "string", "Campaign name.", required=True),
            _c(
                "channel",
                "string",
                "email, ads, social, sms or other.",
                required=True,
                choices=("email", "ads", "social", "sms", "other"),
            ),
            _c("subject", "string", "Subject line (email)."),
            _c("audience", "string", "List or audience targeted."),
            _c("started_at", "timestamp", "Start or send time.", required=True),
            _c("ended_at", "timestamp", "End (ads)."),
            _c("spend_cents", "cents", "Money spent."),
            _c("currency", "string", "ISO currency code of spend."),
            _c("recipients", "int", "Platform-reported recipients."),
            _c("delivered", "int", "Platform-reported deliveries."),
            _c("opens", "int", "Platform-reported unique opens."),
            _c("clicks", "int", "Platform-reported unique clicks."),
            _c("unsubscribes", "int", "Platform-reported unsubscribes."),
            _c("bounces", "int", "Platform-reported bounces."),
            _c("impressions", "int", "Platform-reported impressions (ads)."),
            _c("conversions", "int", "Platform-reported orders."),
            _c("revenue_cents", "cents", "Platform-reported revenue."),
        ),
        key=("campaign_id",),
        derive_key_from=("name", "started_at"),
    ),
    Table(
        "campaign_touches",
        "One customer's contact with one campaign.",
        (
            _c("touch_id", "string", "Stable id.", required=True),
            _c(
                "campaign_id",
                "string",
                "Campaign.",
                required=True,
                references=("campaigns", "campaign_id"),
            ),
            _c("customer_id", "string", "Customer.", required=True, references=_CUSTOMER_REF),
            _c(
                "touch_type",
                "string",
                "What happened.",
                required=True,
                choices=TOUCH_TYPES,
            ),
            _c("occurred_at", "timestamp", "When.", required=True),
        ),
        key=("touch_id",),
        derive_key_from=("campaign_id", "customer_id", "touch_type", "occurred_at"),
        customer_column="customer_id",
    ),
    Table(
        "leads",
        "Prospects (wholesale and B2B) before they buy.",
        (
            _c("lead_id", "string", "Stable id.", required=True),
            _c("customer_id", "string", "The customer, once converted.", references=_CUSTOMER_REF),
            _c("name", "string", "Contact name.", personal=True),
            _c("email", "string", "Contact email.", personal=True),
            _c("company", "string", "Company."),
            _c("source", "string", "Where the lead came from."),
            _c("owner", "string", "Salesperson."),
            _c("status", "string", "new, qualified, converted or lost."),
            _c("created_at", "timestamp", "When the lead arrived.", required=True),
            _c("converted_at", "timestamp", "When it became a customer."),
        ),
        key=("lead_id",),
        derive_key_from=("email", "company", "created_at"),
        customer_column="customer_id",
    ),
    Table(
        "deals",
        "Sales opportunities with amount, stage and owner.",
        (
            _c("deal_id", "string", "Stable id.", required=True),
            _c("name", "string", "Deal name.", required=True),
            _c("lead_id", "string", "The lead.", references=("leads", "lead_id")),
            _c("customer_id", "string", "The customer.", references=_CUSTOMER_REF),
            _c("company_ids", "string", "Associated company ids from the CRM (';'-separated)."),
            _c("pipeline", "string", "Pipeline."),
            _c("stage", "string", "Current stage (label or internal value)."),
            _c("amount_cents", "cents", "Deal amount."),
            _c("currency", "string", "ISO currency code."),
            _c("source", "string", "Where the deal came from."),
            _c("owner", "string", "Salesperson."),
            _c("created_at", "timestamp", "When the deal was created.", required=True),
            _c("closed_at", "timestamp", "Close date (expected or actual)."),
            _c("is_closed", "bool", "Closed (won or lost)."),
            _c("is_won", "bool", "Closed and won."),
        ),
        key=("deal_id",),
        derive_key_from=("name", "created_at"),
        customer_column="customer_id",
    ),
    Table(
        "deal_stage_history",
        "When each deal entered each stage.",
        (
            _c("deal_stage_id", "string", "Stable id.", required=True),
            _c("deal_id", "string", "The deal.", required=True, references=("deals", "deal_id")),
            _c("stage", "string", "Stage entered.", required=True),
            _c("entered_at", "timestamp", "When.", required=True),
        ),
        key=("deal_stage_id",),
        derive_key_from=("deal_id", "stage", "entered_at"),
    ),
    Table(
        "feedback",
        "Reviews, support tickets and survey answers.",
        (
            _c("feedback_id", "string", "Stable id.", required=True),
            _c(
                "kind",
                "string",
                "review, ticket, survey or note.",
                required=True,
                choices=("review", "ticket", "survey", "note"),
            ),
            _c("source", "string", "google, trustpilot, email, helpdesk, survey tool, ..."),
            _c("channel", "string", "Channel (web, email, phone, chat, in-store)."),
            _c("customer_id", "string", "Customer, when known.", references=_CUSTOMER_REF),
            _c("order_id", "string", "Order, when known."),
            _c("created_at", "timestamp", "When it was given.", required=True),
            _c("rating", "float", "Star rating 1-5."),
            _c("nps", "int", "Net Promoter answer 0-10."),
            _c("csat", "int", "Satisfaction answer 1-5."),
            _c("title", "string", "Title or subject.", personal=True),
            _c("text", "string", "The words.", personal=True),
            _c("author_name", "string", "Name shown with a public review.", personal=True),
            _c("first_response_at", "timestamp", "First reply (tickets)."),
            _c("resolved_at", "timestamp", "Resolution (tickets)."),
            _c("reply_text", "string", "The business's reply."),
        ),
        key=("feedback_id",),
        derive_key_from=("kind", "source", "customer_id", "created_at", "text"),
        customer_column="customer_id",
    ),
    Table(
        "content_items",
        "Blog posts, recipes, guides and other content.",
        (
            _c("content_id", "string", "Stable id.", required=True),
            _c("title", "string", "Title.", required=True),
            _c("kind", "string", "blog, guide, recipe, video, email."),
            _c("topic", "string", "Topic or tags."),
            _c("url", "string", "Address."),
            _c("published_at", "timestamp", "When published."),
        ),
        key=("content_id",),
        derive_key_from=("url", "title"),
    ),
    Table(
        "experiments",
        "A/B tests: what was tested, arms and weights.",
        (
            _c("experiment_id", "string", "Stable id.", required=True),
            _c("name", "string", "Name.", required=True),
            _c("hypothesis", "string", "What is expected and why."),
            _c("status", "string", "draft, running or stopped."),
            _c(
                "arms",
                "string",
                "Arms and weights, e.g. 'control:0.5,treatment:0.5'.",
                required=True,
            ),
            _c("primary_metric", "string", "The metric that decides."),
            _c("planned_sample_size", "int", "N*: units planned in all arms (sequential test)."),
            _c("started_at", "timestamp", "Start."),
            _c("ended_at", "timestamp", "End."),
        ),
        key=("experiment_id",),
        derive_key_from=("name",),
    ),
    Table(
        "experiment_assignments",
        "Which arm each customer was assigned to, and when they were first exposed.",
        (
            _c("assignment_id", "string", "Stable id.", required=True),
            _c(
                "experiment_id",
                "string",
                "Experiment.",
                required=True,
                references=("experiments", "experiment_id"),
            ),
            _c("customer_id", "string", "Customer.", required=True, references=_CUSTOMER_REF),
            _c("arm", "string", "Arm.", required=True),
            _c("assigned_at", "timestamp", "When assigned.", required=True),
            _c("exposed_at", "timestamp", "First exposure, if any."),
        ),
        key=("assignment_id",),
        derive_key_from=("experiment_id", "customer_id"),
        customer_column="customer_id",
    ),
    Table(
        "consents",
        "Consent per purpose, as recorded over time (the latest record per purpose wins).",
        (
            _c("consent_id", "string", "Stable id.", required=True),
            _c("customer_id", "string", "Customer.", required=True, references=_CUSTOMER_REF),
            _c(
                "purpose",
                "string",
                "analytics, personalization or marketing.",
                required=True,
                choices=CONSENT_PURPOSES,
            ),
            _c("granted", "bool", "Granted (true) or refused / withdrawn (false).", required=True),
            _c("recorded_at", "timestamp", "When it was given or withdrawn.", required=True),
            _c("source", "string", "Where it was recorded."),
        ),
        key=("consent_id",),
        derive_key_from=("customer_id", "purpose", "recorded_at"),
        customer_column="customer_id",
        erase_deletes=True,
    ),
    Table(
        "competitors",
        "Competing businesses.",
        (
            _c("competitor_id", "string", "Stable id.", required=True),
            _c("name", "string", "Name.", required=True),
            _c("website", "string", "Website."),
        ),
        key=("competitor_id",),
        derive_key_from=("name",),
    ),
    Table(
        "competitor_observations",
        "What a competitor charged, and how it was rated, on a date.",
        (
            _c("observation_id", "string", "Stable id.", required=True),
            _c(
                "competitor_id",
                "string",
                "Competitor.",
                required=True,
                references=("competitors", "competitor_id"),
            ),
            _c("observed_at", "timestamp", "When observed.", required=True),
            _c("product_id", "string", "Our matching product, if any."),
            _c("competitor_product", "string", "Their product name."),
            _c("price_cents", "cents", "Their price."),
            _c("currency", "string", "ISO currency code."),
            _c("rating", "float", "Their average rating."),
            _c("review_count", "int", "Their number of reviews."),
            _c("promotion", "string", "Promotion seen, if any."),
        ),
        key=("observation_id",),
        derive_key_from=("competitor_id", "observed_at", "product_id", "competitor_product"),
    ),
    Table(
        "kpi_targets",
        "Targets the owner set for KPIs.",
        (
            _c("kpi", "string", "KPI key.", required=True),
            _c(
                "period",
                "string",
                "day, week, month, quarter or year.",
                required=True,
                choices=("day", "week", "month", "quarter", "year"),
            ),
            _c("target", "float", "Target value.", required=True),
            _c("set_at", "timestamp", "When set."),
            _c("note", "string", "Why."),
        ),
        key=("kpi", "period"),
    ),
)

TABLES = TABLES + CONTENT_TABLES + OFFER_TABLES

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """The declaration of a canonical table; raises ``KeyError`` naming the known tables."""
    try:
        return TABLES_BY_NAME[name]
    except KeyError:
        known = ", ".join(TABLES_BY_NAME)
        raise KeyError(f"unknown table {name!r}; known tables: {known}") from None
