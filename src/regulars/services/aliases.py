"""Merges survive re-imports: a file that still names a merged customer id (an old Stripe export,
``cus_A`` merged into ``cus_B``) is read as naming the kept id. Its orders, events, consents and
feedback land on the kept customer; its customer row under the merged id is left out (the merge
already filled the kept customer from it). No cost beyond one query while nothing was merged."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from regulars.schema import TABLES_BY_NAME
from regulars.services.workspace import Workspace
from regulars.store.aliases import alias_map


def _customer_columns(name: str) -> list[str]:
    table = TABLES_BY_NAME.get(name)
    if table is None:
        return []
    return [c.name for c in table.columns if c.references == ("customers", "customer_id")] + (
        [table.customer_column] if table.customer_column and name != "customers" else []
    )


def resolve_aliases(
    ws: Workspace, tables: dict[str, pa.Table]
) -> tuple[dict[str, pa.Table], tuple[str, ...]]:
    """The file's tables with merged ids read as their kept ids, and what to say."""
    aliases = alias_map(ws.store)
    if not aliases:
        return tables, ()
    merged = pa.array(sorted(aliases), pa.string())
    kept = pa.array([aliases[a] for a in sorted(aliases)], pa.string())
    out, rewritten, left_out = {}, 0, 0
    for name, rows in tables.items():
        if name == "customers" and "customer_id" in rows.column_names:
            hit = pc.fill_null(pc.is_in(rows["customer_id"], value_set=merged), False)
            left_out += pc.sum(hit.cast(pa.int64())).as_py() or 0
            rows = rows.filter(pc.invert(hit))
        for column in dict.fromkeys(_customer_columns(name)):
            if column not in rows.column_names:
                continue
            values = rows[column].combine_chunks()
            index = pc.index_in(values, value_set=merged)
            found = pc.is_valid(index)
            rewritten += pc.sum(found.cast(pa.int64())).as_py() or 0
            new = pc.if_else(found, pc.take(kept, index), values.cast(pa.string()))
            rows = rows.set_column(rows.column_names.index(column), column, new)
        out[name] = rows
    said = []
    if rewritten:
        said.append(f"{rewritten:,} rows name a merged customer id: imported under the kept id")
    if left_out:
        said.append(f"{left_out:,} customer rows under merged ids left out (merged before)")
    return out, tuple(said)
