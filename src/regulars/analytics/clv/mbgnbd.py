"""MBG/NBD: the modified BG/NBD model of Batislam, Denizel & Filiztekin (2007).

"Empirical validation and comparison of models for customer base analysis", International Journal
of Research in Marketing 24(3). Same as BG/NBD except that a customer may also drop out right after
the *first* purchase, so a customer with no repeat purchase is not assumed to be active. The
algebra is the BG/NBD algebra shifted by one purchase (``shift = 1`` in :mod:`.bgnbd`).
"""

from __future__ import annotations

from regulars.analytics.clv.bgnbd import BetaGeoModel


class ModifiedBetaGeoModel(BetaGeoModel):
    """MBG/NBD model. Parameters r, alpha (purchase rate), a, b (dropout, including at purchase
    1)."""

    model_name = "MBG/NBD"
    _shift = 1
