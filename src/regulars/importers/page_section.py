"""One heading of a FAQ or policy page (``importers.pages``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Section:
    """One heading of a page: where it is, how deep, its words, its anchor and its text."""

    line: int
    level: int
    title: str
    anchor: str | None
    text: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text)).strip()
