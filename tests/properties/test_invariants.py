"""Every built-in policy satisfies every invariant on generated findings and days.

The findings come from :mod:`rectilaw.testing` (dates clustered around the
policy's deadlines); the ``ci`` profile makes the run derandomized and bounded.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rectilaw
from rectilaw import testing
from rectilaw.invariants import INVARIANTS

POLICIES = rectilaw.builtin_names()


@pytest.mark.parametrize("invariant", sorted(INVARIANTS))
@pytest.mark.parametrize("name", POLICIES)
@given(data=st.data())
def test_invariant(name: str, invariant: str, data: st.DataObject) -> None:
    policy = rectilaw.load_policy(name)
    finding, today = data.draw(testing.cases(policy), label="finding, today")
    problems = list(INVARIANTS[invariant](policy, finding, today))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", POLICIES)
@given(data=st.data())
def test_json_findings_agree_with_the_reference(name: str, data: st.DataObject) -> None:
    policy = rectilaw.load_policy(name)
    finding, today = data.draw(testing.cases(policy, as_json=True), label="finding, today")
    problems = list(INVARIANTS["reference_agrees"](policy, finding, today))
    assert not problems, "\n".join(problems)
