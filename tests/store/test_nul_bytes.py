"""A NUL character in a value (issue 16): PostgreSQL cannot store one, and answered 500 even on a
dry run. Now an input problem naming file, line and column, on both backends, dry run or not."""

from __future__ import annotations

import pytest

from regulars.errors import InputError
from regulars.services.imports import import_file


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_nul_character_is_an_input_problem(workspace, tmp_path, dry_run):
    source = tmp_path / "customers.csv"
    source.write_bytes(
        b"customer_id,email,first_name\nc1,a@example.org,Ann\nc2,b@example.org,B\x00b\n"
    )
    with pytest.raises(InputError) as caught:
        import_file(workspace, "customers", source, dry_run=dry_run)
    problem = caught.value.problems[0]
    assert (problem.file, problem.column) == ("customers.csv", "first_name")
    assert problem.line == 3
    assert workspace.store.execute("SELECT count(*) FROM customers")[0][0] == 0
