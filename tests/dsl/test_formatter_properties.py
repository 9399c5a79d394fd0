"""Properties of the formatter over policies drawn at random, in random layouts.

Each drawn policy checks (so the properties compare real models); formatting
it never changes meaning (the checked model, places aside, is the same), keeps
every comment, and formatting the result again changes nothing.  The four are
asked of the same draw: drawing and checking a policy is what costs.
"""

from __future__ import annotations

from hypothesis import given

from rectilaw.dsl.formatter import format_source

from .formatting import comments, meaning
from .rules_strategies import rule_files


@given(rule_files())
def test_drawn_policies_check_and_formatting_keeps_meaning_comments_and_is_idempotent(
        text: str) -> None:
    before = meaning(text)
    assert isinstance(before, tuple), text
    once = format_source(text)
    assert meaning(once) == before
    assert comments(once) == comments(text)
    assert format_source(once) == once
