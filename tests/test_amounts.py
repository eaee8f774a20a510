import pytest
from django.core.exceptions import ValidationError

from budgets.amounts import format_kroner, parse_amount


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2 500 000", 2_500_000),
        ("2500000", 2_500_000),
        ("2.500.000", 2_500_000),
        ("kr 150 000", 150_000),
        ("150 000,-", 150_000),
        ("150 000,00", 150_000),
        ("NOK 65 000", 65_000),
        ("1 000 000 kr", 1_000_000),
        ("4\u00a0500\u00a0000", 4_500_000),
        ("4\u202f500\u202f000", 4_500_000),
        ("  75000 ", 75_000),
        ("0", 0),
    ],
)
def test_amounts_people_type_are_understood(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("-150 000", "negative"),
        ("−5", "negative"),
        ("150 000,50", "fraction"),
        ("1500.5", "fraction"),
        ("femti tusen", "invalid"),
        ("150k", "invalid"),
        ("1.50.000", "invalid"),
        ("", "empty"),
        ("kr", "empty"),
        ("9" * 13, "too_large"),
    ],
)
def test_bad_amounts_are_rejected_with_a_reason(text, code):
    with pytest.raises(ValidationError) as error:
        parse_amount(text)
    assert error.value.code == code


def test_kroner_are_grouped_with_narrow_no_break_spaces():
    assert format_kroner(4_500_000) == "4\u202f500\u202f000"
    assert format_kroner(610_000) == "610\u202f000"
    assert format_kroner(0) == "0"
    assert format_kroner(None) == ""
