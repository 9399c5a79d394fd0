"""Loading and evaluating grow linearly with their input, or refuse it.

Work is counted in function calls (:mod:`tests.hardening.budget`), which does not depend on
the machine: a step that would take hours fails here within its budget.  ``make fuzz`` draws
many more shapes and sizes (HYPOTHESIS_PROFILE=fuzz).
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.hardening import generators
from tests.hardening.budget import assert_linear, calls

from rectilaw import PolicyError
from rectilaw.loader import policy_from_text

#: A few draws under the ci profile, many under fuzz: each draw loads two policies.
DRAWS = max(2, settings.default.max_examples // 20)
_fresh = itertools.count()


def load(text: str) -> None:
    """Load ``text`` (a fresh copy each time: the loader remembers texts it has seen)."""
    policy_from_text(text + f"# {next(_fresh)}\n", filename="scaling.rules")


def loads_linearly(build: Callable[[int], str], small: int, factor: int = 4) -> None:
    assert_linear(lambda n: load(build(n)), small, factor)


def test_a_definition_read_twice_by_the_next_loads_in_linear_work() -> None:
    # 26 such lets never finished loading: every path through them was walked.
    loads_linearly(generators.doubling_lets, 8, factor=4)


def test_a_long_chain_of_definitions_loads_in_linear_work() -> None:
    loads_linearly(generators.chained_lets, 200, factor=4)


def test_twenty_six_lets_each_read_twice_load() -> None:
    policy = policy_from_text(generators.doubling_lets(26), filename="doubling.rules")
    assert policy.evaluate({"corrected": True, "issued_on": "2024-01-02"},
                           "2024-02-01").status == "rectified"


@settings(max_examples=DRAWS, deadline=None)
@given(shape=st.sampled_from(sorted(generators.SHAPES)), small=st.integers(4, 60))
def test_every_definition_shape_loads_in_linear_work(shape: str, small: int) -> None:
    try:
        loads_linearly(generators.SHAPES[shape], small)
    except PolicyError as error:  # refused: acceptable, if it says why at a place
        assert all(d.span is not None for d in error.diagnostics), str(error)


def test_the_sql_of_many_stage_rules_compiles_in_linear_work() -> None:
    # 250 stage rules took 47 s: every calendar join copied the whole query built so far.
    pytest.importorskip("sqlglot")
    from rectilaw.sql import compile_sql

    def step(n: int) -> None:
        compile_sql(policy_from_text(generators.stage_rules(n), filename="stages.rules"))

    assert_linear(step, 15, factor=4)


def test_rule_text_of_tens_of_megabytes_is_refused_before_it_is_parsed() -> None:
    # 51 MB of rules took 2.9 GB to load; refused, it costs one look at its length.
    from rectilaw.dsl.parser import MAX_TEXT

    text = generators.chained_lets(3) + "# padding\n" * (MAX_TEXT // 10 + 1)
    with pytest.raises(PolicyError) as error:
        calls(lambda: load(text), budget=100_000)  # refused before any parsing
    [diagnostic] = error.value.diagnostics
    assert diagnostic.code == "too-large"


def _events(n: int, kinds: list[str]) -> dict[str, Any]:
    start = datetime.date(2024, 1, 13)
    return {"id": "E", "issued_on": "2024-01-12",
            "events": [{"kind": kinds[i % len(kinds)],
                        "on": (start + datetime.timedelta(days=i // 2)).isoformat()}
                       for i in range(n)]}


@pytest.mark.parametrize("name", ["jiaocheng", "qianjiang"])
def test_evaluating_and_a_timeline_grow_linearly_with_the_measures(name: str) -> None:
    # 10^5 measures took 130 s for a timeline: every day probed re-read them all.
    import rectilaw

    policy = rectilaw.load_policy(name)
    kinds = sorted(policy.model.event_kinds)

    def step(n: int) -> None:
        finding = _events(n, kinds)
        policy.evaluate(finding, "2026-01-01")
        until = datetime.date(2024, 1, 13) + datetime.timedelta(days=n // 2)
        assert policy.timeline(finding, "2024-01-12", until=until)

    assert_linear(step, 500, factor=4)
