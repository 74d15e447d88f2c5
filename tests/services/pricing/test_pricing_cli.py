"""The pricing and offers commands through the real CLI app on the planted-elasticity shop; each
answer checked against the service (sqlite-utils style: the command is a loop around the call)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from regulars.cli import app
from regulars.services import offers, pricing, proposals


def cli(*args: str, ws, code: int = 0):
    where = ["-w", str(ws.path)] + (["--database", ws.settings.database]
                                    if ws.settings.database else [])  # fmt: skip
    result = CliRunner().invoke(app, [*args, "--json", *where], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return json.loads(result.stdout) if code == 0 else result.output


def test_pricing_commands(priced_shop, tmp_path):
    ws, _ = priced_shop
    e = cli("pricing", "elasticity", ws=ws)
    assert e["explanation"] == pricing.elasticities(ws).explanation
    s = cli("pricing", "suggest", "beans-002", "--competitor", "beans-002=1010", "--min-days",
            "0", ws=ws)  # fmt: skip
    got = s["suggestions"][0]
    assert 909 <= got["price_cents"] <= 1111  # inside the 10% band around 1010
    t = cli("pricing", "test", "tea-001", "--step", "0.1", ws=ws)
    assert t["arms_cents"] == [900, 1000, 1100]
    p = cli("pricing", "suggest", "beans-003", "--min-days", "0", "--propose", ws=ws)
    assert proposals.get_proposal(ws, p["proposal_id"]).action_type == "price_change"
    assert "PRODUCT=PRICE" in cli("pricing", "suggest", "--competitor", "beans-003", ws=ws, code=65)


def test_offers_commands(priced_shop, tmp_path):
    ws, _ = priced_shop
    plan = cli("offers", "plan", "--holdout", "0.2", ws=ws)
    assert "assignments" not in plan and plan["offered"] <= 30
    audit = cli("offers", "audit", ws=ws)
    assert audit["explanation"] == offers.offer_plan(ws).audit.explanation
    lines = ["customer_id,offer,propensity,margin_cents"]
    lines += [f"C{i:02d},{offers.KEYS[i % 6]},0.166667,{(i % 3) * 500}" for i in range(60)]
    (tmp_path / "log.csv").write_text("\n".join(lines) + "\n")
    v = cli("offers", "evaluate", str(tmp_path / "log.csv"), ws=ws)
    assert v["customers"] == 60 and "doubly robust" in v["explanation"]
    p = cli("offers", "plan", "--log", str(tmp_path / "log.csv"), "--propose", ws=ws)
    assert proposals.get_proposal(ws, p["proposal_id"]).action_type == "offer_campaign"
