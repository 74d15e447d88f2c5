"""What the user asked of one import."""

from __future__ import annotations

from dataclasses import dataclass, field

from regulars.errors import InputError

DATE_ORDERS = ("day-first", "month-first")


@dataclass(frozen=True)
class Reading:
    """How the file is read, where the user says so; None: detected from the file itself."""

    encoding: str | None = None
    delimiter: str | None = None
    #: "." or ","; None: each money or number column decides from its values.
    decimal: str | None = None
    #: "day-first" or "month-first" for dates such as 03/02/2026; None: from the whole column.
    date_order: str | None = None
    #: Import the good rows and set the bad ones aside (with their reasons), rather than nothing.
    skip_invalid: bool = False
    #: Where a Markdown or HTML page is published: its headings' anchors are linked from it.
    page_url: str | None = None

    def __post_init__(self) -> None:
        if self.decimal not in (None, ".", ","):
            raise InputError(f"--decimal {self.decimal!r}: write --decimal . or --decimal ,")
        if self.date_order not in (None, *DATE_ORDERS):
            raise InputError(f"date order {self.date_order!r}: day-first or month-first")
        named = {"\\t": "\t", "tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
        if self.delimiter in named:
            object.__setattr__(self, "delimiter", named[self.delimiter])
        if self.delimiter is not None and len(self.delimiter) != 1:
            raise InputError(f"--delimiter {self.delimiter!r}: one character, such as ; or \\t")


@dataclass(frozen=True)
class ImportOptions:
    table: str
    format: str = "generic"
    #: source column -> canonical field, from ``--map SOURCE=FIELD``
    mapping: dict[str, str] = field(default_factory=dict)
    timezone: str = "UTC"
    currency: str = "USD"
    reading: Reading = field(default_factory=Reading)


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
