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

__all__ = ["example_files", "examples_section"]

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


def _value(value: Any) -> nodes.Node:
    if isinstance(value, bool):
        return code("true" if value else "false")
    if isinstance(value, list):
        shown = "; ".join(
            " ".join(str(v) for k, v in item.items()) if isinstance(item, dict) else str(item)
            for item in value)
        return code(f"[{shown}]")
    return code(str(value))


def _finding(case: Case, names: Names) -> nodes.Node:
    rows: list[list[Cell]] = []
    for field, value in case.finding.items():
        label = names.facts.get(field) or (FIELDS[field].label if field in FIELDS else "")
        fact: list[nodes.Node] = [zh(label), nodes.Text(" ")] if label else []
        rows.append([[*fact, code(field)], [_value(value)]])
    if not rows:
        return para("(no facts: every fact takes its default)")
    return table(["事实 Fact", "值 Value"], rows, [66, 34], classes=["rectilaw-finding"])


def _outcome(value: Any, labels: Mapping[str, str]) -> list[nodes.Node]:
    label = labels.get(str(value))
    return [code(str(value)), nodes.Text(" "), zh(f"「{label}」")] if label else [code(str(value))]


def _action_list(items: Iterable[Any], names: Names) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            out.append(nodes.Text("、" if not isinstance(item, dict) else "; "))
        if isinstance(item, dict):
            details = ", ".join(f"{k} {v}" for k, v in item.items() if k != "code")
            out.extend(_outcome(item.get("code", ""), names.actions))
            out.append(nodes.Text(f" ({details})" if details else ""))
        else:
            out.extend(_outcome(item, names.actions))
    return out or [nodes.Text("none")]


def _expected(case: Case, names: Names) -> nodes.Node:
    expect = case.expect
    lines: list[nodes.Node] = []
    shown: dict[str, tuple[str, Callable[[Any], list[nodes.Node]]]] = {
        "status": ("认定 status", lambda v: _outcome(v, names.statuses)),
        "status_label": ("措辞 wording", lambda v: [zh(str(v))]),
        "stage": ("阶段 stage", lambda v: _outcome(v, names.stages)),
        "due": ("整改时限 due", lambda v: [code(str(v) if v is not None else "none")]),
        "overdue_days": ("逾期天数 days overdue", lambda v: [code(str(v))]),
        "provisional": ("未公布的年度 provisional", lambda v: [code(str(list(v)))]),
        "actions": ("措施 measures (exactly)", lambda v: _action_list(v or [], names)),
        "actions_include": ("包括 includes", lambda v: _action_list(v or [], names)),
        "actions_exclude": ("不包括 excludes", lambda v: _action_list(v or [], names)),
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


def _case(case: Case, number: int, names: Names, node_id: str, warn: Warn) -> nodes.Node:
    title = para(nodes.strong("", f"{number}. "), zh(case.name),
                 classes=["rectilaw-case-title"])
    facts: list[nodes.Node] = [para("当日 Today: ", code(str(case.today)))]
    if case.params:
        listed = ", ".join(f"{k} = {v}" for k, v in case.params.items())
        facts.append(para("部署参数 Deployment parameters: ", code(listed)))
    facts.append(_finding(case, names))
    body = container(container(*facts, classes=["rectilaw-case-finding"]),
                     container(_expected(case, names), _verdict(case, warn),
                               classes=["rectilaw-case-answer"]),
                     classes=["rectilaw-case-body"])
    return container(title, body, classes=["rectilaw-case"], ids=[node_id])


def examples_section(files: Iterable[Path], names: Names, policy: str, warn: Warn
                     ) -> nodes.section | None:
    """A section with one subsection per example file; None when there are none."""
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
            blocks.append(_case(case, number, names, node_id, warn))
        parts.append(section([code(path.name)], nodes.make_id(f"{policy}-examples-{path.stem}"),
                             *blocks))
    if not parts:
        return None
    intro = para("What the policy must answer for these findings on these days. Each case is "
                 "run against the rules when this page is built.")
    return section("案例 · Worked examples", nodes.make_id(f"{policy}-examples"), intro, *parts)
