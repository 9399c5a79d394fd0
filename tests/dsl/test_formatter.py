"""The formatter: golden files, meaning kept, comments kept, the policies formatted."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from rectilaw.dsl import ast
from rectilaw.dsl.formatter import WIDTH, FormatError, format_source, format_tree
from rectilaw.dsl.parser import parse
from rectilaw.errors import PolicyError, Source, Span

from .formatting import GOLDEN, ROOT, comments, compare, meaning

FMT = GOLDEN / "fmt"
INPUTS = sorted(FMT.glob("*.rules"))
POLICIES = sorted((ROOT / "policies").glob("*.rules"))


def width(line: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_golden(path: Path) -> None:
    text = path.read_text("utf-8")
    compare(path.with_suffix(".expected"), format_source(text, str(path)))


@pytest.mark.parametrize("path", INPUTS + POLICIES, ids=lambda p: p.stem)
def test_formatting_keeps_meaning_and_comments_and_is_idempotent(path: Path) -> None:
    text = path.read_text("utf-8")
    formatted = format_source(text)
    assert meaning(formatted) == meaning(text)
    assert comments(formatted) == comments(text)
    assert format_source(formatted) == formatted


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.stem)
def test_policies_are_formatted(path: Path) -> None:
    """Every built-in policy is committed in the canonical layout (`rectilaw fmt --write`)."""
    text = path.read_text("utf-8")
    assert format_source(text, str(path)) == text, (
        f"{path.relative_to(ROOT)} is not formatted: run `rectilaw fmt --write {path.name}`"
    )


@pytest.mark.parametrize("path", INPUTS + POLICIES, ids=lambda p: p.stem)
def test_lines_fit_where_the_formatter_can_choose(path: Path) -> None:
    for line in format_source(path.read_text("utf-8")).splitlines():
        code = line.split("  #")[0] if not line.lstrip().startswith("#") else ""
        quoted = code.lstrip().startswith('"')
        if quoted:
            assert width(code) <= WIDTH, line


def test_long_texts_are_cut_after_punctuation_and_never_before_it() -> None:
    body = "对无正当理由不接受审计意见或建议的，不采取整改措施的，虚假整改敷衍应付的，" * 3
    text = f'policy p {{ title "t" }}\nclause 1: "{body}"\n'
    formatted = format_source(text)
    parts = [line.strip() for line in formatted.splitlines() if line.startswith('  "')]
    assert len(parts) > 1
    assert all(part.endswith('，"') for part in parts[:-1])
    assert not any(part[1] in "，。；：、”）" for part in parts)


def test_a_text_that_fits_on_a_line_of_its_own_is_not_cut() -> None:
    label = "移送主管部门、公安、司法部门的问题和线索同时抄送纪委监委机关（他地实践：彭水）"
    text = (f'policy p {{ title "t" }}\nclause 1: "x"\nfacts corrected\nparty a "A"\n'
            f'status first match {{ rectified "r" otherwise [1] }}\n'
            f'action close_with_a_long_name "{label}" by a when corrected [1]\n')
    lines = format_source(text).splitlines()
    assert f'    "{label}"' in lines


def test_parentheses_are_kept_exactly_where_meaning_needs_them() -> None:
    text = ('policy p { title "t" }\nclause 1: "x"\nfacts corrected, irreversible, issued_on\n'
            "let a = (corrected or irreversible) and not (corrected and irreversible) [1]\n"
            "let b = ((corrected)) or (irreversible and corrected) [1]\n"
            "let c = (if corrected then issued_on else issued_on + 3 days) ?? today [1]\n"
            'status first match { rectified "r" otherwise [1] }\n')
    formatted = format_source(text)
    assert "let a = (corrected or irreversible) and not (corrected and irreversible) [1]" \
        in formatted
    assert "let b = corrected or irreversible and corrected [1]" in formatted
    assert "let c = (if corrected then issued_on else issued_on + 3 days) ?? today [1]" \
        in formatted


def test_a_node_without_a_printing_method_is_named() -> None:
    @attrs.frozen
    class Escalation:
        span: Span

    tree = parse('policy p { title "t" }\nclause 1: "x"\n')
    span = Span(Source("<rules>", ""), 1, 1, 1, 1)
    odd = attrs.evolve(tree, declarations=(*tree.declarations, Escalation(span)))
    with pytest.raises(FormatError, match=r"`Escalation` node: add a method `decl_escalation`"):
        format_tree(odd)


def test_an_expression_node_without_a_printing_method_is_named() -> None:
    @attrs.frozen
    class Lookup:
        span: Span

    tree = parse('policy p { title "t" }\nclause 1: "x"\nlet a = 1 [1]\n')
    let = tree.declarations[1]
    assert isinstance(let, ast.Let)
    odd = attrs.evolve(tree, declarations=(tree.declarations[0],
                                           attrs.evolve(let, expr=Lookup(let.span))))
    with pytest.raises(FormatError, match=r"`Lookup` node: add a method `expr_lookup`"):
        format_tree(odd)


def test_syntax_errors_are_policy_errors() -> None:
    with pytest.raises(PolicyError, match="syntax-error"):
        format_source('policy p { title "t" }\nclause\n', "bad.rules")
