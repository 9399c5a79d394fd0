"""The project's documentation: every built-in policy fully on its pages, every name documented."""

from __future__ import annotations

from pathlib import Path

import pytest

import rectilaw
from rectilaw.dsl.checker import check
from rectilaw.dsl.parser import parse
from rectilaw.policies import builtin_names, builtin_path
from rectilaw.sphinx.domain import anchor
from rectilaw.sphinx.pages import part_names
from rectilaw.sphinx.text import value_code

from .building import read_html, target


def part(site: Path, name: str, slug: str) -> Path:
    return site / "policies" / name / f"{slug}.html"


def links_to(page: Path, hrefs: list[str], element_id: str) -> bool:
    """Whether one of ``hrefs`` (links on ``page``) leads to an element ``element_id``."""
    for href in hrefs:
        path, fragment = target(page, href)
        if fragment == element_id and path.is_file():
            return read_html(path).by_id(element_id) is not None
    return False


@pytest.mark.parametrize("name", builtin_names())
def test_every_clause_appears_with_the_rules_citing_it(built_docs: Path, name: str) -> None:
    path = builtin_path(name)
    assert path is not None
    model = check(parse(path.read_text("utf-8"), f"{name}.rules"))
    clauses = part(built_docs, name, "clauses")
    page = read_html(clauses)
    policy = model.info.id
    for clause in model.clauses:
        block = page.by_id(anchor("clause", f"{policy}:{clause.id}"))
        assert block is not None, f"clause {clause.id} is missing"
        assert clause.text in block.text
        links = block.hrefs()
        for rule_id in clause.cited_by:
            wanted = anchor("rule", f"{policy}:{rule_id}")
            assert links_to(clauses, links, wanted), f"clause {clause.id}: no link to {rule_id}"
        if not clause.cited_by and clause.not_encoded:
            assert clause.not_encoded in block.text


@pytest.mark.parametrize("name", builtin_names())
def test_every_part_is_listed_on_the_policy_s_index_and_links_back(built_docs: Path,
                                                                   name: str) -> None:
    index = built_docs / "policies" / name / "index.html"
    links = set(read_html(index).hrefs())
    parts = part_names(with_examples=True)[1:]
    for slug in parts:
        assert f"{slug}.html" in links, slug
        page = read_html(part(built_docs, name, slug))
        back = [e for e in page.find_all("p", "rectilaw-part-of")]
        assert back and "index.html#policy-" in " ".join(back[0].hrefs()), slug


@pytest.mark.parametrize("name", builtin_names())
def test_every_assumption_is_in_the_assumptions_table(built_docs: Path, name: str) -> None:
    policy = rectilaw.load_policy(name)
    page_path = part(built_docs, name, "assumptions")
    page = read_html(page_path)
    table = page.by_id(f"{policy.id}-assumptions")
    assert table is not None
    text = " ".join(table.text.split())
    links = table.hrefs()
    for assumption in policy.assumptions:
        assert " ".join(assumption.reason.split()) in text
        if assumption.value is None:
            assert links_to(page_path, links, anchor("rule", f"{policy.id}:{assumption.name}"))
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
                 "policies/index.html", *(f"policies/{n}/index.html" for n in builtin_names())):
        assert page in links, page
