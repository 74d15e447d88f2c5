"""The marketing mix model as a capability: its highlight is each channel's caused revenue from
the saved fit (nothing when no fit is saved)."""

from __future__ import annotations

from regulars.services.capabilities import Capability


def _highlights(ws) -> list[str]:
    from regulars.errors import RegularsError
    from regulars.services.mmm import mmm_report

    try:
        return [c.explanation for c in mmm_report(ws).channels[:2]]
    except RegularsError:
        return []


CAPABILITY = Capability("mmm", "Marketing mix: what each channel caused", 45,
                        highlights=_highlights)  # fmt: skip
