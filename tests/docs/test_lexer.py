"""The Pygments lexer: every built-in rule file highlights without an error token."""

from __future__ import annotations

from importlib import metadata

import pytest
from pygments.lexers import (
    get_lexer_by_name,
    get_lexer_for_filename,
    guess_lexer,
    guess_lexer_for_filename,
)
from pygments.token import Comment, Error, Keyword, Name, Operator, String, _TokenType
from pygments.util import ClassNotFound

from rectilaw.lexer import RulesLexer
from rectilaw.policies import builtin_names, builtin_path


def tokens(text: str) -> list[tuple[_TokenType, str]]:
    return [(kind, value) for kind, value in RulesLexer().get_tokens(text) if value.strip()]


@pytest.mark.parametrize("name", builtin_names())
def test_builtin_policies_lex_without_errors(name: str) -> None:
    path = builtin_path(name)
    assert path is not None
    found = [t for t in RulesLexer().get_tokens(path.read_text("utf-8")) if t[0] in Error]
    assert found == []


def test_lexer_is_a_pygments_plugin() -> None:
    points = metadata.entry_points(group="pygments.lexers")
    assert any(p.value == "rectilaw.lexer:RulesLexer" for p in points)
    assert isinstance(get_lexer_by_name("rectilaw"), RulesLexer)
    assert isinstance(get_lexer_by_name("rules"), RulesLexer)


UDEV = 'SUBSYSTEM=="usb", ATTR{idVendor}=="0bda", MODE="0664", GROUP="plugdev"\n'
AUDIT = "-w /etc/passwd -p wa -k identity\n-a always,exit -F arch=b64 -S execve\n"


@pytest.mark.parametrize("name", builtin_names())
def test_a_policy_is_recognised_by_its_text(name: str) -> None:
    policy = builtin_path(name)
    assert policy is not None
    assert isinstance(guess_lexer(policy.read_text("utf-8")), RulesLexer)


def test_other_rules_files_are_not_claimed() -> None:
    for other in (UDEV, AUDIT):
        try:
            found = guess_lexer_for_filename("99-local.rules", other)
        except ClassNotFound:
            continue
        assert not isinstance(found, RulesLexer)
    with pytest.raises(ClassNotFound):
        get_lexer_for_filename("/etc/udev/rules.d/99-local.rules")
    assert RulesLexer.analyse_text(UDEV) == 0.0
    assert RulesLexer.analyse_text("policy demo {\n  title \"x\"\n}\n") > 0


def test_tokens_follow_the_grammar() -> None:
    text = (
        'clause 7.1 "（七）": "原文" not encoded "why"\n'
        'action interview "约谈" by sasac target main_head\n'
        "  when status is not rectified and today > deadline [12.1, p.jilin] # note\n"
        'deadline report "报告期限" = issued_on + 60 days [3.1] no rollover\n'
    )
    found = tokens(text)
    assert (Name.Label, "7.1") in found
    assert (Name.Label, "p.jilin") in found
    assert (Keyword, "encoded") in found
    assert (Name.Function, "interview") in found
    assert (Name.Entity, "main_head") in found
    assert (Operator.Word, "and") in found
    assert (Keyword.Constant, "today") in found
    assert (Name.Variable, "report") in found
    assert (Comment.Single, "# note") in found
    assert (String.Double, '"约谈"') in found
    assert (Keyword.Type, "days") in found


def test_due_deadline_on_one_line_then_when_is_not_a_declaration() -> None:
    found = tokens("  due deadline\n  when overdue [8.3]\n")
    assert (Keyword, "deadline") in found
    assert (Keyword, "when") in found
