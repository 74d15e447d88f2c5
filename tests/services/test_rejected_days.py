"""Rejected rows of uploads are kept ``rejected_days`` (30 by default; 0 keeps them): older files
in the workspace's rejected/ folder are removed when the next upload keeps its rejected rows."""

from __future__ import annotations

import os
import time
from dataclasses import replace

import pyarrow as pa
import pytest

from regulars.errors import ConfigError
from regulars.services import rejected
from regulars.settings import load_settings

ROWS = pa.table({"customer_id": ["ZBAD1"], "_problems": ["line 2: tier: not a choice"]})


def _age(path, days: float) -> None:
    then = time.time() - days * 86400
    os.utime(path, (then, then))


def test_old_rejected_files_go_when_the_next_upload_keeps_its_rows(workspace):
    old_id, old = rejected.keep_rejected(workspace, ROWS)
    recent_id, recent = rejected.keep_rejected(workspace, ROWS)
    _age(old, 31)
    _age(recent, 29)
    mine = workspace.path / "rejected" / "notes.csv"  # not a kept id: never touched
    mine.write_text("x\n")
    _age(mine, 400)
    new_id, new = rejected.keep_rejected(workspace, ROWS)
    assert not old.exists() and recent.exists() and new.exists() and mine.exists()
    with pytest.raises(Exception, match="no rejected rows"):
        rejected.rejected_file(workspace, old_id)
    assert rejected.rejected_file(workspace, recent_id) == recent


def test_zero_days_keeps_every_file(workspace):
    _, old = rejected.keep_rejected(workspace, ROWS)
    _age(old, 3650)
    workspace.settings = replace(workspace.settings, rejected_days=0)
    assert rejected.prune_rejected(workspace) == 0 and old.exists()


def test_the_setting_is_read_and_checked(tmp_path, monkeypatch):
    (tmp_path / "regulars.toml").write_text("rejected_days = 7\n")
    assert load_settings(tmp_path).rejected_days == 7
    monkeypatch.setenv("REGULARS_REJECTED_DAYS", "2")
    assert load_settings(tmp_path).rejected_days == 2
    monkeypatch.setenv("REGULARS_REJECTED_DAYS", "a week")
    with pytest.raises(ConfigError, match="rejected_days"):
        load_settings(tmp_path)
