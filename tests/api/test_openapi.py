"""The OpenAPI document describes every answer: each GET under /api/v1 declares a JSON response
whose schema names its fields (not an empty schema, not "any")."""

from __future__ import annotations

from fastapi.testclient import TestClient

from regulars.app import create_app
from regulars.settings import load_settings


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _described(schema: dict, components: dict) -> bool:
    """An object with properties, an array of described items, or a choice among described
    schemas."""
    schema = _resolve(schema, components)
    if schema.get("properties"):
        return True
    if schema.get("type") == "array":
        return _described(schema.get("items", {}), components)
    options = schema.get("anyOf") or schema.get("oneOf")
    return bool(options) and all(
        _described(s, components) or s.get("type") == "null" for s in options
    )


def _document(tmp_path) -> dict:
    with TestClient(create_app(load_settings(tmp_path / "ws"))) as client:
        return client.get("/api/v1/openapi.json").json()


def test_every_get_answer_has_a_described_schema(tmp_path):
    document = _document(tmp_path)
    components = document.get("components", {}).get("schemas", {})
    gets = {
        path: ops["get"]
        for path, ops in document["paths"].items()
        if path.startswith("/api/v1/") and "get" in ops and path != "/api/v1/openapi.json"
    }
    assert len(gets) >= 20
    undescribed = []
    for path, op in sorted(gets.items()):
        content = op["responses"].get("200", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema", {})
        a_file = content.get("text/csv", {}).get("schema", {}).get("type") == "string"
        if not (_described(schema, components) or a_file):  # a download is a described file
            undescribed.append(path)
    assert undescribed == [], "\n".join(undescribed)


def test_closed_vocabularies_are_enums_in_the_document(tmp_path):
    document = _document(tmp_path)
    components = document["components"]["schemas"]

    def enum_of(path: str, name: str) -> list[str]:
        parameter = next(
            p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name
        )
        return _resolve(parameter["schema"], components)["enum"]

    assert enum_of("/api/v1/kpis", "period") == ["day", "week", "month", "quarter", "year"]
    assert "markov" in enum_of("/api/v1/campaigns", "model")
    assert enum_of("/api/v1/campaigns", "touch") == ["click", "open"]
