"""The audience rule language: conditions joined by AND, parsed without eval and compiled to an Ibis
filter.

Text form:  segment = "At risk" AND spend > 200 AND days_since_email_open <= 90
JSON form:  [{"field": "segment", "op": "=", "value": "At risk"}, {"field": "spend", "op": ">",
"value": 200}]

Operators: = != > >= < <= in, not in (a [list]), contains (text, case-insensitive).
"""

from __future__ import annotations

import json
import operator
import re
from dataclasses import asdict, dataclass

import ibis

from regulars.errors import InputError

OPERATORS = ("=", "!=", ">", ">=", "<", "<=", "in", "not in", "contains")
_TOKEN = re.compile(
    r"""\s*(?:(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?P<number>-?\d+(?:\.\d+)?)
    |(?P<op>>=|<=|!=|=|>|<)|(?P<punct>[\[\],])|(?P<word>[A-Za-z_][A-Za-z0-9_]*))""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: str | float | int | tuple

    def to_dict(self) -> dict:
        d = asdict(self)
        d["value"] = list(self.value) if isinstance(self.value, tuple) else self.value
        return d

    def __str__(self) -> str:
        def show(v):
            return json.dumps(v) if isinstance(v, str) else repr(v)

        value = (
            "[" + ", ".join(show(v) for v in self.value) + "]"
            if isinstance(self.value, tuple)
            else show(self.value)
        )
        return f"{self.field} {self.op} {value}"


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise InputError(f"rule: cannot read {text[pos : pos + 20]!r} (at character {pos + 1})")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


def _value(tokens: list[tuple[str, str]], i: int) -> tuple[object, int]:
    kind, text = tokens[i] if i < len(tokens) else ("end", "")
    if kind == "string":
        return json.loads('"' + text[1:-1].replace('"', '\\"').replace("\\'", "'") + '"') if text[
            0
        ] == "'" else json.loads(text), i + 1
    if kind == "number":
        return (float(text) if "." in text else int(text)), i + 1
    if kind == "word" and text.lower() in ("true", "false"):
        return text.lower() == "true", i + 1
    if (kind, text) == ("punct", "["):
        items, i = [], i + 1
        while i < len(tokens) and tokens[i][1] != "]":
            item, i = _value(tokens, i)
            items.append(item)
            if i < len(tokens) and tokens[i][1] == ",":
                i += 1
        if i >= len(tokens):
            raise InputError("rule: a list is missing its closing ]")
        return tuple(items), i + 1
    raise InputError(
        f'rule: expected a value (number, "text" or [list]), found {text or "the end"!r}'
    )


def _condition(tokens: list[tuple[str, str]], i: int) -> tuple[Condition, int]:
    if i >= len(tokens) or tokens[i][0] != "word":
        raise InputError("rule: expected a field name")
    field, i = tokens[i][1], i + 1
    kind, text = tokens[i] if i < len(tokens) else ("end", "")
    if kind == "op":
        op, i = text, i + 1
    elif kind == "word" and text.lower() in ("in", "contains"):
        op, i = text.lower(), i + 1
    elif (
        kind == "word"
        and text.lower() == "not"
        and i + 1 < len(tokens)
        and tokens[i + 1][1].lower() == "in"
    ):
        op, i = "not in", i + 2
    else:
        raise InputError(
            f"rule: after {field!r} expected an operator ({', '.join(OPERATORS)}), found "
            f"{text or 'the end'!r}"
        )
    value, i = _value(tokens, i)
    return Condition(field, op, value), i


def parse_rule(rule: str) -> list[Condition]:
    """Conditions of a rule in the text or the JSON form (nothing is evaluated)."""
    if not rule or not rule.strip():
        raise InputError('rule: empty; e.g. segment = "At risk" AND spend > 200')
    if rule.lstrip().startswith("["):
        return _parse_json(rule)
    tokens, i, conditions = _tokens(rule), 0, []
    while True:
        condition, i = _condition(tokens, i)
        conditions.append(condition)
        if i >= len(tokens):
            return conditions
        if tokens[i][0] != "word" or tokens[i][1].lower() != "and":
            raise InputError(
                f"rule: expected AND between conditions, found {tokens[i][1]!r} (only AND is "
                "supported)"
            )
        i += 1


def _parse_json(rule: str) -> list[Condition]:
    try:
        items = json.loads(rule)
    except json.JSONDecodeError as exc:
        raise InputError(f"rule: invalid JSON: {exc}") from None
    conditions = []
    for item in items:
        if not isinstance(item, dict) or set(item) != {"field", "op", "value"}:
            raise InputError("rule: each JSON condition needs exactly field, op and value")
        value = tuple(item["value"]) if isinstance(item["value"], list) else item["value"]
        conditions.append(Condition(str(item["field"]), str(item["op"]).lower(), value))
    if not conditions:
        raise InputError("rule: the JSON list has no conditions")
    return conditions


def _check(condition: Condition, kind: str, choices: tuple[str, ...] | None) -> Condition:
    if condition.op not in OPERATORS:
        raise InputError(
            f"rule: unknown operator {condition.op!r}; operators: {', '.join(OPERATORS)}"
        )
    values = condition.value if isinstance(condition.value, tuple) else (condition.value,)
    if (condition.op in ("in", "not in")) != isinstance(condition.value, tuple):
        raise InputError(f"rule: {condition}: use a [list] with in / not in, and only there")
    if kind == "number" and (
        condition.op == "contains"
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
    ):
        raise InputError(f"rule: {condition.field} is a number: compare it with a number")
    if kind == "text" and (
        condition.op in (">", ">=", "<", "<=") or not all(isinstance(v, str) for v in values)
    ):
        raise InputError(
            f'rule: {condition.field} is text: use =, !=, in, not in or contains with "text"'
        )
    if choices and condition.op != "contains":
        canonical = {c.lower(): c for c in choices}
        unknown = [v for v in values if v.lower() not in canonical]
        if unknown:
            raise InputError(
                f"rule: {condition.field} has no value {unknown[0]!r}; values: {', '.join(choices)}"
            )
        fixed = tuple(canonical[v.lower()] for v in values)
        return Condition(
            condition.field, condition.op, fixed if isinstance(condition.value, tuple) else fixed[0]
        )
    return condition


def compile_rule(
    conditions: list[Condition],
    table: ibis.Table,
    kinds: dict[str, str],
    choices: dict[str, tuple[str, ...]],
) -> ibis.Table:
    """``table`` filtered by every condition; fields must be in ``kinds`` (name -> number or
    text)."""
    predicates = []
    for condition in conditions:
        if condition.field not in kinds:
            raise InputError(
                f"rule: unknown field {condition.field!r}; fields: {', '.join(sorted(kinds))}"
            )
        c = _check(condition, kinds[condition.field], choices.get(condition.field))
        predicates.append(_predicate(table[c.field], c.op, c.value))
    return table.filter(*predicates)


_COMPARE = {
    "=": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}


def _predicate(col: ibis.Column, op: str, value) -> ibis.BooleanColumn:
    if op in _COMPARE:
        return _COMPARE[op](col, value)
    if op == "in":
        return col.isin(list(value))
    if op == "not in":
        return ~col.isin(list(value))
    return col.lower().contains(str(value).lower())
