"""The Qianjiang policy as a whole: its clauses, its assumptions, its deployment switch.

The worked examples beside this file check what it answers for findings; these
tests check what reviewers and deployments rely on: every paragraph accounted
for, every assumed value listed, practice from elsewhere off unless turned on.
"""

from __future__ import annotations

import datetime

import pytest

import rectilaw
from rectilaw.dsl.checker import parse_param_value
from rectilaw.dsl.model import BOOL
from rectilaw.dsl.parser import parse


@pytest.fixture(scope="module")
def policy() -> rectilaw.Policy:
    return rectilaw.load_policy("qianjiang")


def test_loads_without_errors_or_warnings(policy: rectilaw.Policy) -> None:
    assert policy.warnings == ()
    assert policy.info.issued == datetime.date(2021, 1, 6)


def test_every_clause_is_encoded_or_says_why_not(policy: rectilaw.Policy) -> None:
    for clause in policy.clauses:
        assert bool(clause.cited_by) != bool(clause.not_encoded), clause.id


def test_every_part_of_the_document_is_a_clause(policy: rectilaw.Policy) -> None:
    ids = {c.id for c in policy.clauses}
    own = {"0", "1.1", "1.2.1", "1.2.2", "1.2.3", "2.1.1", "2.1.2", "2.1.3", "2.2", "2.3",
           "3.1.1", "3.1.2", "3.1.3", "3.1.4", "3.1.5", "3.2", "3.3.1", "3.3.2", "3.4.1",
           "3.4.2", "3.5", "3.6.1", "3.6.2", "3.6.3", "4.1.1", "4.1.2", "4.2.1", "4.2.2", "4.3",
           "cc.1", "cc.2", "cc.3"}
    assert own <= ids
    assert ids - own == {"p.pengshui.1", "p.jilin"}


def test_the_mechanisms_of_part_three_are_encoded(policy: rectilaw.Policy) -> None:
    encoded = {c.id for c in policy.clauses if c.encoded}
    assert {"3.1.1", "3.1.2", "3.1.4", "3.1.5", "3.2", "3.3.1", "3.3.2", "3.4.1", "3.4.2",
            "3.6.1", "3.6.2", "3.6.3"} <= encoded


def test_practice_clauses_say_they_are_not_qianjiangs_text(policy: rectilaw.Policy) -> None:
    practice = [c for c in policy.clauses if c.id.startswith("p.")]
    assert practice
    for clause in practice:
        assert clause.title is not None and "他地实践" in clause.title
        assert "非黔江区文件" in clause.title


def test_practice_rules_cite_only_practice_clauses(policy: rectilaw.Policy) -> None:
    """A rule of practice elsewhere never borrows the authority of Qianjiang's text."""
    for action in policy.model.actions:
        for rule in action.rules:
            cites_practice = any(c.startswith("p.") for c in rule.citation)
            reads_switch = rule.condition is not None and any(
                n.op == "param" and n.value == "practice_referral_routes"
                for n in rule.condition.walk())
            assert cites_practice == reads_switch, rule.id
            if cites_practice:
                assert all(c.startswith("p.") for c in rule.citation), rule.id


def test_assumed_values_are_listed_with_reasons(policy: rectilaw.Policy) -> None:
    assumed = {a.name: a for a in policy.assumptions if a.value is not None}
    assert set(assumed) == {"prescribed_time", "follow_up_interval", "practice_referral_routes"}
    assert str(assumed["prescribed_time"].value) == "60 days"
    assert assumed["practice_referral_routes"].value is False
    assert all(a.reason for a in assumed.values())


def test_the_determinations_are_readings_listed_as_such(policy: rectilaw.Policy) -> None:
    """The text defines no determinations: each status rule that is a reading says so."""
    readings = {a.name for a in policy.assumptions if a.value is None}
    assert {"status:not_rectified#1", "status:not_rectified#2", "status:rectified#2",
            "status:in_progress#1", "action:interview#1"} <= readings
    closed = next(r for _, r in policy.model.status.rules if r.id == "status:rectified#1")
    assert closed.assumed is None


PRACTICE_FINDING = {
    "issued_on": "2024-01-12",
    "referral_route": "competent_department",
    "events": [{"kind": "refer_accountability", "on": "2024-01-30"}],
}


def _codes(policy: rectilaw.Policy) -> set[str]:
    assessment = policy.evaluate(PRACTICE_FINDING, today=datetime.date(2024, 2, 1))
    return {a.code for a in assessment.actions}


@pytest.mark.parametrize("value", ["true", True])
def test_a_deployment_turns_practice_routes_on(value: object) -> None:
    policy = rectilaw.load_policy("qianjiang", params={"practice_referral_routes": value})
    assert "copy_referral" in _codes(policy)
    (param,) = [p for p in policy.params if p.name == "practice_referral_routes"]
    assert param.overridden and param.value_on(None) is True


@pytest.mark.parametrize("value", ["false", False])
def test_practice_routes_stay_off_when_set_false(value: object) -> None:
    policy = rectilaw.load_policy("qianjiang", params={"practice_referral_routes": value})
    assert "copy_referral" not in _codes(policy)


def test_practice_routes_are_off_by_default(policy: rectilaw.Policy) -> None:
    assert "copy_referral" not in _codes(policy)
    assert "referral_feedback" in _codes(policy)


@pytest.mark.parametrize("raw", ["yes", "1", "", 1, None])
def test_a_switch_takes_only_true_or_false(raw: object) -> None:
    with pytest.raises(ValueError, match="is not a bool"):
        parse_param_value(raw, BOOL)
    with pytest.raises(rectilaw.PolicyError, match="practice_referral_routes"):
        rectilaw.load_policy("qianjiang", params={"practice_referral_routes": raw})


def test_bool_values_parse() -> None:
    assert parse_param_value("true", BOOL) is True
    assert parse_param_value("false", BOOL) is False
    assert parse_param_value(False, BOOL) is False


def test_clause_ids_of_another_document_start_with_a_word() -> None:
    tree = parse('policy x { title "x" }\n'
                 'clause p.pengshui.1 "他地实践": "原文"\n'
                 'clause cc.2: "抄送"\n'
                 'fact key_matter: bool "重点事项" [p.pengshui.1, cc.2]\n', "x.rules")
    clauses = [d for d in tree.declarations if type(d).__name__ == "Clause"]
    assert [c.id.value for c in clauses] == ["p.pengshui.1", "cc.2"]


@pytest.mark.parametrize("bad", ["P.pengshui", "p", "p.", ".1"])
def test_malformed_clause_ids_are_refused(bad: str) -> None:
    with pytest.raises(rectilaw.PolicyError, match=r"syntax-error|unexpected"):
        parse(f'policy x {{ title "x" }}\nclause {bad}: "原文"\n', "x.rules")
