"""Several currencies in one shop: each order keeps its own; sums never mix them.

Money the shop reports (revenue, average order, lifetime value...) is in the workspace currency.
An order in another currency counts there only with a rate the owner gave: one unit of that
currency is ``rate`` units of the workspace currency (``regulars currency rate EUR 1.08``, or a
rates file). Orders in a currency without a rate are left out of those sums, and
``currency_mix`` (the overview, ``regulars currency show``) shows each currency apart and says
why. Rates live in the workspace folder (``currency_rates.toml``); setting them moves the data
version, so every cached result is recomputed.

The workspace currency itself comes from ``regulars.toml`` (or ``REGULARS_CURRENCY``); when
neither names one, the first import that brings orders sets it from the data (a GBP shop shows £).
"""

from __future__ import annotations

import csv
import tomllib
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import ibis

from regulars.errors import InputError
from regulars.services.workspace import Workspace
from regulars.settings import SETTINGS_FILE, currency_is_set
from regulars.units import minor_units, money

RATES_FILE = "currency_rates.toml"
#: The money columns of the orders table converted into the workspace currency.
MONEY_COLUMNS = ("total_cents", "subtotal_cents", "shipping_cents", "tax_cents", "discount_cents")


@dataclass(frozen=True)
class CurrencyTotal:
    """Sale orders in one currency: how many, their sum in that currency, and in the shop's."""

    currency: str
    orders: int
    total_cents: int
    total: str
    rate: float | None
    converted_cents: int | None
    counted: bool


@dataclass(frozen=True)
class CurrencyMix:
    """The workspace currency, each currency's orders, and what is left out of sums and why."""

    currency: str
    currencies: tuple[CurrencyTotal, ...]
    left_out: tuple[str, ...]
    explanation: str


def rates(ws: Workspace) -> dict[str, float]:
    """Currency -> rate into the workspace currency (the workspace currency itself is 1)."""
    path = ws.path / RATES_FILE
    found: dict[str, float] = {}
    if path.exists():
        found = {k.upper(): float(v) for k, v in _read_toml(path).get("rates", {}).items()}
    found[ws.settings.currency] = 1.0
    return found


def set_rates(ws: Workspace, given: dict[str, float]) -> dict[str, float]:
    """Add or change rates (``{"EUR": 1.08}``); returns every rate now known."""
    clean = {_code(c): _positive(c, r) for c, r in given.items()}
    known = {k: v for k, v in rates(ws).items() if k != ws.settings.currency}
    known.update({k: v for k, v in clean.items() if k != ws.settings.currency})
    ws.path.mkdir(parents=True, exist_ok=True)
    lines = ["# 1 unit of each currency in the workspace currency", "[rates]"]
    lines += [f"{code} = {rate!r}" for code, rate in sorted(known.items())]
    (ws.path / RATES_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with ws.store.transaction():  # moves the data version: cached sums are recomputed
        pass
    return rates(ws)


def read_rates_file(path: Path | str) -> dict[str, float]:
    """A rates file: CSV with ``currency,rate`` columns, or TOML with a ``[rates]`` table."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.suffix.lower() == ".toml":
        return {k: _positive(k, v) for k, v in _read_toml(path).get("rates", {}).items()}
    out: dict[str, float] = {}
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        names = {n.strip().lower(): n for n in reader.fieldnames or []}
        if "currency" not in names or "rate" not in names:
            raise InputError(f"{path.name}: line 1: a rates file needs columns currency,rate")
        for line, row in enumerate(reader, start=2):
            code, rate = row[names["currency"]], row[names["rate"]]
            try:
                out[_code(code)] = _positive(code, rate)
            except InputError as exc:
                raise InputError(f"{path.name}: line {line}: {exc}") from exc
    return out


def in_shop_currency(
    ws: Workspace, o: ibis.Table, columns: tuple[str, ...] = MONEY_COLUMNS
) -> ibis.Table:
    """Rows (orders, refunds) in currencies with a rate, their money ``columns`` in minor units
    of the workspace currency (the others left out: ``currency_mix`` says which)."""
    return convert(o, money_rule(ws), columns)


def money_rule(ws: Workspace) -> tuple[str, tuple[tuple[str, float], ...]]:
    """The workspace currency and every rate, hashable: what ``convert`` needs, for queries that
    are built from the store alone (``Store.lookup``, the KPI scope)."""
    return ws.settings.currency, tuple(sorted(rates(ws).items()))


def convert(
    o: ibis.Table,
    rule: tuple[str, tuple[tuple[str, float], ...]],
    columns: tuple[str, ...] = MONEY_COLUMNS,
) -> ibis.Table:
    """``in_shop_currency`` with the rule (``money_rule``) given."""
    shop, known = rule[0], dict(rule[1])
    known.setdefault(shop, 1.0)
    foreign = {c: r for c, r in known.items() if c != shop}
    if not foreign:
        return o.filter(o.currency.isnull() | (o.currency == shop))
    o = o.filter(o.currency.isnull() | o.currency.isin(list(known)))
    factor = ibis.cases(
        *[(o.currency == c, _factor(c, r, shop)) for c, r in foreign.items()], else_=1.0
    )
    converted = {
        name: (o[name] * factor).round().cast("int64") for name in columns if name in o.columns
    }
    return o.mutate(**converted)


def to_shop_factor(
    currency: ibis.Value, rule: tuple[str, tuple[tuple[str, float], ...]]
) -> tuple[ibis.Value, ibis.Value]:
    """(factor, known) for a currency column: the factor turns its minor units into the
    workspace currency's (1.0 for the workspace currency or none); ``known`` is false where the
    owner gave no rate (such amounts are left out, never added in)."""
    shop, known = rule[0], dict(rule[1])
    known.setdefault(shop, 1.0)
    foreign = {c: r for c, r in known.items() if c != shop}
    factor = ibis.cases(
        *[(currency == c, _factor(c, r, shop)) for c, r in foreign.items()], else_=1.0
    ) if foreign else ibis.literal(1.0)  # fmt: skip
    return factor, currency.isnull() | currency.isin(list(known))


def currency_mix(ws: Workspace) -> CurrencyMix:
    """Sale orders per currency, and which currencies the shop's sums leave out."""
    from regulars.services.sales import is_sale

    o = ws.store.table("orders")
    o = o.filter(is_sale(o.status))
    per = o.group_by("currency").aggregate(orders=o.count(), total_cents=o.total_cents.sum())
    rows = sorted(ws.store.to_arrow(per).to_pylist(), key=lambda r: -r["orders"])
    known, shop = rates(ws), ws.settings.currency
    totals = tuple(_total(r, known.get(r["currency"]), shop) for r in rows)
    left_out = tuple(t.currency for t in totals if not t.counted)
    return CurrencyMix(shop, totals, left_out, _explain(shop, totals, left_out))


def adopt_currency(ws: Workspace, found: list[str]) -> str | None:
    """On the first import with orders, when no currency is set: the most common currency of the
    file becomes the workspace currency (written to ``regulars.toml``). Returns it, or None."""
    if not any(found) or currency_is_set(ws.path):
        return None
    chosen = Counter(c for c in found if c).most_common(1)[0][0]  # a tie: the first in the file
    path = ws.path / SETTINGS_FILE
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    text = "".join(line for line in text.splitlines(True) if not line.startswith("# currency"))
    path.write_text(text + f'currency = "{chosen}"\n', encoding="utf-8")
    ws.settings = replace(ws.settings, currency=chosen)
    return chosen


def _total(row: dict, rate: float | None, shop: str) -> CurrencyTotal:
    code, cents = row["currency"], int(row["total_cents"] or 0)
    converted = None if rate is None else round(cents * _factor(code, rate, shop))
    return CurrencyTotal(
        code, int(row["orders"]), cents, money(cents, code), rate, converted, rate is not None
    )


def _explain(shop: str, totals: tuple[CurrencyTotal, ...], left_out: tuple[str, ...]) -> str:
    if not left_out:
        others = [t.currency for t in totals if t.currency != shop]
        if not others:
            return f"All sales are in {shop}."
        return f"Sales in {', '.join(others)} are counted in {shop} at the rates you gave."
    parts = ", ".join(
        f"{t.orders} orders in {t.currency} ({t.total})" for t in totals if not t.counted
    )
    return (
        f"Sums are in {shop}; {parts} are left out because different currencies are never added "
        f"together. Give a rate to count them: regulars currency rate {left_out[0]} RATE."
    )


def _factor(code: str, rate: float, shop: str) -> float:
    return rate * 10.0 ** (minor_units(shop) - minor_units(code))


def _code(value: str) -> str:
    code = str(value).strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise InputError(f"{value!r} is not a 3-letter ISO currency code")
    from babel.numbers import is_currency

    if not is_currency(code):
        raise InputError(f"{code} is not an ISO 4217 currency")
    return code


def _positive(code: str, value) -> float:
    try:
        rate = float(str(value).strip().replace(",", "."))
    except ValueError as exc:
        raise InputError(f"rate for {code}: {value!r} is not a number") from exc
    if not rate > 0:
        raise InputError(f"rate for {code}: must be above 0, not {value!r}")
    return rate


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a valid rates file: {exc}") from exc
