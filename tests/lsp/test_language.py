"""The parts of the language server that need no editor: names, completion, hover, analysis."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rectilaw.cli import main
from rectilaw.dsl.checker import check
from rectilaw.dsl.parser import parse
from rectilaw.lsp.analysis import AnalysisRunner
from rectilaw.lsp.completion import Declared, complete
from rectilaw.lsp.hover import hover_markdown
from rectilaw.lsp.symbols import Index, build_index

from .editing import POLICY

SASAC = (Path(__file__).parents[2] / "policies" / "sasac.rules").read_text("utf-8")


@pytest.fixture(scope="module")
def sasac_index() -> Index:
    return build_index(parse(SASAC, "policies/sasac.rules"))


def test_every_citation_and_party_of_a_builtin_policy_resolves(sasac_index: Index) -> None:
    uses = [s for s in sasac_index.symbols if not s.declares and s.kind in ("clause", "party")]
    assert len(uses) > 100
    unresolved = [s for s in uses if not sasac_index.declarations(s.kind, s.name)]
    assert unresolved == []


def test_names_in_expressions_resolve_to_their_declarations(sasac_index: Index) -> None:
    kinds = {(s.kind, s.name) for s in sasac_index.symbols if not s.declares}
    assert ("definition", "overdue") in kinds
    assert ("definition", "deadline") in kinds  # the unnamed deadline, read as `deadline`
    assert ("param", "rectification_limit") in kinds
    assert ("outcome", "rectified") in kinds
    assert ("fact", "special_reason") in kinds
    decided = SASAC[: SASAC.index("decided by internal_audit")].count("\n")
    assert any(s.kind == "party" and s.name == "internal_audit" and s.range.line == decided
               for s in sasac_index.symbols)


def _labels(before: str, text: str = POLICY) -> list[str]:
    return [c.label for c in complete(before, Declared.from_index(build_index(parse(text))))]


@pytest.mark.parametrize(("before", "expected"), [
    ("    when corrected [", ["1", "2"]),
    ("    when corrected [1, ", ["1", "2"]),
    ("action x \"x\" by ", ["office"]),
    ("action x \"x\" by office to office, ", ["office"]),
    ("    when status is ", ["rectified", "in_progress"]),
    ("    when status not in (rectified, ", ["rectified", "in_progress"]),
    ('    when corrected "not here', []),
    ("    when corrected [1] # a comment ", []),
    ("param ", []),
])
def test_completion_follows_the_context(before: str, expected: list[str]) -> None:
    assert _labels(before) == expected


def test_completion_of_facts_offers_the_schema_fields_not_yet_declared() -> None:
    labels = _labels("facts issued_on, ")
    assert "corrected_amount" in labels and "issued_on" not in labels


def test_completion_of_measures_offers_the_policy_actions_first() -> None:
    labels = _labels("    when count of ")
    assert labels[0] == "notice" and "reminder_letter" in labels
    assert labels.count("notice") == 1


def test_completion_reads_the_declarations_of_a_text_that_never_parsed() -> None:
    typing = POLICY.replace("    when corrected [1]\n", "    when corr\n")
    declared = Declared.scan(typing)
    labels = [c.label for c in complete("    when corr", declared)]
    assert labels[:3] == ["issued_on", "corrected", "limit"]


def test_hover_on_a_schema_fact_gives_its_chinese_name_and_type() -> None:
    tree = parse(POLICY)
    index = build_index(tree)
    symbol = next(s for s in index.symbols if s.name == "corrected" and not s.declares)
    text = hover_markdown(symbol, index, check(tree))
    assert text is not None
    assert "问题金额或事实已调整或纠正完毕" in text and "bool" in text and "shared schema" in text


def test_hover_on_a_definition_gives_its_chinese_reading() -> None:
    tree = parse(POLICY)
    index = build_index(tree)
    symbol = next(s for s in index.symbols if s.name == "deadline" and not s.declares)
    text = hover_markdown(symbol, index, check(tree))
    assert text is not None
    assert "整改时限" in text and "读作" in text and "[2]" in text


def test_an_analysis_over_its_budget_is_cut_short_and_says_so() -> None:
    runner = AnalysisRunner(budget=0.001, prover="search")
    try:
        result = runner.run(SASAC, "policies/sasac.rules")
    finally:
        runner.close()
    assert result.timed_out and result.diagnostics == ()


def test_without_the_lsp_extra_the_command_names_it(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)
    monkeypatch.delitem(sys.modules, "rectilaw.lsp.server", raising=False)
    assert main(["lsp"]) == 2
    error = capsys.readouterr().err
    assert "`lsp` extra" in error and "pip install 'rectilaw[lsp]'" in error


GOLDEN_INPUTS = Path(__file__).parents[1] / "golden" / "inputs"


@pytest.mark.parametrize("name", ["broken.rules", "syntax.rules", "warnings.rules",
                                  "contradictory.rules"])
def test_the_server_diagnoses_as_rectilaw_check_does(name: str) -> None:
    from rectilaw.cli.check import diagnose as check_diagnose
    from rectilaw.lsp.adapter import diagnose

    text = (GOLDEN_INPUTS / name).read_text("utf-8")
    ours = [d.to_dict() for d in diagnose(text, name, "search")]
    assert ours
    assert ours == [d.to_dict() for d in check_diagnose(text, name, prover="search")]
