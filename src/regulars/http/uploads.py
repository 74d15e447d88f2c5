"""An uploaded file kept under its own name in a private temporary folder while it is imported,
so that problems name the file the user chose."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import UploadFile
from starlette.exceptions import HTTPException

from regulars.errors import InputError

MAX_UPLOAD_BYTES = 512 * 1024 * 1024
MAX_NAME_CHARACTERS = 255


def upload_name(filename: str | None) -> str:
    """The name the file is kept under: its own, made safe; an input problem when it has none
    (``..``) or is longer than a file name may be."""
    given = (filename or "upload.csv").replace("\\", "/").rsplit("/", 1)[-1]
    if len(given) > MAX_NAME_CHARACTERS:
        raise InputError(
            f"{given[:40]}...: the file name is longer than {MAX_NAME_CHARACTERS} characters; "
            "rename the file"
        )
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", given).lstrip(".")
    if not name.strip("._-"):
        raise InputError(f"{given!r} is not a file name; upload the file under its own name")
    return name


def limit_of(request) -> int:
    """The request's app's upload limit in bytes (the ``upload_limit_mib`` setting)."""
    return request.app.state.pool.settings.upload_limit_mib << 20


@contextmanager
def saved_upload(upload: UploadFile, limit: int = MAX_UPLOAD_BYTES) -> Iterator[Path]:
    """The upload kept under its own name; larger than ``limit`` bytes is refused (413)."""
    name = upload_name(upload.filename)
    with tempfile.TemporaryDirectory(prefix="regulars-upload-") as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            copied = _copy(upload, out, limit)
        if copied == 0:
            raise InputError(f"{name}: the uploaded file is empty")
        yield path


def _copy(upload: UploadFile, out, limit: int) -> int:
    total = 0
    while chunk := upload.file.read(1 << 20):
        total += len(chunk)
        if total > limit:
            raise HTTPException(
                413, f"{upload.filename}: larger than {limit >> 20} MiB; import it with the CLI"
            )
        out.write(chunk)
    return total
