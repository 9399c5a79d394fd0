"""The reference interpreter answers every worked example exactly as the compiled evaluator."""

from __future__ import annotations

from pathlib import Path

import pytest

import rectilaw
from rectilaw.engine.reference import evaluate
from rectilaw.errors import FindingError
from rectilaw.worked_examples import find_example_files, load_cases

EXAMPLES = Path(__file__).parents[1] / "policies"
CASES = [case for path in find_example_files([EXAMPLES]) for case in load_cases(path)]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{Path(c.file).parent.name}:{c.line}")
def test_reference_agrees_on_the_worked_examples(case: object) -> None:
    from rectilaw.worked_examples import Case

    assert isinstance(case, Case)
    policy = rectilaw.load_policy(case.policy, params=case.params or None)
    try:
        fast = policy.evaluate(case.finding, case.today).to_dict()
    except FindingError as error:
        with pytest.raises(FindingError) as refused:
            evaluate(policy.model, case.finding, case.today, policy.calendar)
        assert refused.value.fields == error.fields
        return
    slow = evaluate(policy.model, case.finding, case.today, policy.calendar).to_dict()
    assert slow == fast
