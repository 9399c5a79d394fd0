"""Mutants of the built-in policies are policies the checker would accept."""

from __future__ import annotations

import pytest

import rectilaw
from rectilaw.mutation import mutants


@pytest.mark.parametrize("name", rectilaw.builtin_names())
def test_no_mutant_puts_a_step_that_waits_after_another_first(name: str) -> None:
    model = rectilaw.load_policy(name).model
    for mutant in mutants(model):
        for ladder in mutant.apply(model).ladders:
            first = ladder.steps[0]
            assert all(node.op != "previous" for node in first.anchor.walk()), \
                mutant.description


def test_the_other_neighbouring_steps_are_swapped() -> None:
    model = rectilaw.load_policy("jiaocheng").model
    swaps = [m.description for m in mutants(model)
             if m.operator == "swap" and m.description.startswith("ladder ")]
    assert swaps == [
        "ladder pressure: `supervision_letter` and `promotion_meeting` swapped",
        "ladder pressure: `promotion_meeting` and `supervision_meeting` swapped",
        "ladder pressure: `supervision_meeting` and `interview` swapped",
    ]
