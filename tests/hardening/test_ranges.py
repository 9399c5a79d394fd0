"""Dates outside the calendar, extreme parameters and subclass values: refused by field (or
parameter) with a clear message, or answered; never a bare arithmetic error.

The calendar answers for 2000-01-01 to 2100-12-31 (:data:`rectilaw.calendar.FIRST_DAY`,
:data:`~rectilaw.calendar.LAST_DAY`): a finding's dates and ``today`` must lie within, and
no duration may be longer than that whole range.  ``make fuzz`` draws many more cases.
"""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rectilaw
from rectilaw import EvaluationError, FindingError, PolicyError
from rectilaw.calendar import FIRST_DAY, LAST_DAY
from rectilaw.findings import normalize, schema_specs
from rectilaw.policies import builtin_names

POLICIES = {name: rectilaw.load_policy(name) for name in builtin_names()}
SASAC = POLICIES["sasac"]
TODAY = datetime.date(2024, 8, 1)


@pytest.mark.parametrize("day", ["1990-01-01", "9999-12-01", "0001-01-01", "1999-12-31",
                                 "2101-01-01", datetime.date(1990, 1, 1),
                                 datetime.date.max, datetime.datetime(1, 1, 1)])
@pytest.mark.parametrize("name", sorted(POLICIES))
def test_an_issue_date_outside_the_calendar_is_refused_by_field(name: str, day: Any) -> None:
    with pytest.raises(FindingError) as error:
        POLICIES[name].evaluate({"id": "F-1", "issued_on": day}, TODAY)
    assert error.value.fields == ("issued_on",)
    assert "outside the days the calendar answers for (2000-01-01 to 2100-12-31)" in str(
        error.value)


def test_timeline_refuses_it_the_same_way() -> None:
    with pytest.raises(FindingError) as error:
        SASAC.timeline({"issued_on": "9999-12-01"}, TODAY)
    assert error.value.fields == ("issued_on",)


def test_a_measure_dated_outside_the_calendar_is_refused_at_its_place() -> None:
    finding = {"issued_on": "2024-01-12",
               "events": [{"kind": "reminder_letter", "on": "1990-01-01"},
                          rectilaw.Event(datetime.date(9999, 1, 1), "reminder_letter")]}
    with pytest.raises(FindingError) as error:
        SASAC.evaluate(finding, TODAY)
    assert error.value.fields == ("events[0].on", "events[1].on")


@pytest.mark.parametrize("today", ["1990-01-01", datetime.date(9999, 12, 31),
                                   datetime.date(1999, 12, 31)])
def test_a_day_to_evaluate_on_outside_the_calendar_is_refused(today: Any) -> None:
    with pytest.raises(FindingError) as error:
        SASAC.evaluate({"issued_on": "2024-01-12"}, today)
    assert error.value.fields == ("today",)


def test_the_first_and_last_days_themselves_are_accepted() -> None:
    assert SASAC.evaluate({"issued_on": FIRST_DAY}, FIRST_DAY).status
    # Six months from the last issue date the calendar can take still fits...
    assert SASAC.evaluate({"issued_on": "2100-06-01"}, LAST_DAY).due
    # ...while a deadline past its last day is an evaluation error, not a bare ValueError.
    with pytest.raises(EvaluationError):
        SASAC.evaluate({"issued_on": LAST_DAY}, LAST_DAY)


@pytest.mark.parametrize("value", ["3000000 days", "99999999999 months", "102 years",
                                   "36890 workdays"])
def test_an_extreme_override_is_refused_at_load(value: str) -> None:
    with pytest.raises(PolicyError) as error:
        rectilaw.load_policy("sasac", params={"rectification_limit": value})
    [diagnostic] = error.value.diagnostics
    assert diagnostic.code == "bad-override"
    assert "longer than all the days the calendar answers for" in diagnostic.message


def test_a_long_but_countable_override_loads() -> None:
    policy = rectilaw.load_policy("sasac", params={"rectification_limit": "1 years"})
    assert policy.evaluate({"issued_on": "2024-01-12"}, TODAY).status


@pytest.mark.parametrize("literal", ["3000000 days", "99999999999 months", "1" + "0" * 5000,
                                     "1" + "0" * 5000 + " days"])
def test_an_extreme_number_in_a_rule_is_refused_where_it_is_written(literal: str) -> None:
    text = (f'policy p {{ title "x" }}\nclause 1 "x": "y"\nfacts corrected\n'
            f'param w "w" = {literal} assumed "r"\n'
            'status first match { rectified "已整改" when corrected [1]\n'
            '  in_progress "正在整改" otherwise [1] }\n')
    with pytest.raises(PolicyError) as error:
        rectilaw.policy_from_text(text, filename="far.rules")
    [diagnostic] = error.value.diagnostics
    assert diagnostic.code in ("duration-too-long", "number-too-large")
    assert diagnostic.span is not None and diagnostic.span.line == 4


# ---------------------------------------------------------------- subclass values


class Text(str):
    """A str subclass, as numpy's ``str_`` is."""


class FakeDate(datetime.date):
    """A date subclass, as a test clock's (freezegun) is."""


class Number(int):
    pass


SUBCLASSED = {"id": Text("F-9"), "issued_on": FakeDate(2024, 1, 12),
              "unit": Text("某单位"), "corrected": True,
              "events": [{"kind": Text("reminder_letter"), "on": FakeDate(2024, 3, 1)}]}
PLAIN = {"id": "F-9", "issued_on": datetime.date(2024, 1, 12), "unit": "某单位",
         "corrected": True, "events": [{"kind": "reminder_letter",
                                        "on": datetime.date(2024, 3, 1)}]}


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_subclass_values_are_answered_as_their_plain_values(name: str) -> None:
    policy = POLICIES[name]
    finding = {k: v for k, v in SUBCLASSED.items() if k in policy.normalize(PLAIN) or k == "id"}
    plain = {k: PLAIN[k] for k in finding}
    got = policy.evaluate(finding, FakeDate(2024, 8, 1))
    assert got.to_dict() == policy.evaluate(plain, TODAY).to_dict()
    assert type(got.today) is datetime.date
    assert policy.timeline(finding, FakeDate(2024, 8, 1)) == policy.timeline(plain, TODAY)


def test_an_integer_subclass_is_read_as_an_integer() -> None:
    specs = schema_specs()
    name = sorted(n for n, spec in specs.items() if spec.type == "integer")[0]
    assert normalize({name: Number(3)}, specs)[name].__class__ is int


def test_a_huge_integer_is_refused_by_field() -> None:
    with pytest.raises(FindingError) as error:
        SASAC.evaluate({"id": 10**5000}, TODAY)
    assert error.value.fields == ("id",)


# ---------------------------------------------------------------- generated


DAYS = st.dates(datetime.date.min, datetime.date.max)
ANY_DAY = DAYS | DAYS.map(datetime.date.isoformat) | st.builds(
    FakeDate.fromordinal, st.integers(1, datetime.date.max.toordinal()))


@settings(max_examples=max(20, settings.default.max_examples))
@given(name=st.sampled_from(sorted(POLICIES)), issued=ANY_DAY, due=st.none() | ANY_DAY,
       event=st.none() | ANY_DAY, today=DAYS)
def test_any_day_anywhere_is_answered_or_refused_by_a_rectilaw_error(
        name: str, issued: Any, due: Any, event: Any, today: datetime.date) -> None:
    finding: dict[str, Any] = {"id": "G", "issued_on": issued}
    if due is not None:
        finding["due_on"] = due
    if event is not None:
        finding["events"] = [{"kind": "reminder_letter", "on": event}]
    policy = POLICIES[name]
    for ask in (policy.evaluate, policy.timeline):
        try:
            ask(finding, today)
        except FindingError as error:
            assert set(error.fields) <= {"issued_on", "due_on", "events[0].on", "today"}
        except EvaluationError as error:
            assert error.finding_id == "G"


@settings(max_examples=max(10, settings.default.max_examples // 3))
@given(amount=st.integers(0, 10**30), unit=st.sampled_from(["days", "workdays", "months",
                                                            "years"]))
def test_any_override_loads_and_answers_or_is_refused(amount: int, unit: str) -> None:
    try:
        policy = rectilaw.load_policy("sasac",
                                      params={"rectification_limit": f"{amount} {unit}"})
    except PolicyError as error:
        assert [d.code for d in error.diagnostics] == ["bad-override"]
        return
    # Counted past the calendar's last day, it is said so, with the finding.
    with contextlib.suppress(EvaluationError):
        policy.evaluate({"id": "G", "issued_on": "2024-01-12"}, TODAY)
