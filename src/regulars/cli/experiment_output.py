"""How ``regulars experiment plan`` and ``analyze`` print without --json (numbers through
``services.experiments.display``: rates in points, lifts in %, money in the currency). The
services are imported when a command prints, never when the CLI loads."""

from __future__ import annotations

from regulars.cli import out


def _unit(plan: dict) -> str:
    """A rate's effect in points; a mean's as a plain number (its unit is the user's)."""
    return "rate" if plan["metric"] == "proportion" else "number"


def print_plan(r: dict) -> None:
    from regulars.services.experiments.display import change_text

    d = r.get("design")
    if d:
        days = f", about {d['days']} days at {r['daily_traffic']:g} a day" if d.get("days") else ""
        lift = "" if d.get("relative_mde") is None else f" ({d['relative_mde'] * 100:+.1f}%)"
        effect = change_text(_unit(r), "absolute", d["absolute_mde"])
        out.print(
            f"{d['per_arm']:,} per arm, {d['total']:,} in all{days} to detect "
            f"{effect}{lift} with {r['power']:.0%} power at alpha {r['alpha']:g}."
        )
        out.print(f"Formula: {d['formula']}")
        if "threshold" in d:
            out.print(
                f"Stop when treatment minus control conversions reaches {d['threshold']:,} "
                f"(treatment wins), or when they add up to {d['conversions']:,} (no winner)."
            )
        out.print(
            f"Sequential looks: store N* = {d['total']:,} with the experiment "
            f"(regulars experiment create NAME --planned-sample-size {d['total']})."
        )
    g = r.get("given_sample")
    if g:
        line = f"With {g['per_arm']:,.0f} per arm the smallest detectable effect is " + (
            "none"
            if g["detectable_absolute"] is None
            else change_text(_unit(r), "absolute", g["detectable_absolute"])
        )
        line += (
            f" ({g['detectable_relative'] * 100:+.1f}%)"
            if g.get("detectable_relative") is not None
            else ""
        )
        out.print(
            line
            + (
                f"; power for the given MDE: {g['power_for_mde']:.0%}."
                if "power_for_mde" in g
                else "."
            )
        )


def print_analysis(a, currency: str = "USD") -> None:
    from rich.table import Table as RichTable

    from regulars.services.experiments.display import comparison_texts, interval_text, value_text

    out.print(f"[bold]{a.experiment}[/]: {a.verdict['headline']}")
    level = f"{1 - a.alpha:.0%}"
    grid = RichTable()
    headings = ("arm", "metric", "control", "arm value", "effect", f"{level} interval")
    for heading in (*headings, "lift", "p (adj.)", "chance to win"):
        grid.add_column(heading)
    for c in a.comparisons:
        shown = comparison_texts(c, currency)
        grid.add_row(
            c.arm,
            c.metric + (" (guardrail)" if c.guardrail else ""),
            value_text(c.unit, c.control_mean, currency),
            value_text(c.unit, c.treatment_mean, currency),
            shown["effect"] or (c.error or ""),
            shown["interval"],
            shown["lift"],
            f"{c.adjusted_p:.3g}",
            "" if c.chance_to_win is None else f"{c.chance_to_win:.0%}",
        )
    out.print(grid)
    out.print(f"Effects on the {a.notes['scale']} scale: {a.notes['effect']}.")
    for arm in a.arms:
        for metric, iv in arm["intervals"].items():
            out.print(
                f"{arm['arm']} {metric}: Wilson {interval_text('rate', iv['wilson'])}; "
                f"Beta posterior {interval_text('rate', iv['credible'])}"
            )
    out.print(a.srm["message"])
    for w in a.warnings:
        out.print(f"[yellow]warning:[/] {w}")
