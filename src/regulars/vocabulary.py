"""Closed vocabularies, declared once: the command line's choices, the API's enums and the services'
checks all read them from here. Each is a ``StrEnum``, so a member is also its text ("month" ==
Period.MONTH) and serialises as it. Imports nothing heavy (the CLI reads it at start-up).
"""

from __future__ import annotations

from enum import StrEnum


class Period(StrEnum):
    """The lengths KPIs, targets, alerts and histories are counted over."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class AttributionModel(StrEnum):
    """How a campaign report credits an order to the touches before it."""

    FIRST_TOUCH = "first-touch"
    LAST_TOUCH = "last-touch"
    LINEAR = "linear"
    TIME_DECAY = "time-decay"
    POSITION_BASED = "position-based"
    MARKOV = "markov"


class Touch(StrEnum):
    """What counts as a campaign touch: a click, or an open (opens and clicks)."""

    CLICK = "click"
    OPEN = "open"


class Role(StrEnum):
    """What a person may do, weakest first: read, run analyses and import, everything."""

    VIEWER = "viewer"
    ANALYST = "analyst"
    OWNER = "owner"


PERIODS: tuple[str, ...] = tuple(p.value for p in Period)
ATTRIBUTION_MODELS: tuple[str, ...] = tuple(m.value for m in AttributionModel)
TOUCHES: tuple[str, ...] = tuple(t.value for t in Touch)
ROLES: tuple[str, ...] = tuple(r.value for r in Role)


def choose(vocabulary: type[StrEnum], value: str, what: str) -> str:
    """``value`` as the plain text of a ``vocabulary`` member, or an InputError naming ``what`` and
    the choices."""
    from regulars.errors import InputError

    try:
        return vocabulary(value).value
    except ValueError:
        choices = ", ".join(m.value for m in vocabulary)
        raise InputError(f"unknown {what} {value!r}; use one of: {choices}") from None
