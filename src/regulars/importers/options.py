"""What the user asked of one import."""

from __future__ import annotations

from dataclasses import dataclass, field

from regulars.errors import InputError


@dataclass(frozen=True)
class ImportOptions:
    table: str
    format: str = "generic"
    #: source column -> canonical field, from ``--map SOURCE=FIELD``
    mapping: dict[str, str] = field(default_factory=dict)
    timezone: str = "UTC"
    currency: str = "USD"


def parse_mapping(entries: list[str]) -> dict[str, str]:
    """``["cust=customer_id", ...]`` (the ``--map`` syntax of the CLI, the API and the upload
    form)."""
    mapping = {}
    for entry in entries:
        source, sep, target = entry.partition("=")
        if not sep or not source or not target:
            raise InputError(f"--map {entry!r}: write it as SOURCE_COLUMN=FIELD")
        mapping[source] = target
    return mapping
