"""``amount / n``: an amount shared by a whole number, rounded half away from zero to the fen.

The evaluators, the SQL engine and the analyses agree on it (the generated
policies of ``tests/engine/test_generated_policies.py`` divide too); here are
the rounding at the half fen, what the checker refuses, and how it reads.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectilaw import PolicyError
from rectilaw.engine import reference
from rectilaw.engine.money import divide
from rectilaw.loader import policy_from_text
from rectilaw.sphinx.text import Names, code, reading

TODAY = datetime.date(2024, 1, 1)

RULES = """\
policy d {{ title "D" }}
clause 1: "一"
facts corrected, problem_amount, corrected_amount
let share "应整改份额" = {share} [1]
status first match {{
  rectified "整改完毕"
    when corrected [1]
    when corrected_amount >= share [1]
  in_progress "正在整改"
    otherwise [1]
}}
"""


@pytest.mark.parametrize(("amount", "by", "share"), [
    ("0.05", 2, "0.03"), ("-0.05", 2, "-0.03"), ("0.35", 2, "0.18"), ("1", 3, "0.33"),
    ("2", 3, "0.67"), ("0.01", 3, "0.00"), ("123456789012345678901234567890.01", 7,
                                             "17636684144620811271604938270.00"),
])
def test_shares_are_rounded_half_away_from_zero_to_the_fen(amount: str, by: int,
                                                           share: str) -> None:
    assert divide(Decimal(amount), by) == Decimal(share)


@given(st.integers(-10 ** 40, 10 ** 40), st.integers(1, 1000))
def test_a_share_is_within_half_a_fen_of_the_exact_quotient(fen: int, by: int) -> None:
    from fractions import Fraction

    share = divide(Decimal(fen).scaleb(-2), by)
    assert abs(Fraction(share) - Fraction(fen, 100 * by)) <= Fraction(1, 200)


@pytest.mark.parametrize(("amount", "corrected", "status"), [
    ("0.05", "0.02", "rectified"), ("0.05", "0.01", "in_progress"), ("1", "0.33", "rectified"),
])
def test_every_evaluator_rounds_alike(amount: str, corrected: str, status: str) -> None:
    policy = policy_from_text(RULES.format(share="problem_amount / 3"))
    finding = {"problem_amount": amount, "corrected_amount": corrected}
    assert policy.evaluate(finding, TODAY).status == status
    assert reference.evaluate(policy.model, finding, TODAY, policy.calendar).status == status
    pytest.importorskip("duckdb")
    from rectilaw.sql.runner import DuckDBEngine

    (answer,) = DuckDBEngine(policy, threads=1).assess([policy.normalize(finding)], TODAY)
    assert answer is not None and answer.status == status


@pytest.mark.parametrize("share", ["problem_amount / corrected_amount", "problem_amount / 0",
                                   "3 / 2", "problem_amount / -2"])
def test_only_an_amount_divided_by_a_whole_number_above_zero_checks(share: str) -> None:
    with pytest.raises(PolicyError) as refused:
        policy_from_text(RULES.format(share=share))
    assert "`/` divides an amount by a whole number above 0" in str(refused.value)


def test_a_share_reads_back_as_code_and_in_chinese() -> None:
    policy = policy_from_text(RULES.format(share="(problem_amount - corrected_amount) / 2"))
    node = policy.model.definition("share").expr
    assert code(node) == "(problem_amount - corrected_amount) / 2"
    assert reading(node, Names.of(policy.model)).endswith("除以2（四舍五入到分）")


def test_the_analyses_reason_about_shares() -> None:
    """A rule no share can satisfy is found dead by the SMT prover, with a proof."""
    pytest.importorskip("z3")
    from rectilaw.analysis import analyze

    policy = policy_from_text(RULES.format(share="problem_amount / 3").replace(
        "when corrected_amount >= share [1]", "when share > problem_amount [1]"))
    report = analyze(policy.model, prover="z3", calendar=policy.calendar)
    assert report.prover == "z3"
    found = [r.diagnostic for r in report.results]
    assert any("share > problem_amount" in (d.span.text if d.span else "") for d in found), found
