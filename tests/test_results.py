"""``plain``: a service's frozen dataclass serialises exactly as the dictionary it replaced."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pydantic_core

from regulars.results import plain


class Colour(enum.StrEnum):
    RED = "red"


@dataclass(frozen=True, slots=True)
class Line:
    sku: str
    when: date


@dataclass(frozen=True, slots=True)
class Basket:
    total_cents: int
    colour: Colour
    lines: tuple[Line, ...]
    extra: dict
    seen: datetime | None = None


def test_a_dataclass_becomes_the_dict_it_stands_for_in_field_order():
    basket = Basket(
        250,
        Colour.RED,
        (Line("a", date(2024, 1, 2)),),
        {"k": (1, 2)},
        datetime(2024, 1, 2, 3, 4, tzinfo=UTC),
    )
    as_dict = {
        "total_cents": 250,
        "colour": "red",
        "lines": [{"sku": "a", "when": date(2024, 1, 2)}],
        "extra": {"k": [1, 2]},
        "seen": datetime(2024, 1, 2, 3, 4, tzinfo=UTC),
    }
    assert plain(basket) == as_dict
    assert list(plain(basket)) == list(as_dict)
    assert json.dumps(plain(basket), default=str) == json.dumps(
        as_dict, default=str
    )  # the CLI's --json
    assert pydantic_core.to_json(plain(basket)) == pydantic_core.to_json(
        as_dict
    )  # the API's answer


def test_plain_values_pass_through_and_dicts_are_walked():
    assert plain({"a": [Line("x", date(2020, 5, 6))], Colour.RED: None, "n": 1.5}) == {
        "a": [{"sku": "x", "when": date(2020, 5, 6)}],
        "red": None,
        "n": 1.5,
    }
    assert plain("text") == "text" and plain(None) is None and plain(Line) is Line
