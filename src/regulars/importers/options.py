"""What the user asked of one import."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ImportOptions:
    table: str
    format: str = "generic"
    #: source column -> canonical field, from ``--map SOURCE=FIELD``
    mapping: dict[str, str] = field(default_factory=dict)
    timezone: str = "UTC"
    currency: str = "USD"
