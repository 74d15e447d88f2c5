"""Closed vocabularies are declared once (``regulars.vocabulary``): the CLI's choices, the API's
enums
and the services' checks all refuse what is not in them."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from regulars.analytics.attribution import MODELS
from regulars.cli import app
from regulars.errors import InputError
from regulars.services.accounts import ROLES, User
from regulars.services.calendar.periods import PERIODS, check_period
from regulars.vocabulary import ATTRIBUTION_MODELS, AttributionModel, Period, Role, choose


def test_each_vocabulary_is_the_one_the_services_use():
    assert PERIODS == tuple(Period) == ("day", "week", "month", "quarter", "year")
    assert MODELS == ATTRIBUTION_MODELS == tuple(AttributionModel)
    assert ROLES == ("viewer", "analyst", "owner") and User("sam", Role.ANALYST).can("viewer")


def test_choose_gives_plain_text_or_an_input_error_naming_the_choices():
    assert type(check_period(Period.WEEK)) is str and check_period("week") == "week"
    with pytest.raises(InputError, match="unknown role 'boss'; use one of: viewer, analyst, owner"):
        choose(Role, "boss", "role")


@pytest.mark.parametrize(
    "args",
    [
        ["kpis", "--period", "fortnight"],
        ["campaigns", "--model", "first"],
        ["user", "add", "sam", "--role", "boss"],
    ],
)
def test_the_command_line_refuses_a_word_outside_the_vocabulary(args, tmp_path):
    result = CliRunner().invoke(app, [*args, "-w", str(tmp_path / "ws")])
    assert result.exit_code == 2 and "Invalid value" in result.output
    assert not (tmp_path / "ws").exists()
