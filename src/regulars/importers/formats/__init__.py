"""Real export formats. Each module registers itself with ``regulars.importers.register``.

shopify-orders, shopify-customers, stripe-payments, stripe-customers, mailchimp-campaigns,
hubspot-deals, google-reviews: see each module's docstring for its mapping decisions.
"""

from regulars.importers.formats import (  # noqa: F401
    google_reviews,
    hubspot,
    mailchimp,
    shopify,
    stripe,
)
