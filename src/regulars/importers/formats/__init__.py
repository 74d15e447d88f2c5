"""Real export formats. Each module registers itself with ``regulars.importers.register``; every
module of this package is imported, so a new format is a new module and no list is edited (modules
whose name starts with ``_`` are helpers). See each module's docstring, and docs/importers.md.
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")
