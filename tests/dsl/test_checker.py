"""The checker: names, types, citations, warnings, overrides."""

from __future__ import annotations

import pytest

from rectilaw import PolicyError
from rectilaw.dsl.checker import check
from rectilaw.dsl.parser import parse

HEADER = '''policy t { title "测试" }
clause 1: "第一条"
clause 2: "第二条" not encoded "原则性规定"
facts issued_on, corrected, source
'''
STATUS = '''status first match {
  rectified "已整改" when corrected [1]
  in_progress "正在整改" otherwise [1]
}
'''


def codes(text: str) -> list[str]:
    try:
        model = check(parse(HEADER + text, "t.rules"))
    except PolicyError as error:
        return [d.code for d in error.diagnostics]
    return [d.code for d in model.warnings]


def test_a_clean_policy_has_no_diagnostics() -> None:
    assert codes(STATUS) == []


def test_clauses_neither_cited_nor_explained_are_warned() -> None:
    assert codes(STATUS + 'clause 3: "第三条"\n') == ["uncited-clause"]


def test_a_schema_fact_cannot_change_type() -> None:
    assert codes(STATUS + 'fact due_on: bool "截止"\n') == ["type-error"]


def test_a_policy_fact_needs_a_type() -> None:
    assert codes(STATUS + "fact special\n") == ["unknown-fact"]


def test_names_are_unique_and_not_keywords() -> None:
    assert codes(STATUS + 'let corrected = true [1]\n') == ["duplicate-name"]
    assert codes(STATUS + 'fact status: bool "x"\n') in (["reserved-name"], ["syntax-error"])


def test_enum_values_are_checked_against_the_fact() -> None:
    body = STATUS.replace("when corrected", "when source in (upper, locall)")
    assert codes(body) == ["unknown-name"]


def test_is_set_only_on_values_that_may_be_unset() -> None:
    assert codes(STATUS.replace("when corrected", "when corrected is set")) == ["type-error"]
    assert codes(STATUS.replace("when corrected", "when issued_on is set")) == []


def test_status_cannot_read_itself() -> None:
    assert codes(STATUS.replace("when corrected", "when status is rectified")) == ["cycle"]


def test_actions_may_read_status_and_lets() -> None:
    assert codes(STATUS + 'party office "审计机关"\nlet open = status is not rectified [1]\n'
                 'action notice "通报" by office when open [1]\n') == []


def test_parameter_values_keep_one_type_and_date_order() -> None:
    assert codes(STATUS + "param x = 6 months [1] from 2025-01-01 = 3 [1]\n") == ["type-error"]
    assert codes(STATUS + "param x = 1 [1] from 2025-01-01 = 2 [1] from 2024-01-01 = 3 [1]\n") \
        == ["bad-order"]


def test_overrides_are_typed() -> None:
    model = check(parse(HEADER + STATUS + 'param x = 6 months assumed "未规定"\n', "t.rules"),
                  {"x": "10 workdays"})
    (param,) = model.params
    assert param.overridden
    assert str(param.values[0].value) == "10 workdays"
    with pytest.raises(PolicyError, match="not a duration"):
        check(parse(HEADER + STATUS + 'param x = 6 months assumed "未规定"\n', "t.rules"),
              {"x": "ten"})


def test_rule_reads_are_transitive_through_definitions() -> None:
    model = check(parse(HEADER + 'let early = issued_on is set and corrected [1]\n' +
                        STATUS.replace("when corrected", "when early"), "t.rules"))
    rule = model.status.outcomes[0].rules[0]
    assert rule.reads == ("issued_on", "corrected")
