"""Consent is dated by its source, never by a file's arrival: re-uploading an older Shopify
customers export (dated by its modification time, an upload is always "now") does not reverse a
later withdrawal, and the import says why."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from regulars.services.consent import consenting
from regulars.services.imports import import_file

EXPORT = Path(__file__).resolve().parents[2] / "data" / "exports" / "shopify_customers_export.csv"
JANUARY, MAY = 1_767_225_600, 1_777_593_600  # 2026-01-01, 2026-05-01 (UTC)


def _marketable(ws) -> set[str]:
    return set(ws.store.to_arrow(consenting(ws, "marketing"))["customer_id"].to_pylist())


def _copy(tmp_path, name: str, mtime: int) -> Path:
    path = tmp_path / name
    shutil.copyfile(EXPORT, path)
    os.utime(path, (mtime, mtime))
    return path


def test_an_older_export_uploaded_again_never_reverses_a_withdrawal(workspace, tmp_path):
    first = _copy(tmp_path, "january.csv", JANUARY)
    import_file(workspace, "customers", first, format="shopify-customers")
    granted = sorted(_marketable(workspace))
    assert granted, "the export has customers who accept marketing"
    who = granted[0]
    withdrawal = pa.table(
        {
            "consent_id": ["w-1"],
            "customer_id": [who],
            "purpose": ["marketing"],
            "granted": [False],
            "recorded_at": ["2026-02-15T00:00:00+00:00"],
        }
    )
    pacsv.write_csv(withdrawal, tmp_path / "withdrawal.csv")
    import_file(workspace, "consents", tmp_path / "withdrawal.csv")
    assert who not in _marketable(workspace)
    again = import_file(
        workspace, "customers", _copy(tmp_path, "upload.csv", MAY), format="shopify-customers"
    )
    assert who not in _marketable(workspace), "the old file's answer came back"
    assert set(granted) - {who} <= _marketable(workspace)
    said = [w for w in again.warnings if "keep the date first recorded" in w]
    assert said and "never overrides a newer answer" in said[0]


def test_a_first_import_is_dated_by_the_file_and_says_nothing(workspace, tmp_path):
    report = import_file(
        workspace, "customers", _copy(tmp_path, "jan.csv", JANUARY), format="shopify-customers"
    )
    assert not any("first recorded" in w for w in report.warnings)
    dates = {r[0] for r in workspace.store.execute('SELECT recorded_at FROM "consents"')}
    assert {d.timestamp() for d in dates} == {JANUARY}
