"""Real export formats. Each module registers itself with ``regulars.importers.register``."""
