"""The shape of a table's declaration: ``regulars.schema`` declares every table with these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["string", "int", "cents", "float", "bool", "timestamp", "date"]


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    description: str
    required: bool = False
    #: Personal data: removed when the customer is erased.
    personal: bool = False
    #: (table, column) this column refers to; checked on import.
    references: tuple[str, str] | None = None
    #: Allowed values, when the column is an enumeration.
    choices: tuple[str, ...] | None = None
    #: A secret's digest (a password hash, an API key's or a session's digest): never exported.
    secret: bool = False
    #: Free text that may quote a customer's id or email (an audience rule): erasure replaces them.
    quotes_customers: bool = False
    #: (low, high]: a number must lie above low and at most at high (a probability: (0, 1)).
    bounds: tuple[float, float] | None = None


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    #: The primary key: the natural key that makes a re-import an update, not a new row.
    key: tuple[str, ...]
    #: When a file has no key value, the key is derived from these columns (stable hash).
    derive_key_from: tuple[str, ...] = ()
    #: The column that links a row to a customer (for export and erasure), if any.
    customer_column: str | None = None
    #: On erasure: delete the customer's rows (True), or keep them anonymised for aggregates.
    erase_deletes: bool = False
    _by_name: dict[str, Column] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_name.update({c.name: c for c in self.columns})

    def column(self, name: str) -> Column:
        return self._by_name[name]

    def has(self, name: str) -> bool:
        return name in self._by_name

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def personal_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.personal)

    @property
    def exported_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if not c.secret)
