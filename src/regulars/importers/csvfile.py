"""Reading a delimited text file as it comes out of a spreadsheet or a shop: any common encoding
(UTF-8 with or without BOM, UTF-16, Windows-1252 / Latin-1), any common delimiter (, ; tab |),
Excel's empty rows (,,,,) skipped, and every record numbered by its physical line in the file.

UTF-8 files (nearly all) are parsed by Arrow straight from disk; other encodings are transcoded
to UTF-8 in memory first. Line numbers come from counting newlines (free: while the file is
hashed); only a file whose records span lines or that has blank lines is scanned again.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from regulars.errors import InputError, Problem

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_HEAD_BYTES = 64 << 10
_CHUNK = 16 << 20
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: The encodings a file that is not UTF-8 is tried in (the ones shops' spreadsheets save).
_LEGACY = ["cp1252", "latin_1", "iso8859_15", "cp1250", "mac_roman", "cp1251"]
#: The most columns a file may have (a hostile header of 40k columns is refused at once).
MAX_COLUMNS = 2_000
ENCODING_HINT = "save it as UTF-8, or name its encoding with --encoding (e.g. --encoding cp1252)"


@dataclass(frozen=True)
class FileDigest:
    """What one pass over the file's bytes learns: its hash, newlines and last byte."""

    sha256: str
    newlines: int
    size: int
    ends_with_newline: bool


@dataclass(frozen=True)
class CsvRead:
    columns: pa.Table
    lines: pa.Array
    notes: tuple[str, ...]


def read_delimited(
    path: Path,
    digest: Callable[[], FileDigest],
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> CsvRead:
    """A delimited file's records as text columns, with the physical line of each."""
    head = _head(path)
    chosen = _encoding_of(path, head, encoding)
    if encoding is None and chosen == "utf-8" and not _utf8_prefix(head):
        chosen = _detected_legacy(path)
    try:
        read = _read(path, digest, chosen, delimiter)
    except _NotUtf8:
        if encoding is not None:
            raise _not_utf8(path) from None
        chosen = _detected_legacy(path)
        read = _read(path, digest, chosen, delimiter)
    if chosen not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be") and encoding is None:
        note = (
            f"{path.name}: read as {chosen} (it is not UTF-8); if accents look wrong, name its "
            "encoding with --encoding"
        )
        return CsvRead(read.columns, read.lines, (note, *read.notes))
    return read


class _NotUtf8(Exception):
    pass


def _utf8_prefix(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # a character cut by the end of the sample
    return True


def _read(
    path: Path, digest: Callable[[], FileDigest], encoding: str, delimiter: str | None
) -> CsvRead:
    data = None if encoding == "utf-8" else _transcoded(path, encoding)
    head = _head(path) if data is None else memoryview(data)[:_HEAD_BYTES].tobytes()
    text_head = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    sep = delimiter or sniff_delimiter(text_head)
    header = _header(text_head, sep, path)
    try:
        table = _arrow_read(path if data is None else data, header, sep)
    except pa.ArrowInvalid as exc:
        if data is None and "UTF8" in str(exc):
            raise _NotUtf8 from exc
        raise _parse_error(path, data, sep, len(header), exc) from exc
    lines = _record_lines(path if data is None else data, digest, table.num_rows, sep)
    table, lines, empty = _without_empty_rows(table, lines)
    table = _one_chunk(table)
    notes = (f"{path.name}: skipped {empty} empty rows",) if empty else ()
    return CsvRead(table, lines, notes)


def _one_chunk(table: pa.Table) -> pa.Table:
    """Each column in one chunk, a column at a time (the read chunks of a column are freed as its
    copy replaces them), so that readers take a column's array without another copy: a file's
    text is held once, not twice, while its columns are checked."""
    for i, name in enumerate(table.column_names):
        if table.column(i).num_chunks != 1:
            table = table.set_column(i, name, table.column(i).combine_chunks())
    return table


def _not_utf8(path: Path) -> InputError:
    line = (_first_non_utf8(path) or (0, 1))[1]
    return InputError(
        f"{path.name}: line {line} is not UTF-8 text",
        [Problem(path.name, line, None, None, f"not UTF-8; {ENCODING_HINT}")],
    )


def _head(path: Path) -> bytes:
    with path.open("rb") as f:
        return f.read(_HEAD_BYTES)


def _encoding_of(path: Path, head: bytes, given: str | None) -> str:
    if given:
        try:
            name = codecs.lookup(given).name
        except LookupError as exc:
            raise InputError(
                f"--encoding {given!r} is not an encoding Python knows; try utf-8, utf-16, "
                "cp1252 or latin-1"
            ) from exc
        return "utf-8" if name in ("utf-8", "utf-8-sig") else name
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if len(head) >= 4 and head.count(0) > len(head) // 4:  # UTF-16 without its BOM
        return "utf-16-le" if head[1] == 0 else "utf-16-be"
    return "utf-8"


def _detected_legacy(path: Path) -> str:
    """The single-byte encoding of a file that is not UTF-8, judged around its first non-UTF-8
    byte."""
    from charset_normalizer import from_bytes

    found = _first_non_utf8(path)
    if found is None:
        return "utf-8"
    with path.open("rb") as f:
        f.seek(max(found[0] - (32 << 10), 0))
        window = f.read(64 << 10)
    best = from_bytes(window, cp_isolation=_LEGACY).best()
    if best is None or _same_text(window, best.encoding, "cp1252"):
        return "cp1252"  # what Excel saves in Western Europe and the Americas: first when a tie
    return codecs.lookup(best.encoding).name


def _first_non_utf8(path: Path) -> tuple[int, int] | None:
    """The offset and line of the file's first byte that is not UTF-8, read chunk by chunk."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = newlines = 0
    with path.open("rb") as f:
        while True:
            chunk = f.read(_CHUNK)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                at = max(exc.start, 0)
                return offset + at, newlines + chunk[:at].count(b"\n") + 1
            if not chunk:
                return None
            offset += len(chunk)
            newlines += chunk.count(b"\n")


def _same_text(raw: bytes, encoding: str, other: str) -> bool:
    try:
        return raw.decode(encoding) == raw.decode(other)
    except UnicodeDecodeError:
        return False


def _transcoded(path: Path, encoding: str) -> pa.Buffer:
    """The file as UTF-8, read chunk by chunk into one growing buffer (no second copy); an
    undecodable byte names its line."""
    decoder = codecs.getincrementaldecoder(encoding)()
    out = pa.BufferOutputStream()
    newlines = 0
    with path.open("rb") as f:
        while True:
            chunk = f.read(_CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                line = newlines + chunk[: exc.start].count(b"\n") + 1
                raise InputError(
                    f"{path.name}: line {line} is not {encoding} text",
                    [Problem(path.name, line, None, None, f"not {encoding} text; {ENCODING_HINT}")],
                ) from exc
            out.write((text.lstrip("\ufeff") if newlines == 0 else text).encode("utf-8"))
            newlines += chunk.count(b"\n")
            if not chunk:
                break
    return out.getvalue()


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most columns, the same on each."""
    sample = text[: text.rfind("\n")] if "\n" in text else text
    best, best_score = ",", (0, 0)
    for sep in DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO(sample, newline=None), delimiter=sep) if r][
                :50
            ]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        same = sum(len(r) == len(rows[0]) for r in rows)
        score = (same, len(rows[0]))
        if score > best_score:
            best, best_score = sep, score
    return best


def _header(text: str, sep: str, path: Path) -> list[str]:
    header: list[str] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=None), delimiter=sep):
            header = [h.strip() for h in row]
            break
    except csv.Error as exc:
        raise InputError(
            f"{path.name}: the header line cannot be read",
            [Problem(path.name, 1, None, None, f"{exc}; is it a CSV file?")],
        ) from exc
    if not header or not any(header):
        raise InputError(
            f"{path.name}: the file is empty", [Problem(path.name, 1, None, None, "no header line")]
        )
    if len(header) > MAX_COLUMNS:
        raise InputError(
            f"{path.name}: {len(header):,} columns in the header line; at most {MAX_COLUMNS:,} "
            "can be imported (is the delimiter right? keep only the columns you need)",
            [Problem(path.name, 1, None, None, f"more than {MAX_COLUMNS:,} columns")],
        )
    dupes = sorted(h for h, n in Counter(header).items() if n > 1)  # linear in the columns
    if dupes:
        raise InputError(
            f"{path.name}: repeated column names",
            [Problem(path.name, 1, d, None, "column name repeated") for d in dupes],
        )
    return header


def _arrow_read(source: Path | pa.Buffer, header: list[str], sep: str) -> pa.Table:
    where = pa.BufferReader(source) if isinstance(source, pa.Buffer) else source
    table = pacsv.read_csv(
        where,
        read_options=pacsv.ReadOptions(
            encoding="utf-8", block_size=16 << 20, column_names=header, skip_rows=1
        ),
        parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in header},
            strings_can_be_null=True,
            null_values=[""],
            quoted_strings_can_be_null=True,
        ),
    )
    return table


def _parse_error(
    path: Path, data: pa.Buffer | None, sep: str, width: int, exc: Exception
) -> InputError:
    """Where Arrow's parse failed, found again by Python's csv reader (line and field count)."""
    message = str(exc)
    text = (
        io.TextIOWrapper(io.BytesIO(data.to_pybytes()), "utf-8", "replace", newline="")
        if data is not None
        else path.open(encoding="utf-8-sig", errors="replace", newline="")
    )
    line, reason = None, message.split(": ", 1)[-1][:200]
    with text:
        reader = csv.reader(text, delimiter=sep)
        start = 1
        for row in reader:
            if row and any(row) and len(row) != width and reader.line_num > 1:
                line = start
                reason = (
                    f"{len(row)} fields where the header has {width}; quote values that hold "
                    f"a {DELIMITER_NAMES.get(sep, sep)}"
                )
                break
            start = reader.line_num + 1
    return InputError(
        f"{path.name}: not a readable CSV file", [Problem(path.name, line, None, None, reason)]
    )


def _record_lines(
    source: Path | pa.Buffer, digest: Callable[[], FileDigest], records: int, sep: str
) -> pa.Array:
    """The physical line of each data record (the header is line 1)."""
    if isinstance(source, Path):
        counted = digest()
        lines_in_file = counted.newlines + (0 if counted.ends_with_newline else 1)
        if counted.size and lines_in_file == records + 1:  # no blank lines, no value spans lines
            return pa.array(np.arange(2, 2 + records, dtype=np.int64))
    starts = record_start_lines(_chunks(source))
    if len(starts) == records + 1:
        return pa.array(starts[1:])
    return _lines_by_csv(source, records, sep)


def _chunks(source: Path | pa.Buffer):
    if isinstance(source, pa.Buffer):
        view = memoryview(source)
        for at in range(0, len(view), _CHUNK):
            yield bytes(view[at : at + _CHUNK])
        return
    with source.open("rb") as f:
        while chunk := f.read(_CHUNK):
            yield chunk


def record_start_lines(chunks) -> np.ndarray:
    """The line on which each non-blank record starts, where a newline inside quotes does not
    end a record (quote parity; a doubled quote counts twice and changes nothing)."""
    ends, ordinals, blank_before = [], [], []
    quotes = newlines = offset = 0
    last_byte = 0
    for chunk in chunks:
        arr = np.frombuffer(chunk, dtype=np.uint8)
        nl = np.flatnonzero(arr == 10)
        qs = np.flatnonzero(arr == 34)
        outside = (quotes + np.searchsorted(qs, nl)) % 2 == 0
        term = nl[outside]
        prev = np.where(term > 0, arr[np.maximum(term - 1, 0)], last_byte)
        ends.append(term.astype(np.int64) + offset)
        ordinals.append(newlines + np.flatnonzero(outside).astype(np.int64) + 1)
        blank_before.append(prev == 13)
        quotes += len(qs)
        newlines += len(nl)
        offset += len(arr)
        last_byte = int(arr[-1]) if len(arr) else last_byte
    end = np.concatenate(ends) if ends else np.zeros(0, np.int64)
    ordinal = np.concatenate(ordinals) if ordinals else np.zeros(0, np.int64)
    cr = np.concatenate(blank_before) if blank_before else np.zeros(0, bool)
    begin = np.concatenate([[0], end + 1])
    finish = np.concatenate([end - cr, [offset]])  # a record's bytes, without its \r\n
    first_line = np.concatenate([[1], ordinal + 1])
    return first_line[finish > begin]


def _lines_by_csv(source: Path | pa.Buffer, records: int, sep: str) -> pa.Array:
    """Line numbers from Python's csv reader (a file whose quotes confuse the parity count)."""
    raw = source.to_pybytes() if isinstance(source, pa.Buffer) else source.read_bytes()
    text = io.StringIO(raw.decode("utf-8", errors="replace"), newline="")
    reader = csv.reader(text, delimiter=sep)
    starts, start = [], 1
    try:
        for row in reader:
            if row:
                starts.append(start)
            start = reader.line_num + 1
    except csv.Error:
        starts = []
    if len(starts) == records + 1:
        return pa.array(np.array(starts[1:], dtype=np.int64))
    return pa.array(np.arange(2, 2 + records, dtype=np.int64))


def _without_empty_rows(table: pa.Table, lines: pa.Array) -> tuple[pa.Table, pa.Array, int]:
    """Without the rows where every value is empty (Excel saves formatted rows as ,,,,)."""
    if table.num_columns == 0 or table.num_rows == 0:
        return table, lines, 0
    if any(table[name].null_count == 0 for name in table.column_names):
        return table, lines, 0
    empty = pc.is_null(table.column(0))
    for name in table.column_names[1:]:
        empty = pc.and_(empty, pc.is_null(table[name]))
    count = pc.sum(empty).as_py() or 0
    if not count:
        return table, lines, 0
    keep = pc.invert(empty)
    return table.filter(keep), lines.filter(keep.combine_chunks()), count
