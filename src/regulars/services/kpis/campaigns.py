"""Per-campaign results from the platform-reported totals: CTR, conversion, ROAS and ROI."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from regulars.services.workspace import Workspace


@dataclass(frozen=True)
class CampaignResult:
    campaign_id: str
    name: str
    channel: str
    started_at: str
    click_through_rate: (
        float | None
    )  # clicks / delivered (email) or clicks / impressions (ads and others)
    open_rate: float | None  # opens / delivered (email)
    conversion_rate: float | None  # conversions / clicks
    roas: float | None  # revenue / spend
    roi: float | None  # (revenue - spend) / spend

    def to_dict(self) -> dict:
        return asdict(self)


def _div(a, b) -> float | None:
    return None if a is None or not b else a / b


def campaign_results(ws: Workspace) -> list[CampaignResult]:
    c = ws.store.table("campaigns")
    rows = ws.store.to_arrow(c.order_by("started_at")).to_pylist()
    out = []
    for r in rows:
        delivered = r["delivered"] if r["delivered"] is not None else r["recipients"]
        base = delivered if r["channel"] == "email" else r["impressions"]
        spend = r["spend_cents"]
        out.append(
            CampaignResult(
                r["campaign_id"],
                r["name"],
                r["channel"],
                r["started_at"].isoformat(),
                _div(r["clicks"], base),
                _div(r["opens"], delivered) if r["channel"] == "email" else None,
                _div(r["conversions"], r["clicks"]),
                _div(r["revenue_cents"], spend),
                None
                if r["revenue_cents"] is None or not spend
                else (r["revenue_cents"] - spend) / spend,
            )
        )
    return out
