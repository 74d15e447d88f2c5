"""The server in-process: a small demo shop built once, copied per test, served by ``create_app``.

Every test that uses ``shop`` gets its own copy of the workspace (a DuckDB file), so tests that
import or erase never see each other's writes.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from regulars.app import create_app
from regulars.services.accounts import Credentials, add_user
from regulars.services.workspace import Workspace
from regulars.settings import load_settings

DEMO_CUSTOMERS = 300

GOOD_CUSTOMERS_CSV = (
    "customer_id,email,first_name,last_name,customer_type,created_at\n"
    "ZNEW001,zed.newman@example.com,Zed,Newman,retail,2025-01-05T10:00:00Z\n"
    "ZNEW002,yara.quinn@example.com,Yara,Quinn,wholesale,2025-02-11T09:30:00Z\n"
)
BAD_CUSTOMERS_CSV = (
    "customer_id,email,first_name,last_name,customer_type,created_at\n"
    "ZBAD001,ok@example.com,Ok,Row,retail,2025-01-05T10:00:00Z\n"
    "ZBAD002,bad@example.com,Bad,Type,platinum,2025-01-06T10:00:00Z\n"
    "ZBAD003,late@example.com,Bad,Date,retail,not-a-date\n"
)


@dataclass
class Shop:
    path: Path
    client: TestClient
    users: dict[str, Credentials]

    def headers(self, role: str = "owner") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.users[role].api_key}"}

    def get(self, url: str, role: str = "owner", **kw):
        return self.client.get(url, headers=self.headers(role), **kw)

    def log_in(self, role: str = "owner", client: TestClient | None = None):
        """Sign in through the dashboard's form; the client keeps the session cookie."""
        import re

        client = client or self.client
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        creds = self.users[role]
        return client.post(
            "/login",
            data={
                "username": creds.username,
                "password": creds.password,
                "csrf_token": token,
                "next": "/",
            },
            follow_redirects=False,
        )


def build_demo_workspace(
    path: Path, customers: int = DEMO_CUSTOMERS, database: str | None = None
) -> dict[str, Credentials]:
    """The demo shop's data imported through the real importers (as ``run_demo`` does, without its
    analyses and report: the server's tests need the data, not the other capabilities' results)."""
    import tempfile

    from regulars.demo import generate
    from regulars.services.demo import write_demo_files
    from regulars.services.imports import import_file

    ws = Workspace(load_settings(path, database))
    try:
        ws.init()
        shop = generate(customers=customers, seed=11)
        with tempfile.TemporaryDirectory(prefix="regulars-api-demo-") as tmp:
            for table, file in write_demo_files(shop.tables, Path(tmp)):
                import_file(ws, table, file)
        return {role: add_user(ws, f"{role}-1", role) for role in ("owner", "analyst", "viewer")}
    finally:
        ws.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> tuple[Path, dict[str, Credentials]]:
    path = tmp_path_factory.mktemp("api-demo") / "ws"
    return path, build_demo_workspace(path)


@pytest.fixture
def shop(demo_template, tmp_path) -> Shop:
    template, users = demo_template
    path = tmp_path / "ws"
    shutil.copytree(template, path)
    app = create_app(load_settings(path))
    with TestClient(app) as client:
        yield Shop(path, client, users)


@pytest.fixture
def empty_shop(tmp_path) -> Shop:
    """A workspace with accounts and no data at all."""
    path = tmp_path / "empty"
    ws = Workspace(load_settings(path))
    ws.init()
    users = {role: add_user(ws, f"{role}-1", role) for role in ("owner", "analyst", "viewer")}
    ws.close()
    with TestClient(create_app(load_settings(path))) as client:
        yield Shop(path, client, users)
