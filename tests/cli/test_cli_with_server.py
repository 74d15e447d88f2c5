"""CLI commands while ``regulars serve`` runs on the same DuckDB workspace (a real server in a
subprocess): reads and writes both work, and the server sees what the CLI wrote."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _regulars(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "regulars", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=os.environ.copy(),
    )


def _get(url: str, key: str) -> dict:
    request = urllib.request.Request(url, headers={"X-API-Key": key})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def _orders(status: dict) -> int:
    return next(t["rows"] for t in status["tables"] if t["name"] == "orders")


def _first_json(proc: subprocess.Popen) -> dict:
    """The JSON the server prints when it starts (indented over several lines)."""
    text = ""
    while line := proc.stdout.readline():
        text += line
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            continue
    raise AssertionError(f"the server printed no JSON: {text}{proc.stderr.read()}")


@pytest.fixture
def server(tmp_path):
    ws = tmp_path / "shop"
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "regulars", "serve", "--port", str(port), "-w", str(ws), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    try:
        started = _first_json(proc)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/health", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read()
                time.sleep(0.1)
        yield ws, url, started["owner"]["api_key"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_cli_reads_and_writes_while_the_server_runs(server, tmp_path):
    ws, url, key = server
    assert _orders(_get(f"{url}/api/v1/status", key)) == 0
    status = _regulars("status", "--json", "-w", str(ws))
    assert status.returncode == 0, status.stderr + status.stdout
    sales = tmp_path / "sales.csv"
    sales.write_text("order_id,customer_id,ordered_at,total\nO1,C1,2026-01-02,10.00\n")
    imported = _regulars("import", "orders", str(sales), "--json", "-w", str(ws))
    assert imported.returncode == 0, imported.stderr + imported.stdout
    assert json.loads(imported.stdout)["counts"]["orders"]["created"] == 1
    assert _orders(_get(f"{url}/api/v1/status", key)) == 1
    assert _orders(json.loads(_regulars("status", "--json", "-w", str(ws)).stdout)) == 1
