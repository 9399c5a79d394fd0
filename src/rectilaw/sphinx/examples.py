"""Worked examples rendered as cases: the finding, the day, what the policy must answer.

Each case is run while the page is built, so a page never shows an example the
rules do not bear out: a case whose answer differs is reported as a build
warning (and ``make docs`` runs with warnings as errors).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from docutils import nodes

from rectilaw.errors import PolicyError
from rectilaw.loader import load_policy
from rectilaw.schema import FIELDS
from rectilaw.sphinx.build import Cell, code, container, para, section, table, zh
from rectilaw.sphinx.text import Names
from rectilaw.worked_examples import Case, ExampleFileError, load_cases, run_case

__all__ = ["example_files", "examples_section", "listed", "yes_no"]

Warn = Callable[[str], None]


def example_files(directory: Path, policy: str) -> list[Path]:
    """The worked-example files of ``policy``: ``<directory>/<policy>/*.yaml``, sorted."""
    folder = directory / policy
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def _description(path: Path) -> str:
    """The comment lines a file opens with: what its cases are about."""
    lines = []
    for line in path.read_text("utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(lines)


#: The words a case shows for yes and no, by the language of the documentation.
_YES_NO = {"zh": ("是", "否"), "en": ("yes", "no")}

#: The keys of an expected measure, as the page words them.
_DETAILS = {"basis": "依据 basis", "by": "由 by", "target": "对 target", "due": "期限 due"}


def yes_no(value: bool, language: str) -> str:
    """``是``/``否`` on a Chinese site, ``yes``/``no`` on any other."""
    yes, no = _YES_NO["zh" if language.startswith("zh") else "en"]
    return yes if value else no


def listed(values: Iterable[Any]) -> str:
    """A list as a reader writes it: ``12.1、12.5``."""
    return "、".join(str(v) for v in values)


def _value(value: Any, language: str) -> list[nodes.Node]:
    """A fact's value as a reader writes it: no brackets, quotes or ``true``."""
    if isinstance(value, bool):
        return [nodes.Text(yes_no(value, language))]
    if isinstance(value, list):
        shown: list[nodes.Node] = []
        for index, item in enumerate(value):
            if index:
                shown.append(nodes.Text("；"))
            if isinstance(item, dict):
                shown.append(code(" ".join(str(v) for v in item.values())))
            else:
                shown.append(code(str(item)))
        return shown or [nodes.Text("—")]
    return [code(str(value))]


def _detail(key: str, value: Any, language: str) -> str:
    if isinstance(value, list | tuple):
        shown = listed(value)
    elif isinstance(value, bool):
        shown = yes_no(value, language)
    elif value is None:
        shown = "—"
    else:
        shown = str(value)
    return f"{_DETAILS.get(key, key)} {shown}"


def _finding(case: Case, names: Names, language: str) -> nodes.Node:
    rows: list[list[Cell]] = []
    for field, value in case.finding.items():
        label = names.facts.get(field) or (FIELDS[field].label if field in FIELDS else "")
        fact: list[nodes.Node] = [zh(label), nodes.Text(" ")] if label else []
        rows.append([[*fact, code(field)], _value(value, language)])
    if not rows:
        return para("(no facts: every fact takes its default)")
    return table(["事实 Fact", "值 Value"], rows, [66, 34], classes=["rectilaw-finding"])


def _outcome(value: Any, labels: Mapping[str, str]) -> list[nodes.Node]:
    label = labels.get(str(value))
    return [code(str(value)), nodes.Text(" "), zh(f"「{label}」")] if label else [code(str(value))]


def _action_list(items: Iterable[Any], names: Names, language: str) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            out.append(nodes.Text("、" if not isinstance(item, dict) else "; "))
        if isinstance(item, dict):
            details = "; ".join(_detail(k, v, language) for k, v in item.items()
                                if k != "code")
            out.extend(_outcome(item.get("code", ""), names.actions))
            out.append(nodes.Text(f" ({details})" if details else ""))
        else:
            out.extend(_outcome(item, names.actions))
    return out or [nodes.Text("none")]


def _expected(case: Case, names: Names, language: str) -> nodes.Node:
    expect = case.expect
    lines: list[nodes.Node] = []
    shown: dict[str, tuple[str, Callable[[Any], list[nodes.Node]]]] = {
        "status": ("认定 status", lambda v: _outcome(v, names.statuses)),
        "status_label": ("措辞 wording", lambda v: [zh(str(v))]),
        "stage": ("阶段 stage", lambda v: _outcome(v, names.stages)),
        "due": ("整改时限 due", lambda v: [code(str(v) if v is not None else "none")]),
        "overdue_days": ("逾期天数 days overdue", lambda v: [code(str(v))]),
        "provisional": ("未公布的年度 provisional", lambda v: [code(listed(v) or "—")]),
        "actions": ("措施 measures (exactly)", lambda v: _action_list(v or [], names, language)),
        "actions_include": ("包括 includes",
                            lambda v: _action_list(v or [], names, language)),
        "actions_exclude": ("不包括 excludes",
                            lambda v: _action_list(v or [], names, language)),
        "error": ("拒绝 refused, naming", lambda v: [code(", ".join((v or {}).get("fields", [])))]),
    }
    for key, (word, render) in shown.items():
        if key in expect:
            lines.append(para(nodes.strong("", word), ": ", *render(expect[key])))
    return container(*lines, classes=["rectilaw-expected"])


def _verdict(case: Case, warn: Warn) -> nodes.Node:
    try:
        policy = load_policy(case.policy, params=case.params or None)
    except PolicyError as problem:
        warn(f"worked example {case.location}: the policy does not load: {problem}")
        return para("✗ the policy does not load", classes=["rectilaw-fails"])
    result = run_case(case, policy)
    if result.passed:
        return para("✓ the rules give this answer", classes=["rectilaw-passes"])
    for mismatch in result.mismatches:
        warn(f"worked example {case.location} ({case.name}): {mismatch}")
    return para("✗ the rules answer otherwise: " + "; ".join(result.mismatches),
                classes=["rectilaw-fails"])


def _case(case: Case, number: int, names: Names, node_id: str, warn: Warn,
          language: str) -> nodes.Node:
    title = para(nodes.strong("", f"{number}. "), zh(case.name),
                 classes=["rectilaw-case-title"])
    facts: list[nodes.Node] = [para("当日 Today: ", code(str(case.today)))]
    if case.params:
        listed = ", ".join(f"{k} = {v}" for k, v in case.params.items())
        facts.append(para("部署参数 Deployment parameters: ", code(listed)))
    facts.append(_finding(case, names, language))
    body = container(container(*facts, classes=["rectilaw-case-finding"]),
                     container(_expected(case, names, language), _verdict(case, warn),
                               classes=["rectilaw-case-answer"]),
                     classes=["rectilaw-case-body"])
    return container(title, body, classes=["rectilaw-case"], ids=[node_id])


def examples_section(files: Iterable[Path], names: Names, policy: str, warn: Warn,
                     language: str = "en") -> nodes.section | None:
    """A section with one subsection per example file; None when there are none.

    ``language`` is the documentation's (Sphinx's ``language``): it words yes and no.
    """
    parts: list[nodes.Node] = []
    number = 0
    for path in files:
        try:
            cases = load_cases(path)
        except ExampleFileError as problem:
            warn(str(problem))
            continue
        blocks: list[nodes.Node] = []
        description = _description(path)
        if description:
            blocks.append(para(zh(description)))
        for case in cases:
            number += 1
            node_id = nodes.make_id(f"{policy}-case-{number}")
            blocks.append(_case(case, number, names, node_id, warn, language))
        parts.append(section([code(path.name)], nodes.make_id(f"{policy}-examples-{path.stem}"),
                             *blocks))
    if not parts:
        return None
    intro = para("What the policy must answer for these findings on these days. Each case is "
                 "run against the rules when this page is built.")
    return section("案例 · Worked examples", nodes.make_id(f"{policy}-examples"), intro, *parts)
