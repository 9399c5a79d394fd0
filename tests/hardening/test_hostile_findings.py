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
