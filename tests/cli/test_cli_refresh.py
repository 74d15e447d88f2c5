"""`regulars refresh` from the CLI reads [watch] from the workspace's regulars.toml: a new file is
imported, the same file on the next run is left alone."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.csv as pacsv

from regulars.services.workspace import Workspace


def test_refresh_imports_a_watched_folder_once(cli, tmp_path):
    folder, inbox = tmp_path / "ws", tmp_path / "inbox"
    inbox.mkdir()
    with Workspace.open(folder) as ws:
        ws.init()
    with (folder / "regulars.toml").open("a", encoding="utf-8") as f:
        f.write(f'\n[watch]\ncustomers = "{inbox}"\n')
    people = {"customer_id": ["A1", "A2"], "email": ["a1@example.com", "a2@example.com"]}
    pacsv.write_csv(pa.table(people), inbox / "customers.csv")
    first = cli("refresh", ws=folder)
    assert [(f["table"], f["status"], f["rows"]) for f in first["files"]] == [
        ("customers", "imported", 2)
    ]
    assert cli("refresh", ws=folder)["files"][0]["status"] == "unchanged"
    with Workspace.open(folder) as ws:
        assert ws.store.to_arrow(ws.store.table("customers")).num_rows == 2
