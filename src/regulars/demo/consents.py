"""Consent per purpose over time: given at sign-up, sometimes refused, later withdrawn or
granted."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.demo import tables
from regulars.demo.clock import NEVER, Window

PURPOSES = ("analytics", "personalization", "marketing")
MARKETING = 2
GRANT_AT_SIGNUP = (0.90, 0.75, 0.65)
WITHDRAW_LATER = (0.02, 0.04, 0.06)  # of those who granted
GRANT_LATER = (0.10, 0.08, 0.10)  # of those who refused


@dataclass
class Consents:
    created: np.ndarray
    granted0: np.ndarray  # (n, 3) bool at sign-up
    change_at: np.ndarray  # (n, 3) one later flip, NEVER if none
    unsub_at: np.ndarray  # marketing withdrawn through an unsubscribe link, NEVER if not

    def marketing_ok(self, t_us: int) -> np.ndarray:
        """Who may receive marketing at ``t_us``."""
        flipped = self.change_at[:, MARKETING] <= t_us
        return (
            (self.granted0[:, MARKETING] ^ flipped)
            & (self.created <= t_us)
            & (self.unsub_at > t_us)
        )

    def unsubscribe(self, idx: np.ndarray, t_us: np.ndarray) -> None:
        self.unsub_at[idx] = np.minimum(self.unsub_at[idx], t_us)

    def table(self, customer_ids: pa.Array) -> pa.Table:
        n = len(self.created)
        cust = [np.repeat(np.arange(n), 3)]
        purpose = [np.tile(np.arange(3), n)]
        granted = [self.granted0.ravel()]
        at = [np.repeat(self.created, 3)]
        source = [np.zeros(3 * n, dtype=np.int64)]
        ci, pi = np.nonzero(self.change_at != NEVER)
        cust.append(ci), purpose.append(pi), granted.append(~self.granted0[ci, pi])
        at.append(self.change_at[ci, pi]), source.append(np.ones(len(ci), dtype=np.int64))
        ui = np.flatnonzero(self.unsub_at != NEVER)
        (
            cust.append(ui),
            purpose.append(np.full(len(ui), MARKETING)),
            granted.append(np.zeros(len(ui), bool)),
        )
        at.append(self.unsub_at[ui]), source.append(np.full(len(ui), 2))
        cust, purpose, granted, at, source = (
            np.concatenate(x) for x in (cust, purpose, granted, at, source)
        )
        order = np.lexsort((purpose, at, cust))
        return tables.build(
            "consents",
            {
                "consent_id": tables.ids("CN", len(order), 7),
                "customer_id": customer_ids.take(pa.array(cust[order])),
                "purpose": tables.pick(PURPOSES, purpose[order]),
                "granted": granted[order],
                "recorded_at": at[order],
                "source": tables.pick(
                    ("checkout", "preference centre", "unsubscribe link"), source[order]
                ),
            },
        )


def make_consents(rng: np.random.Generator, window: Window, created: np.ndarray) -> Consents:
    n = len(created)
    granted0 = rng.random((n, 3)) < np.asarray(GRANT_AT_SIGNUP)
    flip_p = np.where(granted0, np.asarray(WITHDRAW_LATER), np.asarray(GRANT_LATER))
    flips = rng.random((n, 3)) < flip_p
    span = (window.end_us - created)[:, None]
    when = created[:, None] + (rng.random((n, 3)) * span).astype(np.int64) + 1
    change_at = np.where(flips, when, NEVER)
    return Consents(created, granted0, change_at, np.full(n, NEVER, dtype=np.int64))


def latest_marketing_refused(consents: pa.Table) -> list[str]:
    """Customers whose latest marketing record is a refusal (ids sorted)."""
    m = consents.filter(pc.equal(consents["purpose"], "marketing"))
    cust = m["customer_id"].to_numpy(zero_copy_only=False)
    at = m["recorded_at"].cast(pa.int64()).to_numpy()
    granted = m["granted"].to_numpy(zero_copy_only=False)
    order = np.lexsort((at, cust))
    cust, granted = cust[order], granted[order]
    last = np.r_[cust[1:] != cust[:-1], True]
    return sorted(cust[last & ~granted].tolist())
