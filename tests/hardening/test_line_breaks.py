"""Line breaks the grammar does not know: U+2028, U+2029, U+0085, VT, FF, FS–RS and a lone CR
are ordinary characters inside a text or a comment.  ``str.splitlines`` splits at all of
them, so every pass that counted lines with it disagreed with the parser: ``fmt`` moved
comments, brackets inside a text were counted as nesting, errors quoted the wrong line.
``make fuzz`` draws many more texts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rectilaw import PolicyError
from rectilaw.dsl.formatter import format_source
from rectilaw.loader import policy_from_text

SEPARATORS = ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r"]
BODY = ('policy p {{ title "{title}" }}\n# {comment}\nclause 1 "x":\n  "{clause}"\n'
        'facts corrected\nstatus first match {{ rectified "已整改" when corrected [1]\n'
        '  in_progress "正在整改" otherwise [1] }}\n')


def policy_text(title: str = "x", comment: str = "c", clause: str = "y") -> str:
    return BODY.format(title=title, comment=comment, clause=clause)


@pytest.mark.parametrize("separator", SEPARATORS, ids=ascii)
@pytest.mark.parametrize("where", ["title", "comment", "clause"])
def test_a_separator_and_brackets_after_it_in_a_text_or_comment_load(separator: str,
                                                                    where: str) -> None:
    text = policy_text(**{where: "a" + separator + "(" * 120 + " # b"})
    policy_from_text(text, filename="breaks.rules")


@pytest.mark.parametrize("separator", SEPARATORS, ids=ascii)
@pytest.mark.parametrize("where", ["title", "comment", "clause"])
def test_fmt_is_idempotent_on_a_separator(separator: str, where: str) -> None:
    text = policy_text(**{where: "a" + separator + "b # c"})
    once = format_source(text)
    assert format_source(once) == once
    assert (separator + "b # c") in once


def test_an_error_after_a_separator_quotes_the_line_the_parser_means() -> None:
    text = policy_text(comment="a\u2028b").replace("when corrected", "when corected")
    with pytest.raises(PolicyError) as error:
        policy_from_text(text, filename="breaks.rules")
    [diagnostic] = error.value.diagnostics
    assert diagnostic.span is not None
    assert "corected" in diagnostic.span.text


TEXT = st.text(st.sampled_from([*SEPARATORS, "a", "(", ")", "#", " ", "b"]), max_size=30)


@settings(max_examples=max(10, settings.default.max_examples // 3))
@given(title=TEXT, comment=TEXT, clause=TEXT)
def test_fmt_is_idempotent_on_any_mix(title: str, comment: str, clause: str) -> None:
    text = policy_text(title, comment, clause)
    try:
        once = format_source(text)
    except PolicyError:
        return
    assert format_source(once) == once
