"""Pure computation, one module or package per capability.

Typed tables, arrays or sufficient statistics in; frozen result dataclasses (with a plain-words
explanation) out. Nothing here imports the store, the services or an adapter (a test enforces it).
"""
