"""``regulars refresh``: what a scheduled run (cron, a systemd timer) does, in order.

1. Import every new file from the watched folders (``watch`` in the settings). A file is new when
   its SHA-256 is not in the import log, so an unchanged file is never read twice, and a file
   changed in place is imported again (its rows update; re-importing adds nothing). A file that
   fails is named with its reason and the others go on.
2. Refit what is stale: the saved lifetime-value model, when rows were imported after its fit.
3. Recompute the KPI alerts, recording the new ones, and deliver each new one by email (``smtp``
   and ``alert_email``) and to the ``webhook``, through ``services.actions`` (the one module that
   talks to the network). Alerts name no customer.

URLs are not watched: a shop's exports are downloaded by the shop's own tools (or a cron line with
``curl``) into a watched folder, which keeps Regulars offline and its imports on files it can
checksum."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path

from regulars.errors import RegularsError
from regulars.services.workspace import Workspace

SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".xlsx", ".json")


@dataclass(frozen=True, slots=True)
class RefreshedFile:
    table: str
    file: str
    status: str  # imported | unchanged | failed
    rows: int = 0
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class RefreshReport:
    files: tuple[RefreshedFile, ...]
    refitted: tuple[str, ...]
    alerts: tuple[str, ...]  # the new alerts' messages
    delivered: tuple[str, ...]  # "email to ...", "webhook ..."
    problems: tuple[str, ...]

    def to_dict(self) -> dict:
        return asdict(self)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _imported_digests(ws: Workspace) -> set[str]:
    log = ws.store.table("_imports")
    rows = ws.store.to_arrow(log.select("file_sha256").distinct())
    return set(rows["file_sha256"].to_pylist())


def _watched(ws: Workspace) -> list[tuple[str, Path, str]]:
    found = []
    for table, folder, fmt in ws.settings.watch:
        path = Path(folder)
        path = path if path.is_absolute() else ws.settings.workspace / path
        files = sorted(p for p in path.glob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        found += [(table, p, fmt) for p in files]
    return found


def import_new_files(ws: Workspace) -> tuple[RefreshedFile, ...]:
    from regulars.services.imports import import_file

    seen, done = _imported_digests(ws), []
    for table, path, fmt in _watched(ws):
        if _sha256(path) in seen:
            done.append(RefreshedFile(table, str(path), "unchanged"))
            continue
        try:
            report = import_file(ws, table, path, format=fmt)
        except RegularsError as exc:
            done.append(RefreshedFile(table, str(path), "failed", reason=str(exc)))
            continue
        done.append(RefreshedFile(table, str(path), "imported", report.rows_in_file))
    return tuple(done)


def _refit(ws: Workspace, changed: bool) -> tuple[str, ...]:
    from regulars.services.clv.fitting import fit_clv
    from regulars.services.clv.saved import saved_models

    models = saved_models(ws)
    if not changed or not models:
        return ()
    latest = models[0]
    document = fit_clv(ws, time_unit=latest.get("summary_settings", {}).get("time_unit", "week"))
    return (f"clv ({document.get('model')})",)


def deliver_alerts(ws: Workspace, messages: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Send the alerts by email and to the webhook, as set; (what was delivered, problems)."""
    from regulars.services import actions

    if not messages:
        return (), ()
    done, problems = [], []
    s = ws.settings
    body = "\n\n".join(messages)
    subject = f"Regulars: {len(messages)} new alert{'s' if len(messages) != 1 else ''}"
    try:
        if s.smtp and s.alert_email:
            actions.send_email(ws, s.alert_email, subject, body)
            done.append(f"email to {s.alert_email}")
        if s.webhook:
            actions.post_alert(s.webhook, {"id": subject, "alerts": messages})
            done.append(f"webhook {s.webhook.split('?', 1)[0]}")
    except RegularsError as exc:
        problems.append(f"alerts not delivered: {exc}")
    return tuple(done), tuple(problems)


def refresh(ws: Workspace) -> RefreshReport:
    """Import what is new, refit what is stale, recompute and deliver the new alerts."""
    from regulars.services.kpis import kpi_alerts

    files = import_new_files(ws)
    imported = any(f.status == "imported" and f.rows for f in files)
    problems = [f"{f.file}: {f.reason}" for f in files if f.status == "failed"]
    try:
        refitted = _refit(ws, imported)
    except RegularsError as exc:
        refitted, problems = (), [*problems, f"the lifetime-value model was not refitted: {exc}"]
    new = [a.message for a in kpi_alerts(ws, record=True) if a.new]
    delivered, undelivered = deliver_alerts(ws, new)
    return RefreshReport(files, refitted, tuple(new), delivered, (*problems, *undelivered))
