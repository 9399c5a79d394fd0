"""Loading stays linear in the size of the file; hostile nesting is refused before parsing."""

from __future__ import annotations

import time

import pytest

from rectilaw.dsl.parser import MAX_DEPTH, parse
from rectilaw.errors import PolicyError
from rectilaw.loader import load_policy

HEADER = 'policy p { title "x" }\nclause 1 "c": "x"\nfacts a\n'


def test_a_long_if_chain_is_refused_before_parsing() -> None:
    chain = "if a then 1 else " * 100_000
    started = time.perf_counter()
    with pytest.raises(PolicyError) as error:
        parse(f"{HEADER}let x = {chain}2 [1]\n", "deep.rules")
    assert time.perf_counter() - started < 5
    [diagnostic] = error.value.diagnostics
    assert diagnostic.code == "too-deep"
    assert diagnostic.span is not None and diagnostic.span.line == 4
    # the `if` one level too deep
    assert diagnostic.span.column == len("let x = ") + MAX_DEPTH * len("if a then 1 else ") + 1


@pytest.mark.parametrize("expression", [
    # `if`s that close before the next opens never add up
    "max(" + ", ".join(["(if a then 1 else 2)"] * (2 * MAX_DEPTH)) + ")",
    "max(" + ", ".join(["if a then 1 else 2"] * (2 * MAX_DEPTH)) + ")",
    # an `if` in the condition of another closes at the outer `then`
    "if " + "if a then true else false and " * 60 + "true then 1 else 2",
])
def test_ifs_side_by_side_are_not_counted_as_nested(expression: str) -> None:
    text = f"{HEADER}let x = {expression} [1]\n"
    try:
        parse(text, "wide.rules")
    except PolicyError as error:
        assert all(d.code != "too-deep" for d in error.diagnostics), str(error)


def test_statements_do_not_add_up_their_ifs() -> None:
    lets = "".join(f"let x{n} = " + "if a then 1 else " * 60 + "2\n" for n in range(5))
    parse(HEADER + lets, "many.rules")


def test_model_look_ups_by_name() -> None:
    model = load_policy("sasac").model
    for definition in model.definitions:
        assert model.definition(definition.name) is next(
            d for d in model.definitions if d.name == definition.name)
    for clause in model.clauses:
        assert model.clause(clause.id) is next(c for c in model.clauses if c.id == clause.id)
    for param in model.params:
        assert model.param(param.name) is next(p for p in model.params if p.name == param.name)
    with pytest.raises(StopIteration):
        model.definition("no_such_definition")
