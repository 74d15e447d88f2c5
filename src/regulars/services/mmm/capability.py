"""The marketing mix model as a capability: the demo fits and saves one before it analyses (so
the demo shows what each channel caused, on the page, in the report and in its highlights); its
highlight is each channel's caused revenue from the saved fit (nothing when no fit is saved)."""

from __future__ import annotations

from regulars.services.capabilities import Capability

#: Bootstrap refits of the demo's fit: enough for 90% intervals, cheap enough for the demo.
DEMO_DRAWS = 100


def _highlights(ws) -> list[str]:
    from regulars.errors import RegularsError
    from regulars.services.mmm import mmm_report

    try:
        return [c.explanation for c in mmm_report(ws).channels]
    except RegularsError:
        return []


def _prepare(ws) -> None:
    from regulars.errors import InputError
    from regulars.services.mmm import fit_mmm

    try:
        fit_mmm(ws, n_boot=DEMO_DRAWS)
    except InputError:  # too few weeks or no spend: the page says how to make one
        pass


CAPABILITY = Capability("mmm", "Marketing mix: what each channel caused", 45,
                        highlights=_highlights, prepare=_prepare)  # fmt: skip
