"""A seeded demo business with planted truths: a specialty coffee roaster selling online and
wholesale.

``generate()`` builds every canonical table (see ``regulars.schema``) plus ``Truths``, the planted
facts each analysis should recover. ``generate_orders_only()`` builds customers and orders at
benchmark scale (1M customers, ~10M orders).
"""

from regulars.demo.shop import DemoShop, generate, generate_orders_only
from regulars.demo.truths import Truths

__all__ = ["DemoShop", "Truths", "generate", "generate_orders_only"]
