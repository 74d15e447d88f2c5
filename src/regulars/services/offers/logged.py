"""The imported offer test (``offer_log``) in one answer, as the Pricing & offers page, the report
and ``GET /api/v1/offers/logged`` show it: what each offer and each campaign added against its
holdout, and the off-policy value of the learned policy on the same log."""

from __future__ import annotations

from dataclasses import dataclass

from regulars.analytics.offers import PolicyValue
from regulars.errors import InputError, NotFoundError
from regulars.services.cache import cached
from regulars.services.offers import evaluate_log
from regulars.services.offers.holdout import (
    NO_LOG,
    LoggedIncrementality,
    logged_incrementality,
    logged_rows,
)
from regulars.services.workspace import Workspace


@dataclass(frozen=True)
class LoggedOfferTest:
    incrementality: LoggedIncrementality
    #: Would the learned policy have beaten the logged one (None: see ``policy_note``).
    policy: PolicyValue | None
    policy_note: str | None


@cached
def logged_offer_test(ws: Workspace) -> LoggedOfferTest:
    """Raises ``NotFoundError`` (saying to import one) when no offer log was imported."""
    found = logged_incrementality(ws)
    if found is None:
        raise NotFoundError(NO_LOG)
    try:
        return LoggedOfferTest(found, evaluate_log(ws, logged_rows(ws)), None)
    except InputError as exc:  # e.g. no logged customer has orders to group them by
        return LoggedOfferTest(found, None, f"no off-policy evaluation: {exc}")
