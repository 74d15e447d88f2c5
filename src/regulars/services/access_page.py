"""An access request's document as one HTML page a person can read (no script, no network)."""

from __future__ import annotations

from html import escape

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
    "table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;"
    "padding:.25rem .5rem;text-align:left;vertical-align:top}"
)


def access_page(document: dict) -> str:
    """Sections: the records by table, what was derived about them, the audit log's entries."""
    who = escape(str(document["customer_id"]))
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Data held about {who}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Everything held about {who}</h1>",
        f"<p>Exported {escape(str(document['exported_at']))}.</p><h2>Records</h2>",
    ]
    for table, rows in document["records"].items():
        if rows:
            parts.append(f"<h3>{escape(table)} ({len(rows)})</h3>{_rows(rows)}")
    parts.append("<h2>What was worked out about them</h2>")
    for name, value in document.get("derived", {}).items():
        parts.append(f"<h3>{escape(name)}</h3>{_value(value)}")
    parts.append(f"<h2>Audit log</h2>{_rows(document.get('audit', [])) or '<p>None.</p>'}")
    return "".join(parts) + "</body></html>"


def _rows(rows: list[dict]) -> str:
    if not rows:
        return ""
    columns = list(dict.fromkeys(k for r in rows for k in r))
    head = "".join(f"<th>{escape(str(c))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_value(r.get(c))}</td>" for c in columns) + "</tr>" for r in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _value(value) -> str:
    if isinstance(value, dict):
        items = "".join(
            f"<tr><th>{escape(str(k))}</th><td>{_value(v)}</td></tr>" for k, v in value.items()
        )
        return f"<table>{items}</table>"
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return _rows(value)
        return escape(", ".join(map(str, value)))
    return "" if value is None else escape(str(value))
