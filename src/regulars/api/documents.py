"""What the API answers where a service's result is not (yet) a frozen dataclass that describes
itself: its top-level fields, for the OpenAPI document (``response_model``). The routes send the
service's
own JSON (``http.answers.json_answer``), so these models document the answer and never reshape it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from regulars.services.clv.profile import CustomerPrediction
from regulars.services.kpis.views import KpiOverview
from regulars.services.overview import Headline, MonthlySales, TopProduct
from regulars.services.segments.audiences import ExportLogEntry
from regulars.services.segments.profile import CustomerSegment

Rows = list[dict]


class KpiAlerts(BaseModel):
    """KPI periods far from their usual seasonal level, newest first."""

    period: str
    alerts: Rows


class Audiences(BaseModel):
    """Saved audiences with live counts, and the fields a rule may use (kind and description)."""

    audiences: Rows
    fields: dict[str, dict[str, str]]


class AudienceWithExports(BaseModel):
    """One audience counted now, with its export log."""

    name: str
    rule: str
    description: str | None
    conditions: Rows
    created_at: str
    updated_at: str
    customers: int
    marketable: int
    exports: list[ExportLogEntry]


class SavedModels(BaseModel):
    """The saved CLV models, newest first."""

    models: Rows


class SavedValidation(BaseModel):
    """The last saved holdout validation, or null."""

    validation: dict | None


class Cohorts(BaseModel):
    """First-purchase-month cohorts: retention and revenue per customer by age."""

    definition: str
    cohorts: Rows


class Competitors(BaseModel):
    """Competitor price index, rating and review gaps, promotions seen."""

    our_rating: float | None
    our_review_count: int
    competitors: Rows
    method: str


class CustomerProfile(BaseModel):
    """A customer: details, sale orders' summary, recent orders, consents, feedback, predictions,
    segment."""

    customer: dict
    summary: dict
    recent_orders: Rows
    consents: dict[str, dict]
    feedback: Rows
    predictions: CustomerPrediction
    segment: CustomerSegment


class CustomerExport(BaseModel):
    """Everything held about one customer: their rows, by table."""

    customer_id: str
    exported_at: str
    records: dict[str, Rows]
    consent_history: Rows = []
    derived: dict[str, Any] = {}
    audit: Rows = []


class ExperimentAnalysis(BaseModel):
    """Effects with intervals, the sample-ratio check, guardrails and a verdict."""

    experiment: str
    source: str
    control: str
    arms: Rows
    srm: dict | None
    comparisons: Rows
    guardrails: Rows
    verdicts: Rows
    verdict: dict | None
    warnings: list[str]
    correction: str
    alpha: float
    notes: dict


class Improvements(BaseModel):
    """KPIs worse than target, benchmark or trend, ranked by money a month."""

    month: str | None
    areas: Rows


class KpiReport(BaseModel):
    """Every KPI for one period with a comparison, change, verdict and sparkline."""

    period: str
    period_label: str | None
    period_start: str | None
    compare: str
    vertical: str
    kpis: Rows


class KpiHistory(BaseModel):
    """One KPI per period: value and the sample it rests on."""

    period: str
    key: str
    label: str
    unit: str
    missing_data: str | None
    points: Rows


class Overview(BaseModel):
    """Headline numbers, monthly sales, top products, warnings and the KPI tiles."""

    headline: Headline
    months: list[MonthlySales]
    top_products: list[TopProduct]
    warnings: list[str]
    kpis: KpiOverview


class MovementCell(BaseModel):
    from_segment: str
    to_segment: str
    customers: list[str]


class Movement(BaseModel):
    """Customers per (segment at start, segment at end); with from and to segments, that cell's
    customers."""

    start: str
    end: str
    from_segments: list[str]
    to_segments: list[str]
    cells: Rows
    rows: Rows
    cell: MovementCell | None = Field(None, description="Only with from_segment and to_segment")


class Personas(BaseModel):
    """Personas: k and how it was chosen, stability, one card per persona."""

    customers: int
    k: int
    criterion: str
    criterion_by_k: dict[str, float | None]
    stability_ari: float | None
    stability_runs: list[float]
    stable: bool
    stability_note: str
    sample_size: int
    features: list[str]
    cards: Rows


class Rfm(BaseModel):
    """RFM segments: size, share of customers and revenue, average order; what each score covers."""

    as_of: str
    customers: int
    revenue_cents: int
    segments: Rows
    score_ranges: Rows
