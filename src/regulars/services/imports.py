"""Importing a file: read and validate (importers), check references (store), write (store)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.errors import InputError
from regulars.importers import ImportBatch, ImportOptions, read_import
from regulars.importers.options import Reading
from regulars.importers.problems import ProblemLog, write_rejected
from regulars.schema import TABLES_BY_NAME
from regulars.services import rejected as rejected_rows
from regulars.services.currencies import adopt_currency
from regulars.services.workspace import Workspace
from regulars.settings import currency_is_set
from regulars.store import ImportRecord, WriteCounts, write_import


@dataclass(frozen=True)
class ImportReport:
    file: str
    table: str
    format: str
    rows_in_file: int
    dry_run: bool
    counts: dict[str, WriteCounts]
    warnings: tuple[str, ...] = field(default_factory=tuple)
    #: ``--skip-invalid``: rows set aside, and the file beside the input that lists them.
    rejected: int = 0
    rejected_file: str | None = None
    #: An upload's rejected rows, kept in the workspace (``services.rejected``) under this id.
    rejected_id: str | None = None

    @property
    def total(self) -> WriteCounts:
        return sum(self.counts.values(), WriteCounts())

    def to_dict(self) -> dict:
        out = asdict(self)
        out["counts"] = {k: asdict(v) for k, v in self.counts.items()}
        out["warnings"] = list(self.warnings)
        return out

    def summary(self) -> str:
        t = self.total
        verb = "would add" if self.dry_run else "added"
        aside = f"; set aside {self.rejected} rows with problems" if self.rejected else ""
        if self.rejected_id:
            aside += f" (kept for download as rejected rows {self.rejected_id})"
        return (
            f"{self.file}: {self.rows_in_file} rows; {verb} {t.created}, "
            f"updated {t.updated}, unchanged {t.unchanged}{aside}"
        )


#: What an import does, in order (said to ``progress``).
IMPORT_STEPS = (
    "Reading and checking {file}",
    "Checking what {rows:,} rows refer to",
    "Writing {rows:,} rows",
)


def import_file(
    ws: Workspace,
    table: str,
    path: Path | str,
    *,
    format: str = "generic",
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    reading: Reading | None = None,
    progress: Callable[[str], None] | None = None,
    keep_rejected: bool = False,
) -> ImportReport:
    """Read, check and write one file; ``progress`` is told each of ``IMPORT_STEPS`` as it
    starts. ``keep_rejected`` (uploads): rejected rows go to the workspace's ``rejected/`` folder
    under an id rather than beside the file."""
    say = progress or (lambda message: None)
    if table not in TABLES_BY_NAME:
        raise InputError(f"unknown table {table!r}; tables: {', '.join(TABLES_BY_NAME)}")
    reading = reading or Reading()
    if reading.date_order is None and ws.settings.date_order:
        reading = replace(reading, date_order=ws.settings.date_order)
    options = ImportOptions(
        table, format, dict(mapping or {}), ws.settings.timezone, ws.settings.currency, reading
    )
    say(IMPORT_STEPS[0].format(file=Path(path).name))
    batch, suppressed = _without_suppressed(ws, read_import(path, options))
    say(IMPORT_STEPS[1].format(rows=batch.rows_in_file))
    stubs, warnings = check_references(ws, batch)
    warnings = suppressed + warnings
    first = not dry_run and "orders" in batch.tables and _no_currency_yet(ws)
    say(IMPORT_STEPS[2].format(rows=batch.rows_in_file))
    record = ImportRecord(
        uuid.uuid4().hex, table, batch.file, batch.sha256, batch.format, batch.rows_in_file
    )
    counts = write_import(
        ws.store, record, batch.tables, stubs, dry_run=dry_run, fill_only=batch.fill_only
    )
    if first and (chosen := adopt_currency(ws, batch.tables["orders"]["currency"].to_pylist())):
        warnings += (f"workspace currency set to {chosen} from the file (regulars.toml)",)
    rejected = batch.rejected
    rejected_file = rejected_id = None
    if rejected is not None and not dry_run and keep_rejected:
        rejected_id, kept = rejected_rows.keep_rejected(ws, rejected)
        rejected_file = f"{rejected_rows.FOLDER}/{kept.name}"  # in the workspace folder
    elif rejected is not None and not dry_run:
        rejected_file = str(write_rejected(rejected, Path(path)))
    return ImportReport(
        batch.file,
        table,
        batch.format,
        batch.rows_in_file,
        dry_run,
        counts,
        batch.warnings + warnings,
        0 if rejected is None else rejected.num_rows,
        rejected_file,
        rejected_id,
    )


def _no_currency_yet(ws: Workspace) -> bool:
    """No currency chosen and no orders yet: this import's orders will set it."""
    if currency_is_set(ws.path):
        return False
    orders = ws.store.table("orders")
    return ws.store.to_arrow(orders.select("order_id").limit(1)).num_rows == 0


def _without_suppressed(ws: Workspace, batch: ImportBatch) -> tuple[ImportBatch, tuple[str, ...]]:
    """The batch without the rows of erased customers (``services.suppression``), merged ids read
    as their kept ids (``services.aliases``), its known consent answers with their first dates
    (``services.consent_history``), and what to say."""
    import dataclasses

    from regulars.services.aliases import resolve_aliases
    from regulars.services.consent_history import keep_first_dates
    from regulars.services.suppression import drop_suppressed

    tables, dropped = drop_suppressed(ws, batch.tables)
    tables, merged = resolve_aliases(ws, tables)
    tables, said = keep_first_dates(ws, batch.format, tables)
    said = (*merged, *said)
    if dropped:
        said = (f"{dropped:,} rows of erased customers suppressed (not imported)", *said)
    return dataclasses.replace(batch, tables=tables), said


def check_references(
    ws: Workspace, batch: ImportBatch
) -> tuple[dict[str, pa.Table], tuple[str, ...]]:
    """Every reference must point at a row in this file or the database.

    References to customers are the exception: an order or a review may name a customer no file
    has described yet, so a customer row with only its id is created (and said in a warning).
    """
    log = ProblemLog(batch.file)
    stub_ids: list[pa.Array] = []
    for name, rows in batch.tables.items():
        for column in TABLES_BY_NAME[name].columns:
            if column.references is None or column.name not in rows.column_names:
                continue
            parent, parent_key = column.references
            missing = _missing(ws, batch, rows[column.name], parent, parent_key)
            if parent == "customers":
                stub_ids.append(pc.filter(rows[column.name], pa.array(missing)).combine_chunks())
            else:
                log.add_rows(
                    missing,
                    rows["_source_line"].combine_chunks(),
                    rows[column.name].combine_chunks(),
                    column.name,
                    f"refers to a {parent[:-1].replace('_', ' ')} that is neither in this file nor "
                    "imported before",
                )
    log.raise_if_any("references")
    return _customer_stubs(stub_ids)


def _missing(
    ws: Workspace, batch: ImportBatch, values: pa.ChunkedArray, parent: str, key: str
) -> np.ndarray:
    known = [ws.store.key_values(parent, key)]
    if parent in batch.tables:
        known.append(batch.tables[parent][key].combine_chunks())
    known_set = pa.concat_arrays([k.cast(pa.string()) for k in known])
    present = pc.is_valid(values)
    found = pc.is_in(values, value_set=known_set)
    return np.asarray(pc.and_(present, pc.invert(found)).to_numpy(zero_copy_only=False), dtype=bool)


def _customer_stubs(ids: list[pa.Array]) -> tuple[dict[str, pa.Table], tuple[str, ...]]:
    if not ids or sum(len(a) for a in ids) == 0:
        return {}, ()
    unique = pc.unique(pa.concat_arrays(ids))
    stubs = pa.table(
        {
            "customer_id": unique,
            "source": pa.array(["reference"] * len(unique), pa.string()),
            "_source_line": pa.nulls(len(unique), pa.int64()),
        }
    )
    return {"customers": stubs}, (
        f"{len(unique)} customers known only by id were added; import a customers file to describe "
        "them",
    )
