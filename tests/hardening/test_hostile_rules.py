"""Hostile and broken rule files: loading raises PolicyError and nothing else.

Mutations of the real policies (cut, duplicated, swapped and garbled spans; tokens
of the language dropped in at random) and arbitrary text are fed to the loader.
`make fuzz` runs these with many more examples (HYPOTHESIS_PROFILE=fuzz).
"""

from __future__ import annotations

import builtins
import io
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, note
from hypothesis import strategies as st

from rectilaw import PolicyError, load_policy
from rectilaw.dsl.parser import MAX_DEPTH
from rectilaw.loader import policy_from_text
from rectilaw.policies import builtin_names, rules_directory

POLICIES = {name: rules_directory().joinpath(f"{name}.rules").read_text("utf-8")
            for name in builtin_names()}

TOKENS = [
    "policy", "clause", "party", "fact", "facts", "param", "let", "deadline", "status", "stage",
    "first", "match", "when", "unless", "otherwise", "action", "by", "target", "to", "level",
    "way", "due", "not", "encoded", "assumed", "from", "no", "rollover", "and", "or", "is", "set",
    "in", "if", "then", "else", "today", "true", "false", "yuan", "6 months", "10 workdays",
    "2024-02-29", "2024-02-30", "0.001", "-1", "[7.1]", "[", "]", "{", "}", "(", ")", ",", ":",
    "=", "==", "!=", "<", ">=", "??", "+", "-", "*", '"', '"\\"', '"unterminated', "#", "\n",
    "__import__('os')", "\x00", "\u202e", "\u3000", "９", "ｗｈｅｎ", "é", "𝔰𝔱𝔞𝔱𝔲𝔰",
    "((((((((((((((((((((", "))))))))))", "x" * 300, "corrected", "status first match {",
]


def load(text: str) -> None:
    try:
        policy_from_text(text, filename="fuzz.rules")
    except PolicyError as error:
        assert str(error)
        for diagnostic in error.diagnostics:
            assert diagnostic.render()


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = POLICIES[draw(st.sampled_from(sorted(POLICIES)))]
    for _ in range(draw(st.integers(1, 4))):
        size = len(text)
        start = draw(st.integers(0, size))
        end = draw(st.integers(start, min(size, start + 200)))
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "replace", "swap"]))
        if kind == "delete":
            text = text[:start] + text[end:]
        elif kind == "insert":
            text = text[:start] + " " + draw(st.sampled_from(TOKENS)) + " " + text[start:]
        elif kind == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        elif kind == "replace":
            text = text[:start] + draw(st.text(max_size=20)) + text[end:]
        else:
            other = draw(st.integers(0, size))
            text = text[:start] + text[other:other + (end - start)] + text[end:]
    return text


@given(mutated())
def test_mutated_policies_fail_only_with_policy_errors(text: str) -> None:
    note(text)
    load(text)


@given(st.lists(st.sampled_from(TOKENS), max_size=60).map(" ".join))
def test_token_soup_fails_only_with_policy_errors(text: str) -> None:
    load('policy p { title "x" }\n' + text)


@given(st.text(max_size=400))
def test_arbitrary_text_fails_only_with_policy_errors(text: str) -> None:
    load(text)


def test_loading_reads_no_file_but_the_one_it_is_given(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    rules = tmp_path / "p.rules"
    rules.write_text(
        'policy p { title "../../../etc/passwd" source "/etc/shadow" }\n'
        'clause 1 "/root/.ssh/id_rsa": "file:///etc/hosts"\n'
        'facts corrected\n'
        'status first match { rectified "已整改" when corrected [1]\n'
        '  in_progress "正在整改" otherwise [1] }\n', "utf-8")
    opened: list[str] = []
    real_open = builtins.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> io.IOBase:
        opened.append(os.fspath(file) if not isinstance(file, int) else str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    load_policy(rules)
    outside = [p for p in opened if not (p == str(rules) or "site-packages" in p
                                         or "/rectilaw/" in p)]
    assert outside == []


# ---------------------------------------------------------------- nesting

#: Five times Python's default recursion limit: a parser or checker that recursed once per
#: level would fail with RecursionError long before.
DEEP = 5_000
USES_X = """clause 1 "x": "y"
facts corrected
let x = {}
status first match {{ rectified "已整改" when corrected and x [1]
  in_progress "正在整改" otherwise [1] }}
"""

#: Each way an expression nests, DEEP levels deep.
NESTINGS = {
    "brackets": "(" * DEEP + "true" + ")" * DEEP,
    "not": "not " * DEEP + "true",
    "and": " and ".join(["true"] * DEEP),
    "or": " or ".join(["true"] * DEEP),
    "if-then-else": "if true then true else " * DEEP + "false",
    "negation": "- " * DEEP + "1",
    "sum": " + ".join(["1"] * DEEP),
    "coalesce": " ?? ".join(["due_on"] * DEEP),
    "call": "max(" * DEEP + "1" + ")" * DEEP,
}


@pytest.mark.parametrize("form", sorted(NESTINGS))
def test_deep_nesting_is_refused_with_its_position(tmp_path: Path, form: str) -> None:
    line = f"let x = {NESTINGS[form]}"
    path = tmp_path / "deep.rules"
    path.write_text(f'policy p {{ title "x" }}\n{line}\n', "utf-8")
    with pytest.raises(PolicyError) as error:
        load_policy(path)
    [diagnostic] = error.value.diagnostics
    assert diagnostic.code == "too-deep"
    assert diagnostic.message == f"expression nested more than {MAX_DEPTH} levels deep"
    assert diagnostic.span is not None and diagnostic.span.line == 2
    column = diagnostic.span.column
    assert len("let x = ") < column <= len(line)
    if form == "brackets":
        assert column == len("let x = ") + MAX_DEPTH + 1  # the bracket one level too deep
    rendered = str(error.value)
    assert rendered.startswith(f"{path}:2:{column}: too-deep: ")
    assert "= help: split it into named definitions with `let`" in rendered


#: Wrappers whose slot takes any expression: each adds a bracket level, a level of the
#: syntax tree, or both.
WRAPPERS = ["({})", "not ({})", "if true then {} else false", "if {} then true else false",
            "({}) and true", "true or ({})"]


@given(st.integers(0, 3 * MAX_DEPTH).flatmap(
    lambda depth: st.lists(st.sampled_from(WRAPPERS), min_size=depth, max_size=depth)))
def test_any_mix_of_nesting_loads_or_is_refused_as_too_deep(wrappers: list[str]) -> None:
    expression = "corrected"
    for wrapper in wrappers:
        expression = wrapper.format(expression)
    note(f"{len(wrappers)} levels: {expression[:200]}")
    text = 'policy p { title "x" }\n' + USES_X.format(expression)
    try:
        policy_from_text(text, filename="mix.rules")
    except PolicyError as error:
        event("refused as too deep")
        assert len(wrappers) > MAX_DEPTH // 2, str(error)
        assert [d.code for d in error.diagnostics] == ["too-deep"]
    else:
        event("loaded")
        # More than twice MAX_DEPTH wrappers put the brackets or the tree past it.
        assert len(wrappers) <= 2 * MAX_DEPTH
