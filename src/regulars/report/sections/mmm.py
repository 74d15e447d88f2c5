"""Report section: what each channel caused and where the next dollar goes, as the Marketing mix
page shows it (``views.mmm``); empty words when no fit is saved."""

from __future__ import annotations

from regulars.report.sections import Section
from regulars.views.mmm import mmm_context

SECTION = Section("mmm", "Marketing mix: what each channel caused", 45, mmm_context)
