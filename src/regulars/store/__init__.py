"""The only code that touches a database: Ibis connections, migrations, transactional writes."""

from regulars.store.connection import Store
from regulars.store.writer import ImportRecord, WriteCounts, write_import

__all__ = ["ImportRecord", "Store", "WriteCounts", "write_import"]
