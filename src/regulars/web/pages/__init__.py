"""Dashboard pages: one module per capability (``router`` and ``NAV``)."""
