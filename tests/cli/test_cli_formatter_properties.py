"""Properties of the formatter over policies drawn at random, in random layouts.

Formatting never changes meaning (the checked model, places aside, is the same),
keeps every comment, and formatting the result again changes nothing.
"""

from __future__ import annotations

from hypothesis import given
from rules_strategies import rule_files
from test_cli_formatter import comments, meaning

from rectilaw.dsl.formatter import format_source


@given(rule_files())
def test_drawn_policies_check(text: str) -> None:
    """The strategy draws valid policies, so the properties below compare real models."""
    assert isinstance(meaning(text), tuple), text


@given(rule_files())
def test_formatting_keeps_meaning(text: str) -> None:
    assert meaning(format_source(text)) == meaning(text)


@given(rule_files())
def test_formatting_keeps_every_comment(text: str) -> None:
    assert comments(format_source(text)) == comments(text)


@given(rule_files())
def test_formatting_is_idempotent(text: str) -> None:
    once = format_source(text)
    assert format_source(once) == once
