"""The Sphinx extension on a small project: what a policy page shows, links, rebuilds."""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from sphinx.config import Config

import rectilaw.sphinx as rectilaw_sphinx
from rectilaw.dsl.checker import check
from rectilaw.dsl.parser import parse
from rectilaw.policies import builtin_names
from rectilaw.sphinx.domain import anchor
from rectilaw.sphinx.pages import MARKER, page_text, part_names, write_policy_pages

from .building import Element, read_html, sphinx_build

SAMPLE = Path(__file__).parent / "sample"

CONF = """\
extensions = ["rectilaw.sphinx"]
exclude_patterns = ["_build"]
"""

INDEX = """\
Sample
======

.. toctree::

   policy
   notes
"""

POLICY = """\
.. rectilaw:policy:: sample/sample.rules
   :examples: sample/examples
"""

NOTES = """\
Notes
=====

See :rectilaw:clause:`sample:2` and :rectilaw:rule:`sample:status:rectified#1`.
"""


def make_project(root: Path, policy: str = POLICY) -> Path:
    source = root / "src"
    shutil.copytree(SAMPLE, source / "sample")
    (source / "conf.py").write_text(CONF, "utf-8")
    (source / "index.rst").write_text(INDEX, "utf-8")
    (source / "policy.rst").write_text(policy, "utf-8")
    (source / "notes.rst").write_text(NOTES, "utf-8")
    return source


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sample")
    source = make_project(root)
    result = sphinx_build(source, root / "html")
    assert result.returncode == 0, result.stderr
    return root / "html"


@pytest.fixture(scope="module")
def page(sample_site: Path) -> Element:
    return read_html(sample_site / "policy.html")


def section(page: Element, slug: str) -> Element:
    found = page.by_id(f"sample-{slug}")
    assert found is not None, slug
    return found


def test_every_clause_is_shown_with_the_rules_citing_it(page: Element) -> None:
    model = check(parse((SAMPLE / "sample.rules").read_text("utf-8"), "sample.rules"))
    for clause in model.clauses:
        block = page.by_id(f"sample-clause-{clause.id}")
        assert block is not None, clause.id
        assert clause.text in block.text
        links = block.hrefs()
        for rule_id in clause.cited_by:
            assert "#" + anchor("rule", f"sample:{rule_id}") in links, (clause.id, rule_id)
    assert "scope only" in page.by_id("sample-clause-1").text  # type: ignore[union-attr]


def test_rules_link_back_to_their_clauses(page: Element) -> None:
    row = page.by_id("sample-rule-status-rectified-1")
    assert row is not None and row.tag == "tr"
    assert "#sample-clause-2" in row.hrefs()
    assert "irreversible" in row.text
    assert "「既成事实无法纠正」" in row.text


def test_header_shows_the_document(page: Element) -> None:
    text = section(page, "header").text
    for expected in ("某区审计局", "示审发〔2024〕1号", "2024-01-05", "2024-02-01"):
        assert expected in text


def test_every_assumed_value_is_in_the_assumptions_table(page: Element) -> None:
    table = section(page, "assumptions")
    text = table.text
    assert "notice_wait" in text
    assert "15 days" in text and "第四条未规定约谈后多久通报" in text
    assert "10 workdays" in text and "2025-01-01" in text and "2025年起按工作日计算（假定）" in text
    assert "limit" not in text.replace("notice_wait", "")


def test_deadlines_say_how_a_rest_day_is_treated(page: Element) -> None:
    text = section(page, "deadlines").text
    assert "moves to the next working day" in text
    assert "no roll-over" in text


def test_measures_show_parties_and_due_dates(page: Element) -> None:
    text = section(page, "actions").text
    assert "区审计局" in text and "被审计单位主要负责人" in text
    assert "today > deadline" in text


def test_coverage_counts_clauses(page: Element) -> None:
    text = section(page, "coverage").text
    assert "5 clauses: 4 encoded by rules, 1 not encoded with a reason, 0 neither." in text


def test_decisions_are_drawn_as_svg_without_any_system_tool(sample_site: Path,
                                                            page: Element) -> None:
    figures = section(page, "determination").find_all("figure", "rectilaw-diagram")
    assert len(figures) == 1
    source = figures[0].find_all("img")[0].attrs["src"]
    assert source.startswith("_images/") and source.endswith(".svg")
    drawn = (sample_site / source).read_text("utf-8")
    assert drawn.startswith("<svg ") and "整改完毕" in drawn and "否" in drawn
    assert source in figures[0].hrefs()


def test_rule_code_is_highlighted(page: Element) -> None:
    blocks = section(page, "clauses").find_all("div", "highlight-rectilaw")
    assert blocks
    keywords = [e.text for b in blocks for e in b.find_all("span", "k")]
    assert "when" in keywords


def test_worked_examples_are_rendered_as_cases(page: Element) -> None:
    cases = section(page, "examples")
    assert "逾期未整改的，约谈" in cases.text
    assert cases.text.count("✓ the rules give this answer") == 2
    assert "第二条、第三条" in cases.text


def test_roles_link_to_clauses_and_rules(sample_site: Path) -> None:
    notes = read_html(sample_site / "notes.html")
    links = notes.hrefs()
    assert "policy.html#sample-clause-2" in links
    assert "policy.html#sample-rule-status-rectified-1" in links


def test_editing_a_rule_file_rebuilds_its_page(tmp_path: Path) -> None:
    source = make_project(tmp_path)
    output = tmp_path / "html"
    assert sphinx_build(source, output).returncode == 0
    before = (output / "policy.html").read_text("utf-8")
    rules = source / "sample" / "sample.rules"
    rules.write_text(rules.read_text("utf-8").replace(
        '"被审计单位应当报送整改报告。"', '"被审计单位应当在三十日内报送书面整改报告。"'), "utf-8")
    result = sphinx_build(source, output)
    assert result.returncode == 0, result.stderr
    after = (output / "policy.html").read_text("utf-8")
    assert after != before
    assert "被审计单位应当在三十日内报送书面整改报告。" in after
    examples = source / "sample" / "examples" / "cases.yaml"
    examples.write_text(examples.read_text("utf-8").replace("全部纠正的，整改完毕", "已全部纠正"),
                        "utf-8")
    assert sphinx_build(source, output).returncode == 0
    assert "已全部纠正" in (output / "policy.html").read_text("utf-8")


def test_a_case_the_rules_contradict_fails_the_build(tmp_path: Path) -> None:
    source = make_project(tmp_path)
    examples = source / "sample" / "examples" / "cases.yaml"
    text = examples.read_text("utf-8")
    examples.write_text(text.replace("due: 2024-03-12\n", "due: 2024-03-13\n"), "utf-8")
    result = sphinx_build(source, tmp_path / "html")
    assert result.returncode != 0
    assert "worked example" in result.stderr and "due: expected '2024-03-13'" in result.stderr


def test_an_unknown_policy_fails_the_build(tmp_path: Path) -> None:
    source = make_project(tmp_path, ".. rectilaw:policy:: nosuch\n")
    result = sphinx_build(source, tmp_path / "html")
    assert result.returncode != 0
    assert "`nosuch` is neither a built-in policy" in result.stderr


def test_a_broken_rule_file_fails_the_build_with_its_location(tmp_path: Path) -> None:
    source = make_project(tmp_path)
    rules = source / "sample" / "sample.rules"
    rules.write_text(rules.read_text("utf-8").replace("when corrected [2]", "when corected [2]"),
                     "utf-8")
    result = sphinx_build(source, tmp_path / "html")
    assert result.returncode != 0
    assert "sample/sample.rules:" in result.stderr and "did you mean `corrected`?" in result.stderr


def test_policy_pages_are_written_for_every_builtin_and_removed_when_gone(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    (folder / "retired").mkdir(parents=True)
    (folder / "retired.rst").write_text(page_text("retired"), "utf-8")
    (folder / "retired" / "index.rst").write_text(page_text("retired", "index"), "utf-8")
    (folder / "handwritten.rst").write_text("Handwritten\n===========\n", "utf-8")
    examples = tmp_path / "examples"
    (examples / builtin_names()[0]).mkdir(parents=True)
    (examples / builtin_names()[0] / "cases.yaml").write_text("cases: []\n", "utf-8")
    names = write_policy_pages(folder, examples)
    assert names == list(builtin_names())
    for index, name in enumerate(names):
        written = sorted(p.stem for p in (folder / name).glob("*.rst"))
        assert written == sorted(part_names(with_examples=index == 0))
        for part in written:
            assert (folder / name / f"{part}.rst").read_text("utf-8") == page_text(name, part)
    assert not (folder / "retired.rst").exists() and not (folder / "retired").exists()
    assert (folder / "handwritten.rst").exists()
    assert page_text("x").startswith(MARKER)
    first = folder / names[0] / "index.rst"
    stamp = first.stat().st_mtime_ns
    write_policy_pages(folder, examples)
    assert first.stat().st_mtime_ns == stamp


PARTS_INDEX = """\
Sample
======

.. toctree::

   policy/index
"""


def test_a_policy_split_into_parts_links_across_its_pages(tmp_path: Path) -> None:
    source = make_project(tmp_path)
    (source / "index.rst").write_text(PARTS_INDEX, "utf-8")
    (source / "policy.rst").unlink()
    (source / "notes.rst").unlink()
    folder = source / "policy"
    folder.mkdir()
    for part in part_names(with_examples=True):
        (folder / f"{part}.rst").write_text(
            f".. rectilaw:policy:: ../sample/sample.rules\n   :examples: ../sample/examples\n"
            f"   :part: {part}\n", "utf-8")
    output = tmp_path / "html"
    result = sphinx_build(source, output)
    assert result.returncode == 0, result.stderr
    index = read_html(output / "policy" / "index.html")
    assert {f"{p}.html" for p in part_names(with_examples=True)[1:]} <= set(index.hrefs())
    clauses = read_html(output / "policy" / "clauses.html")
    assert "determination.html#sample-rule-status-rectified-1" in clauses.hrefs()
    determination = read_html(output / "policy" / "determination.html")
    assert "clauses.html#sample-clause-2" in determination.hrefs()
    assert determination.find_all("figure", "rectilaw-diagram")
    assert "✓ the rules give this answer" in read_html(output / "policy" / "examples.html").text


WARNED = """\
Notes
=====

.. rectilaw:policy:: retired
"""


def test_a_warning_fails_every_build_not_only_the_first(tmp_path: Path) -> None:
    """``make docs`` reads every page afresh: a warning cannot hide behind the saved state."""
    source = make_project(tmp_path)
    (source / "notes.rst").write_text(WARNED, "utf-8")
    output = tmp_path / "html"
    for _ in range(2):
        result = sphinx_build(source, output, "-d", str(tmp_path / "doctrees"))
        assert result.returncode != 0
        assert "`retired` is neither a built-in policy" in result.stderr



def search_config(language: str) -> Config:
    """A configuration with only what the search check reads."""
    return cast(Config, SimpleNamespace(html_search_language=language))


def test_a_missing_chinese_word_splitter_is_said_not_hidden(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setitem(sys.modules, "jieba", None)  # import jieba now raises ImportError
    with caplog.at_level(logging.WARNING):
        rectilaw_sphinx._chinese_search(search_config("zh"))
    assert "jieba is not installed" in caplog.text and "rectilaw[docs]" in caplog.text
    caplog.clear()
    rectilaw_sphinx._chinese_search(search_config("en"))
    assert caplog.text == ""
