"""The project's documentation: every built-in policy fully on its page, every name documented."""

from __future__ import annotations

from pathlib import Path

import pytest

import rectilaw
from rectilaw.dsl.checker import check
from rectilaw.dsl.parser import parse
from rectilaw.policies import builtin_names, builtin_path
from rectilaw.sphinx.domain import anchor
from rectilaw.sphinx.text import value_code

from .building import read_html


@pytest.mark.parametrize("name", builtin_names())
def test_every_clause_appears_with_the_rules_citing_it(built_docs: Path, name: str) -> None:
    path = builtin_path(name)
    assert path is not None
    model = check(parse(path.read_text("utf-8"), f"{name}.rules"))
    page = read_html(built_docs / "policies" / f"{name}.html")
    policy = model.info.id
    for clause in model.clauses:
        block = page.by_id(anchor("clause", f"{policy}:{clause.id}"))
        assert block is not None, f"clause {clause.id} is missing"
        assert clause.text in block.text
        links = block.hrefs()
        for rule_id in clause.cited_by:
            target = "#" + anchor("rule", f"{policy}:{rule_id}")
            assert target in links, f"clause {clause.id}: no link to {rule_id}"
            assert page.by_id(target[1:]) is not None, f"{rule_id} is not shown"
        if not clause.cited_by and clause.not_encoded:
            assert clause.not_encoded in block.text


@pytest.mark.parametrize("name", builtin_names())
def test_every_assumption_is_in_the_assumptions_table(built_docs: Path, name: str) -> None:
    policy = rectilaw.load_policy(name)
    page = read_html(built_docs / "policies" / f"{name}.html")
    table = page.by_id(f"{policy.id}-assumptions")
    assert table is not None
    text = " ".join(table.text.split())
    links = table.hrefs()
    for assumption in policy.assumptions:
        assert " ".join(assumption.reason.split()) in text
        if assumption.value is None:
            assert "#" + anchor("rule", f"{policy.id}:{assumption.name}") in links
            continue
        kind = policy.model.param(assumption.name).type.kind
        assert assumption.name in text
        assert value_code(assumption.value, kind) in text


def test_every_public_name_is_in_the_api_reference(built_docs: Path) -> None:
    page = read_html(built_docs / "api.html")
    documented = {e.attrs["id"] for e in page.iter() if "id" in e.attrs}
    missing = [n for n in rectilaw.__all__ if f"rectilaw.{n}" not in documented]
    assert missing == []


def test_every_page_is_in_the_table_of_contents(built_docs: Path) -> None:
    index = read_html(built_docs / "index.html")
    links = set(index.hrefs())
    for page in ("language.html", "api.html", "calendar.html", "glossary.html",
                 "policies/index.html", *(f"policies/{n}.html" for n in builtin_names())):
        assert page in links, page
