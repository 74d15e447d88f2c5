"""The ``secure_cookie`` setting: ``always`` marks cookies Secure on plain HTTP (a TLS proxy that
does not say so), ``never`` leaves them unmarked even over HTTPS (issue 16)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from regulars.app import create_app
from regulars.errors import ConfigError
from regulars.settings import load_settings


def _login_cookie(shop, client) -> str:
    return client.get("/login").headers["set-cookie"].lower()


def test_always_and_never(shop, monkeypatch):
    monkeypatch.setenv("REGULARS_SECURE_COOKIE", "always")
    with TestClient(create_app(load_settings(shop.path))) as plain:
        assert "secure" in _login_cookie(shop, plain)
    monkeypatch.setenv("REGULARS_SECURE_COOKIE", "never")
    app = create_app(load_settings(shop.path))
    with TestClient(app, base_url="https://testserver") as tls:
        assert "secure" not in _login_cookie(shop, tls)


def test_an_unknown_choice_is_a_configuration_problem(shop, monkeypatch):
    monkeypatch.setenv("REGULARS_SECURE_COOKIE", "sometimes")
    with pytest.raises(ConfigError, match="secure_cookie"):
        load_settings(shop.path)
    monkeypatch.setenv("REGULARS_SECURE_COOKIE", "auto")
    monkeypatch.setenv("REGULARS_UPLOAD_LIMIT_MIB", "0")
    with pytest.raises(ConfigError, match="upload_limit_mib"):
        load_settings(shop.path)
