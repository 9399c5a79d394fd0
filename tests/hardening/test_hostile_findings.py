"""Any JSON value in any field: evaluation answers or raises FindingError naming the field."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rectilaw
from rectilaw import FindingError
from rectilaw.policies import builtin_names
from rectilaw.schema import FIELDS

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12)
    | st.sampled_from(["2024-02-29", "2023-02-29", "2024-13-01", "１２", "1e3", "-0.00",
                       "0.001", "是", "upper", "reminder_letter", "NaN", "Infinity"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["kind", "on", "by", "x"]), inner, max_size=3),
    max_leaves=6,
)
NAMES = [*sorted(FIELDS), "corected", "__class__", "", "status", "事实"]
POLICIES = {name: rectilaw.load_policy(name) for name in builtin_names()}


@pytest.mark.parametrize("name", sorted(POLICIES))
@given(finding=st.dictionaries(st.sampled_from(NAMES), JSON, max_size=6),
       today=st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)))
def test_arbitrary_json_is_answered_or_refused_by_field(name: str, finding: dict[str, Any],
                                                        today: datetime.date) -> None:
    try:
        assessment = POLICIES[name].evaluate(finding, today=today)
    except FindingError as error:
        assert error.problems
        for field in error.fields:
            assert field.split("[")[0].split(".")[0] in finding or field == "<finding>"
    else:
        assert assessment.status in POLICIES[name].statuses
        assessment.to_dict()


@given(st.one_of(st.none(), st.integers(), st.text(), st.lists(st.integers())))
def test_a_finding_that_is_not_a_mapping_is_refused(value: Any) -> None:
    with pytest.raises(FindingError):
        POLICIES["sasac"].evaluate(value, today=datetime.date(2024, 1, 1))


def _nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


#: One example of each class of bad value: (class, field, value, the fields the error must
#: name, words it must say).
BAD_VALUES: list[tuple[str, str, Any, tuple[str, ...], str]] = [
    ("wrong type: a list for a text", "id", ["F-1"], ("id",), "expected a text"),
    ("wrong type: a number for a date", "issued_on", 20240112, ("issued_on",),
     "expected a date"),
    ("wrong type: a bool for a date", "due_on", True, ("due_on",), "expected a date"),
    ("wrong type: a bool for an amount", "problem_amount", True, ("problem_amount",),
     "expected an amount"),
    ("wrong type: a mapping for a flag", "corrected", {"x": 1}, ("corrected",),
     "expected true or false"),
    ("wrong type: 2 for a flag", "corrected", 2, ("corrected",), "expected true or false"),
    ("wrong type: a number for a choice", "source", 1, ("source",), "is not one of"),
    ("impossible date", "issued_on", "2024-02-30", ("issued_on",),
     "`2024-02-30` is not a date"),
    ("impossible date: 29 February of a common year", "due_on", "2023-02-29", ("due_on",),
     "`2023-02-29` is not a date"),
    ("impossible date: month 13", "extended_to", "2024-13-01", ("extended_to",),
     "is not a date"),
    ("date not year first", "reported_on", "07/01/2024", ("reported_on",), "YYYY-MM-DD"),
    ("ISO week date (read on some Pythons only)", "issued_on", "2024-W01-1", ("issued_on",),
     "is not a date"),
    ("date and time", "issued_on", datetime.datetime(2024, 1, 12, 9, 30), ("issued_on",),
     "a date and time"),
    ("negative amount", "problem_amount", "-0.01", ("problem_amount",), "cannot be negative"),
    ("negative amount as a number", "corrected_amount", -5, ("corrected_amount",),
     "cannot be negative"),
    ("three decimals", "problem_amount", "1250.005", ("problem_amount",),
     "more than two decimals"),
    ("three decimals as a float", "corrected_amount", 0.125, ("corrected_amount",),
     "more than two decimals"),
    ("amount not finite", "problem_amount", "Infinity", ("problem_amount",), "not a finite"),
    ("amount beyond any decimal context", "problem_amount", "1e999999999",
     ("problem_amount",), "too large for an amount"),
    ("amount in words", "problem_amount", "一千元", ("problem_amount",), "is not an amount"),
    ("unknown choice", "source", "uper", ("source",), "did you mean `upper`?"),
    ("unknown choice in Chinese", "rectification_type", "立即整改", ("rectification_type",),
     "is not one of immediate, phased, continuous"),
    ("events not a list: a text", "events", "reminder_letter@2024-05-01", ("events",),
     "expected a list of {kind, on}"),
    ("events not a list: one mapping", "events",
     {"kind": "reminder_letter", "on": "2024-05-01"}, ("events",),
     "expected a list of {kind, on}"),
    ("events not a list: a set (no order)", "events", {"reminder_letter", "interview"},
     ("events",), "expected a list of {kind, on}"),
    ("event not a mapping", "events", [["reminder_letter", "2024-05-01"]], ("events[0]",),
     "expected {kind, on}"),
    ("event without a kind", "events", [{"on": "2024-05-01"}], ("events[0].kind",),
     "the kind of the measure is missing"),
    ("event of an unknown kind", "events", [{"kind": "reminder_leter", "on": "2024-05-01"}],
     ("events[0].kind",), "did you mean `reminder_letter`?"),
    ("event with an impossible date", "events",
     [{"kind": "reminder_letter", "on": "2024-02-30"}], ("events[0].on",),
     "`2024-02-30` is not a date"),
    ("event without a date", "events", [{"kind": "interview"}], ("events[0].on",),
     "the date of the measure is missing"),
    ("event with an unknown key", "events",
     [{"kind": "interview", "on": "2024-05-01", "at": "会议室"}], ("events[0].at",),
     "an event has `kind` and `on`"),
    ("a value nested 100,000 deep", "problem_amount", _nested(100_000), ("problem_amount",),
     "expected an amount in yuan, got [[[["),
    ("an event nested 100,000 deep", "events", [_nested(100_000)], ("events[0]",),
     "expected {kind, on}, got [[[["),
]


@pytest.mark.parametrize("name", sorted(POLICIES))
@pytest.mark.parametrize(("kind", "field", "value", "fields", "words"), BAD_VALUES,
                         ids=[case[0] for case in BAD_VALUES])
def test_each_kind_of_bad_value_is_refused_naming_its_field(
        name: str, kind: str, field: str, value: Any, fields: tuple[str, ...],
        words: str) -> None:
    finding = {"id": "F-1", "issued_on": "2024-01-12", field: value}
    with pytest.raises(FindingError) as error:
        POLICIES[name].evaluate(finding, today=datetime.date(2024, 7, 1))
    assert error.value.fields == fields
    text = str(error.value)
    assert words in text
    assert len(max(text.splitlines(), key=len)) < 300  # a value is shown cut, never whole
    if field != "id":
        assert text.startswith("finding 'F-1' has 1 problem")


def test_every_bad_value_of_a_finding_is_named_at_once() -> None:
    finding: dict[str, Any] = {"id": "F-2"}
    expected: set[str] = set()
    for _kind, field, value, fields, _words in BAD_VALUES:
        if field not in finding:
            finding[field] = value
            expected.update(fields)
    with pytest.raises(FindingError) as error:
        POLICIES["sasac"].evaluate(finding, today=datetime.date(2024, 7, 1))
    assert set(error.value.fields) == expected
    assert len(expected) >= 10
