"""Worked examples: YAML cases that say what a policy must answer, checked against it.

A file holds the cases of one policy::

    policy: sasac                      # built-in name, or a path relative to the file
    cases:
      - name: corrected in full is rectified
        today: 2024-07-01
        finding: {issued_on: 2024-01-12, corrected: true}
        expect:
          status: rectified
          due: 2024-07-12
          actions: [close]             # exactly these action codes, in any order

``expect`` may hold ``status``, ``status_label``, ``due`` (a date or null),
``overdue_days``, ``stage``, ``provisional`` (a list of years), ``actions``
(exactly these), ``actions_include`` and ``actions_exclude`` (codes or mappings
whose given keys must match an action: ``{code: interview, due: 2024-08-01}``)
and ``error`` (``{fields: [...]}``: the finding must be refused naming them).
Only what ``expect`` names is checked.  YAML is read with the safe loader only.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from rectilaw.engine.assessment import Action, Assessment
from rectilaw.engine.policy import Policy
from rectilaw.errors import FindingError, RectilawError

__all__ = ["Case", "CaseResult", "ExampleFileError", "load_cases", "run_case"]

_EXPECT_KEYS = frozenset({
    "status", "status_label", "due", "overdue_days", "stage", "provisional", "actions",
    "actions_include", "actions_exclude", "error",
})
_CASE_KEYS = frozenset({"name", "today", "finding", "expect", "params", "note"})


class ExampleFileError(RectilawError, ValueError):
    """A worked-example file is malformed."""


@attrs.frozen
class Case:
    """One worked example."""

    name: str
    policy: str
    today: datetime.date
    finding: Mapping[str, Any]
    expect: Mapping[str, Any]
    file: str
    line: int
    params: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"


@attrs.frozen
class CaseResult:
    """What a case expected and what the policy answered."""

    case: Case
    mismatches: tuple[str, ...]
    assessment: Assessment | None = None

    @property
    def passed(self) -> bool:
        return not self.mismatches


class _LineLoader(yaml.SafeLoader):
    """The safe loader, remembering the line each mapping starts on.

    Only ``true`` and ``false`` are booleans (as in YAML 1.2): ``on``, the day
    of a recorded measure, and ``yes``, ``no``, ``off`` stay words.
    """


_BOOL = "tag:yaml.org,2002:bool"
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def load_cases(path: str | Path, default_policy: str | None = None) -> list[Case]:
    """The cases of one YAML file; ExampleFileError names the file and line of a bad one.

    ``default_policy`` (a built-in name or the absolute path of a rule file) is
    the policy of a file that names none with ``policy:``.
    """
    path = Path(path)
    try:
        # _LineLoader is a SafeLoader: it builds plain data only, never objects.
        document = yaml.load(path.read_text("utf-8"), Loader=_LineLoader)
    except (OSError, ValueError, yaml.YAMLError) as problem:
        raise ExampleFileError(f"{path}: cannot read worked examples: {problem}") from None
    if not isinstance(document, dict) or "cases" not in document or (
            "policy" not in document and default_policy is None):
        raise ExampleFileError(f"{path}: expected `policy:` and `cases:` at the top level")
    policy = str(document.get("policy", default_policy))
    if policy.endswith(".rules"):
        policy = str((path.parent / policy).resolve())
    cases = []
    for raw in document["cases"] or []:
        line = raw.get("__line__", 0) if isinstance(raw, dict) else 0
        where = f"{path}:{line}"
        if not isinstance(raw, dict):
            raise ExampleFileError(
                f"{where}: a case is a mapping with name, today, finding, expect")
        unknown = set(raw) - _CASE_KEYS - {"__line__"}
        if unknown:
            raise ExampleFileError(f"{where}: unknown case keys: {', '.join(sorted(unknown))}")
        expect = _strip_lines(raw.get("expect") or {})
        bad = set(expect) - _EXPECT_KEYS
        if bad:
            raise ExampleFileError(f"{where}: unknown expectations: {', '.join(sorted(bad))}")
        today = raw.get("today")
        if not isinstance(today, datetime.date):
            raise ExampleFileError(f"{where}: `today` must be a date (YYYY-MM-DD)")
        cases.append(Case(
            name=str(raw.get("name", f"case at line {line}")),
            policy=policy,
            today=today,
            finding=_strip_lines(raw.get("finding") or {}),
            expect=expect,
            file=str(path),
            line=line,
            params=_strip_lines(raw.get("params") or {}),
        ))
    return cases


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _action_matches(action: Action, wanted: Any) -> bool:
    if isinstance(wanted, str):
        return action.code == wanted
    data = action.to_dict()
    return all(_plain(value) == _plain(data.get(key)) if key != "basis" else
               list(value) == data["basis"] for key, value in wanted.items())


def _describe(wanted: Any) -> str:
    return wanted if isinstance(wanted, str) else str({k: _plain(v) for k, v in wanted.items()})


def _compare_actions(actions: tuple[Action, ...], expect: Mapping[str, Any]) -> list[str]:
    problems = []
    codes = sorted(a.code for a in actions)
    if "actions" in expect:
        wanted = list(expect["actions"] or [])
        unmatched = list(actions)
        for item in wanted:
            hit = next((a for a in unmatched if _action_matches(a, item)), None)
            if hit is None:
                problems.append(f"actions: expected {_describe(item)}, got {codes}")
            else:
                unmatched.remove(hit)
        if unmatched:
            problems.append(f"actions: unexpected {sorted(a.code for a in unmatched)}")
    for item in expect.get("actions_include") or []:
        if not any(_action_matches(a, item) for a in actions):
            problems.append(f"actions: expected to include {_describe(item)}, got {codes}")
    for item in expect.get("actions_exclude") or []:
        if any(_action_matches(a, item) for a in actions):
            problems.append(f"actions: expected no {_describe(item)}, got {codes}")
    return problems


def check_assessment(assessment: Assessment, expect: Mapping[str, Any]) -> list[str]:
    """Every way ``assessment`` differs from ``expect``."""
    problems = []
    for key in ("status", "status_label", "due", "overdue_days", "stage"):
        if key in expect:
            got, want = _plain(getattr(assessment, key)), _plain(expect[key])
            if got != want:
                problems.append(f"{key}: expected {want!r}, got {got!r}")
    if "provisional" in expect and list(assessment.provisional) != list(expect["provisional"]):
        problems.append(f"provisional: expected {expect['provisional']}, "
                        f"got {list(assessment.provisional)}")
    problems.extend(_compare_actions(assessment.actions, expect))
    return problems


def run_case(case: Case, policy: Policy) -> CaseResult:
    """Evaluate the case's finding under ``policy`` and compare with what it expects."""
    try:
        assessment = policy.evaluate(case.finding, today=case.today)
    except FindingError as error:
        wanted = case.expect.get("error")
        if wanted is None:
            return CaseResult(case, (f"finding refused: {error}",))
        fields = set((wanted or {}).get("fields", []))
        missing = fields - set(error.fields)
        return CaseResult(case, tuple(f"error: expected field {f} to be named" for f in
                                      sorted(missing)))
    if "error" in case.expect:
        return CaseResult(case, ("error: expected the finding to be refused",), assessment)
    return CaseResult(case, tuple(check_assessment(assessment, case.expect)), assessment)


def find_example_files(paths: Iterable[str | Path]) -> list[Path]:
    """The ``.yaml`` files named, or found below the directories named, sorted."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.yaml")))
        else:
            found.append(path)
    return found
