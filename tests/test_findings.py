"""Reading findings: JSON-ish values accepted, every bad field named at once."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from rectilaw import Event, FindingError
from rectilaw.findings import normalize, schema_specs

SPECS = schema_specs()


def test_defaults_fill_every_field() -> None:
    out = normalize({}, SPECS)
    assert out["corrected"] is False
    assert out["problem_amount"] == Decimal(0)
    assert out["issued_on"] is None
    assert out["source"] is None
    assert out["events"] == ()


@pytest.mark.parametrize(("field", "raw", "value"), [
    ("issued_on", "2024-01-12", datetime.date(2024, 1, 12)),
    ("issued_on", datetime.datetime(2024, 1, 12), datetime.date(2024, 1, 12)),
    ("issued_on", "", None),
    ("problem_amount", "1,250.50", Decimal("1250.50")),
    ("problem_amount", 12, Decimal(12)),
    ("problem_amount", 0.1, Decimal("0.1")),
    ("problem_amount", 1e26, Decimal("1E+26")),
    ("problem_amount", "1.100", Decimal("1.1")),
    ("corrected", "是", True),
    ("corrected", "false", False),
    ("corrected", 1, True),
    ("corrected", None, False),
    ("source", "upper", "upper"),
    ("id", 17, "17"),
])
def test_json_ish_values_are_read(field: str, raw: Any, value: Any) -> None:
    assert normalize({field: raw}, SPECS)[field] == value


@pytest.mark.parametrize(("field", "raw", "fragment"), [
    ("issued_on", "2024-02-30", "not a date"),
    ("issued_on", "12/01/2024", "not a date"),
    ("issued_on", datetime.datetime(2024, 1, 12, 9, 30), "date and time"),
    ("issued_on", 20240112, "expected a date"),
    ("problem_amount", "-5", "negative"),
    ("problem_amount", "1.005", "two decimals"),
    ("problem_amount", "NaN", "finite"),
    ("problem_amount", True, "amount"),
    ("problem_amount", "abc", "not an amount"),
    ("corrected", "maybe", "true or false"),
    ("source", "uper", "not one of"),
    ("id", ["x"], "text"),
])
def test_bad_values_are_named(field: str, raw: Any, fragment: str) -> None:
    with pytest.raises(FindingError) as error:
        normalize({field: raw}, SPECS)
    assert error.value.fields == (field,)
    assert fragment in str(error.value)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(FindingError) as error:
        normalize({"id": "F-9", "corected": True, "issued_on": "2024-13-01",
                   "problem_amount": "-1", "source": "uper"}, SPECS)
    assert set(error.value.fields) == {"corected", "issued_on", "problem_amount", "source"}
    text = str(error.value)
    assert "finding 'F-9' has 4 problems" in text
    assert "did you mean `corrected`?" in text
    assert "did you mean `upper`?" in text


def test_events_are_read_sorted_and_checked() -> None:
    events = normalize({"events": [{"kind": "supervision_letter", "on": "2024-06-01"},
                                   {"kind": "reminder_letter", "on": "2024-05-01"}]},
                       SPECS)["events"]
    assert events == (Event(datetime.date(2024, 5, 1), "reminder_letter"),
                      Event(datetime.date(2024, 6, 1), "supervision_letter"))
    with pytest.raises(FindingError) as error:
        normalize({"events": [{"kind": "reminder_leter", "on": "2024-05-01", "by": "x"},
                              {"kind": "interview"}, "oops"]}, SPECS)
    assert set(error.value.fields) == {"events[0].kind", "events[0].by", "events[1].on",
                                       "events[2]"}


def test_a_finding_must_be_a_mapping() -> None:
    with pytest.raises(FindingError) as error:
        normalize(["not", "a", "mapping"], SPECS)
    assert error.value.fields == ("<finding>",)
