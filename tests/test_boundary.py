"""The boundary: ``services/actions.py`` is the one module that runs actions leaving Regulars. No
other module writes rows to a file with pyarrow or csv (``write_csv``, ``writerows`` ...) or talks
to the network (smtplib, urllib.request, http.client, socket, requests, httpx ...).

The few other writers are named below with why each is not an action that leaves Regulars; a new
one fails this test until it moves behind ``services.actions`` or is argued for here."""

from __future__ import annotations

import ast
from pathlib import Path

import regulars

SRC = Path(regulars.__file__).parent
BOUNDARY = "services/actions.py"
NETWORK = (
    "smtplib",
    "urllib.request",
    "http.client",
    "socket",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtpd",
    "email.mime",
    "websockets",
    "paramiko",
)
WRITERS = (
    "write_csv",
    "write_table",
    "write_dataset",
    "to_csv",
    "to_parquet",
    "writerow",
    "writerows",
    "write_feather",
    "sendmail",
    "send_message",
    "urlopen",
)
#: module -> why it may write rows to a file without a proposal.
NOT_LEAVING = {
    "services/demo.py": "writes the invented demo shop's source files (no real person)",
    "store/writer.py": "stages an import's rows for the database itself",
    "services/exports.py": "the owner's table backup (`regulars export`); to move behind actions",
    "services/experiments/assignment.py": "experiment assignments; to move behind actions",
    "importers/problems.py": "the rows of the owner's own file that --skip-invalid rejected, "
    "written beside that file for the owner to fix (nothing leaves the machine)",
}


def _offences(path: Path) -> list[str]:
    tree, found = ast.parse(path.read_text(encoding="utf-8")), []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        found += [f"imports {n}" for n in names if n.startswith(NETWORK)]
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if name in WRITERS:
                found.append(f"calls {name} (line {node.lineno})")
    return found


def _modules() -> dict[str, list[str]]:
    return {p.relative_to(SRC).as_posix(): _offences(p) for p in sorted(SRC.rglob("*.py"))}


def test_only_the_boundary_writes_people_to_files_or_talks_to_the_network():
    offenders = {
        m: found
        for m, found in _modules().items()
        if found and m != BOUNDARY and m not in NOT_LEAVING
    }
    assert offenders == {}, f"only {BOUNDARY} may run actions that leave Regulars: {offenders}"


def test_the_boundary_does_write_and_each_exception_still_needs_its_reason():
    modules = _modules()
    assert any("write_csv" in f for f in modules[BOUNDARY])
    stale = [m for m in NOT_LEAVING if not modules.get(m)]
    assert stale == [], f"no longer writing files, drop from NOT_LEAVING: {stale}"


def test_the_check_finds_a_writer_and_a_network_call(tmp_path):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text(
        "import smtplib\nimport pyarrow.csv as c\nfrom urllib.request import urlopen\n"
        "def leak(rows):\n    c.write_csv(rows, 'people.csv')\n    urlopen('http://x')\n"
    )
    found = _offences(sneaky)
    assert "imports smtplib" in found and "imports urllib.request" in found
    assert any(f.startswith("calls write_csv") for f in found)
    assert any(f.startswith("calls urlopen") for f in found)
