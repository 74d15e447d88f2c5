"""Files as shops have them: encodings, delimiters, decimal commas, dates, Excel's empty rows,
physical line numbers. Each file is generated here like the real one (Excel "CSV" in Western
Europe is Windows-1252 with semicolons and decimal commas; Excel "Unicode text" is UTF-16 with
tabs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regulars.errors import InputError
from regulars.importers.csvfile import record_start_lines
from regulars.importers.options import Reading
from regulars.services.imports import import_file

ORDERS = [
    ("O1", "C1", "2026-02-03T10:00:00Z", "1234.50", "Zoë Müller"),
    ("O2", "C2", "2026-02-04T11:00:00Z", "12.50", "François Café"),
    ("O3", "C1", "2026-02-05T12:00:00Z", "0.99", "Ångström Øre"),
]
HEADER = ("order_id", "customer_id", "ordered_at", "total", "note")


def _orders_text(sep: str = ",", decimal: str = ".") -> str:
    lines = [sep.join(HEADER)]
    for order in ORDERS:
        amount = order[3] if decimal == "." else _european(order[3])
        lines.append(sep.join((*order[:3], f'"{amount}"' if sep == "," else amount, order[4])))
    return "\r\n".join(lines) + "\r\n"


def _european(amount: str) -> str:
    whole, cents = amount.split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + cents


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _totals(ws) -> dict[str, int]:
    rows = ws.store.to_arrow(ws.store.table("orders")).to_pylist()
    return {r["order_id"]: r["total_cents"] for r in rows}


def _count(ws, table: str = "orders") -> int:
    return ws.store.execute(f'SELECT count(*) FROM "{table}"')[0][0]


EXPECTED = {"O1": 123450, "O2": 1250, "O3": 99}

FILES = {
    "utf8.csv": lambda: _orders_text().encode("utf-8"),
    "utf8-bom.csv": lambda: b"\xef\xbb\xbf" + _orders_text().encode("utf-8"),
    "excel-unicode.txt": lambda: _orders_text("\t").encode("utf-16"),
    "excel-europe.csv": lambda: _orders_text(";", ",").encode("cp1252"),
    "latin1-pipes.csv": lambda: _orders_text("|").encode("latin-1"),
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_encoding_and_delimiter_imports_the_same_orders_once(workspace, tmp_path, name):
    path = _write(tmp_path, name, FILES[name]())
    report = import_file(workspace, "orders", path, mapping={"total": "total_cents"})
    assert report.rows_in_file == 3
    assert _totals(workspace) == EXPECTED
    again = import_file(workspace, "orders", path, mapping={"total": "total_cents"})
    assert again.total.created == 0 and _count(workspace) == 3


def test_a_legacy_encoding_is_said_and_utf8_is_not(duckdb_workspace, tmp_path):
    mapping = {"total": "total_cents"}
    path = _write(tmp_path, "excel.csv", _orders_text(";", ",").encode("cp1252"))
    report = import_file(duckdb_workspace, "orders", path, mapping=mapping)
    assert any("read as cp1252" in w for w in report.warnings)
    plain = _write(tmp_path, "u.csv", _orders_text().encode())
    assert not any("read as" in w for w in import_file(duckdb_workspace, "orders", plain).warnings)


def test_notes_keep_their_accents(duckdb_workspace, tmp_path):
    text = "customer_id;note\r\nC1;Zoë Müller – 5 €\r\n"
    path = _write(tmp_path, "people.csv", text.encode("cp1252"))
    import_file(duckdb_workspace, "customers", path)
    rows = duckdb_workspace.store.to_arrow(duckdb_workspace.store.table("customers")).to_pylist()
    assert rows[0]["note"] == "Zoë Müller – 5 €"


def test_a_named_encoding_that_does_not_fit_names_the_line(duckdb_workspace, tmp_path):
    text = "customer_id,note\nC1,plain\nC2,café\n"
    path = _write(tmp_path, "people.csv", text.encode("latin-1"))
    with pytest.raises(InputError) as caught:
        import_file(duckdb_workspace, "customers", path, reading=Reading(encoding="utf-8"))
    assert caught.value.problems[0].line == 3
    assert "--encoding" in caught.value.problems[0].reason
    with pytest.raises(InputError, match="not an encoding"):
        import_file(duckdb_workspace, "customers", path, reading=Reading(encoding="klingon"))


def test_a_semicolon_file_is_not_told_its_columns_are_missing(duckdb_workspace, tmp_path):
    path = _write(tmp_path, "orders.csv", _orders_text(";", ",").encode("utf-8"))
    import_file(duckdb_workspace, "orders", path, mapping={"total": "total_cents"})
    assert _totals(duckdb_workspace) == EXPECTED


def test_decimal_comma_with_euro_signs_and_spaces(duckdb_workspace, tmp_path):
    text = (
        "order_id;customer_id;ordered_at;total\n"
        "O1;C1;2026-01-02;12,50 €\nO2;C1;2026-01-03;1.234,50 €\nO3;C1;2026-01-04;1 234,5\n"
        "O4;C1;2026-01-05;7\n"
    )
    path = _write(tmp_path, "eu.csv", text.encode())
    import_file(duckdb_workspace, "orders", path, mapping={"total": "total_cents"})
    assert _totals(duckdb_workspace) == {"O1": 1250, "O2": 123450, "O3": 123450, "O4": 700}


def test_decimal_mark_given_when_the_values_leave_it_open(duckdb_workspace, tmp_path):
    text = 'order_id,customer_id,ordered_at,total\nO1,C1,2026-01-02,"1.234"\n'
    path = _write(tmp_path, "open.csv", text.encode())
    mapping = {"total": "total_cents"}
    import_file(duckdb_workspace, "orders", path, mapping=mapping, dry_run=True)
    import_file(duckdb_workspace, "orders", path, mapping=mapping, reading=Reading(decimal=","))
    assert _totals(duckdb_workspace) == {"O1": 123400}


def test_a_comma_amount_among_point_amounts_is_refused_not_misread(duckdb_workspace, tmp_path):
    text = (
        'order_id,customer_id,ordered_at,total\nO1,C1,2026-01-02,12.50\nO2,C1,2026-01-02,"12,50"\n'
    )
    path = _write(tmp_path, "mixed.csv", text.encode())
    with pytest.raises(InputError) as caught:
        import_file(duckdb_workspace, "orders", path, mapping={"total": "total_cents"})
    assert [(p.line, p.value) for p in caught.value.problems] == [(3, "12,50")]


def _dates_file(tmp_path: Path, dates: list[str]) -> Path:
    rows = [f"O{i},C1,{d},10.00" for i, d in enumerate(dates)]
    text = "order_id,customer_id,ordered_at,total\n" + "\n".join(rows) + "\n"
    return _write(tmp_path, "dates.csv", text.encode())


def _days(ws) -> dict[str, str]:
    rows = ws.store.to_arrow(ws.store.table("orders")).to_pylist()
    return {r["order_id"]: r["ordered_at"].date().isoformat() for r in rows}


def test_the_whole_column_decides_day_first(duckdb_workspace, tmp_path):
    path = _dates_file(tmp_path, ["03/02/2026", "13/02/2026"])
    import_file(duckdb_workspace, "orders", path, mapping={"total": "total_cents"})
    assert _days(duckdb_workspace) == {"O0": "2026-02-03", "O1": "2026-02-13"}


def test_the_whole_column_decides_month_first(duckdb_workspace, tmp_path):
    path = _dates_file(tmp_path, ["03/02/2026", "02/13/2026"])
    import_file(duckdb_workspace, "orders", path, mapping={"total": "total_cents"})
    assert _days(duckdb_workspace) == {"O0": "2026-03-02", "O1": "2026-02-13"}


def test_ambiguous_dates_are_asked_once_then_read_as_told(duckdb_workspace, tmp_path):
    path = _dates_file(tmp_path, ["03/02/2026", "04/02/2026", "05/02/2026"])
    with pytest.raises(InputError) as caught:
        import_file(duckdb_workspace, "orders", path, mapping={"total": "total_cents"})
    (problem,) = caught.value.problems
    assert problem.line == 2 and problem.column == "ordered_at"
    assert "3 February or 2 March" in problem.reason and "--day-first" in problem.reason
    assert _count(duckdb_workspace) == 0
    import_file(
        duckdb_workspace, "orders", path, mapping={"total": "total_cents"},
        reading=Reading(date_order="day-first"),
    )  # fmt: skip
    assert _days(duckdb_workspace)["O0"] == "2026-02-03"


def test_the_workspace_setting_answers_the_date_question(tmp_path):
    from regulars.services.workspace import Workspace

    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "regulars.toml").write_text('date_order = "month-first"\n', encoding="utf-8")
    with Workspace.open(folder) as ws:
        path = _dates_file(tmp_path, ["03/02/2026"])
        import_file(ws, "orders", path, mapping={"total": "total_cents"})
        assert _days(ws) == {"O0": "2026-03-02"}


def test_dates_written_both_ways_are_one_problem(duckdb_workspace, tmp_path):
    path = _dates_file(tmp_path, ["13/02/2026", "02/13/2026", "01/01/2026"])
    with pytest.raises(InputError) as caught:
        import_file(duckdb_workspace, "orders", path, mapping={"total": "total_cents"})
    assert len(caught.value.problems) == 1 and "both day first" in str(caught.value)


def test_dotted_dates_are_day_first(duckdb_workspace, tmp_path):
    path = _dates_file(tmp_path, ["03.02.2026"])
    import_file(duckdb_workspace, "orders", path, mapping={"total": "total_cents"})
    assert _days(duckdb_workspace) == {"O0": "2026-02-03"}


def test_excel_empty_rows_are_skipped_and_lines_stay_physical(workspace, tmp_path):
    text = (
        "customer_id,email,note\n"  # 1
        ",,\n"  # 2
        "C1,a@example.com,fine\n"  # 3
        "\n"  # 4
        'C2,b@example.com,"two\nlines"\n'  # 5-6
        ",,\n"  # 7
        "C3,not-an-email,x\n"  # 8
    )
    path = _write(tmp_path, "people.csv", text.encode())
    with pytest.raises(InputError) as caught:
        import_file(workspace, "customers", path)
    assert [(p.line, p.column) for p in caught.value.problems] == [(8, "email")]
    assert caught.value.total == 1 and _count(workspace, "customers") == 0
    path.write_bytes(text.replace("not-an-email", "c@example.com").encode())
    report = import_file(workspace, "customers", path)
    assert report.rows_in_file == 3 and _count(workspace, "customers") == 3
    assert any("skipped 2 empty rows" in w for w in report.warnings)


def test_a_row_with_too_many_fields_names_its_line(duckdb_workspace, tmp_path):
    text = 'customer_id,note\nC1,"a\nb"\nC2,x,y\n'
    path = _write(tmp_path, "people.csv", text.encode())
    with pytest.raises(InputError) as caught:
        import_file(duckdb_workspace, "customers", path)
    assert caught.value.problems[0].line == 4
    assert "3 fields where the header has 2" in caught.value.problems[0].reason


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 1 << 20])
def test_record_lines_do_not_depend_on_where_chunks_end(chunk):
    data = b'h1,h2\r\n1,"a\r\nb"\r\n\r\n2,"x""\ny"\n3,z'
    chunks = [data[i : i + chunk] for i in range(0, len(data), chunk)]
    assert record_start_lines(iter(chunks)).tolist() == [1, 2, 5, 7]


def test_each_bad_row_is_one_problem_never_a_duplicate_of_none(duckdb_workspace, tmp_path):
    text = "order_id,customer_id,ordered_at,total\n,C1,2026-01-02,x\n,C1,2026-01-02,x\n"
    path = _write(tmp_path, "orders.csv", text.encode())
    with pytest.raises(InputError) as caught:
        import_file(duckdb_workspace, "orders", path)
    assert [(p.line, p.column) for p in caught.value.problems] == [(2, "total"), (3, "total")]
    people = _write(tmp_path, "people.csv", b"customer_id,note\n,a\n,b\nC1,c\n")
    with pytest.raises(InputError) as caught:
        import_file(duckdb_workspace, "customers", people)
    reasons = [(p.line, p.reason) for p in caught.value.problems]
    assert reasons == [(2, "required value is missing"), (3, "required value is missing")]


def test_skip_invalid_imports_the_good_rows_and_sets_the_others_aside(workspace, tmp_path):
    text = (
        "order_id,customer_id,ordered_at,total\n"
        "O1,C1,2026-01-02,10\nO2,C1,2026-01-03,x\nO3,C2,,12\nO4,C1,2026-01-02,10\n"
    )
    path = _write(tmp_path, "sales.csv", text.encode())
    with pytest.raises(InputError):
        import_file(workspace, "orders", path)
    assert _count(workspace) == 0
    report = import_file(workspace, "orders", path, reading=Reading(skip_invalid=True))
    assert sorted(_totals(workspace)) == ["O1", "O4"] and report.rejected == 2
    rejected = Path(report.rejected_file)
    assert rejected == tmp_path / "sales.rejected.csv"
    lines = rejected.read_text().splitlines()
    assert lines[0] == '"line","problems","order_id","customer_id","ordered_at","total"'
    assert lines[1:] == [
        '3,"total: not an amount of money","O2","C1","2026-01-03","x"',
        '4,"ordered_at: required value is missing","O3","C2",,"12"',
    ]
    again = import_file(workspace, "orders", path, reading=Reading(skip_invalid=True))
    assert again.total.created == 0 and _count(workspace) == 2


def test_skip_invalid_cannot_skip_a_question_about_the_whole_column(duckdb_workspace, tmp_path):
    path = _dates_file(tmp_path, ["03/02/2026", "04/02/2026"])
    with pytest.raises(InputError, match="day first or month first"):
        import_file(duckdb_workspace, "orders", path, reading=Reading(skip_invalid=True))
    assert not (tmp_path / "dates.rejected.csv").exists()
