"""A pytest plugin that runs a project's YAML worked examples as tests.

Installed with rectilaw and loaded by pytest on its own (the ``pytest11``
entry point), it collects every YAML file that holds worked examples — a
top-level ``cases:`` list of cases with a ``finding`` or an ``expect``, and a
``policy:`` or the project's ``rectilaw_policy`` default — as a test module whose
cases are test items.  Any other YAML file is left alone, so a project that has
no worked examples sees no change.  See ``docs/testing.md``.

Configuration (``[tool.pytest.ini_options]`` or ``pytest.ini``):

``rectilaw_policy``
    the policy of the files that name none: a built-in name (``sasac``) or a
    ``.rules`` path relative to the configuration file; ``--rectilaw-policy``
    overrides it.
``rectilaw_examples``
    glob patterns, relative to the configuration file's directory, that limit
    which files are collected (``tests/policies/*/*.yaml``); by default every
    recognised file under the paths pytest walks.

Disable it with ``-p no:rectilaw.pytest_plugin`` (the entry point is named as the module, so
that ``pytest_plugins = ["rectilaw.pytest_plugin"]`` in a conftest does not load it twice).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from rectilaw.worked_examples import Case, CaseResult

__all__ = ["ExampleFailure", "ExampleFile", "ExampleItem"]

_SUFFIXES = frozenset({".yaml", ".yml"})
_CASES = re.compile(r"^cases\s*:", re.MULTILINE)
_POLICY = re.compile(r"^policy\s*:", re.MULTILINE)
_CASE_CONTENT = re.compile(r"^\s+(?:-\s+)?(?:finding|expect)\s*:", re.MULTILINE)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("rectilaw_policy", "the policy of worked-example files that name none: a "
                  "built-in name or a .rules path relative to the configuration file", default="")
    parser.addini("rectilaw_examples", "glob patterns (relative to the configuration file) of "
                  "the worked-example files to collect; default: every file recognised",
                  type="linelist", default=[])
    group = parser.getgroup("rectilaw", "rectilaw worked examples")
    group.addoption("--rectilaw-policy", dest="rectilaw_policy", default=None, metavar="POLICY",
                    help="the policy of worked-example files that name none (overrides the "
                         "rectilaw_policy ini option)")


def _base(config: pytest.Config) -> Path:
    return config.inipath.parent if config.inipath is not None else config.rootpath


def _default_policy(config: pytest.Config) -> str | None:
    option = config.getoption("rectilaw_policy")
    if option:  # given on the command line: relative to the working directory
        value, base = str(option), config.invocation_params.dir
    else:
        value, base = str(config.getini("rectilaw_policy")).strip(), _base(config)
    if not value:
        return None
    if value.endswith(".rules"):
        return str((base / value).resolve())
    return value


def _wanted(config: pytest.Config, file_path: Path) -> bool:
    patterns: list[str] = config.getini("rectilaw_examples")
    if not patterns:
        return True
    try:
        relative = file_path.resolve().relative_to(_base(config).resolve()).as_posix()
    except ValueError:
        return False
    return any(fnmatch.fnmatchcase(relative, pattern) for pattern in patterns)


def _recognised(text: str, has_default: bool) -> bool:
    """Whether a YAML text looks like worked examples (a cheap look, before parsing)."""
    return bool(_CASES.search(text) and _CASE_CONTENT.search(text)
                and (has_default or _POLICY.search(text)))


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> ExampleFile | None:
    if file_path.suffix not in _SUFFIXES or not _wanted(parent.config, file_path):
        return None
    try:
        text = file_path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # not ours to judge: some other plugin's or nobody's file
    if not _recognised(text, _default_policy(parent.config) is not None):
        return None
    return ExampleFile.from_parent(parent, path=file_path)


class ExampleFile(pytest.File):
    """A worked-example file: its cases are the test items."""

    def collect(self) -> Iterator[pytest.Item]:
        # Imported here: a test run without worked examples pays nothing for the evaluator.
        from rectilaw.worked_examples import ExampleFileError, load_cases

        try:
            cases = load_cases(self.path, _default_policy(self.config))
        except ExampleFileError as error:
            raise self.CollectError(str(error)) from None
        for case in cases:
            yield ExampleItem.from_parent(self, name=case.name, case=case)


class ExampleItem(pytest.Item):
    """One worked example: evaluates its finding and compares with what it expects."""

    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        #: No fixtures, but the attribute function items have: some plugins' hook wrappers
        #: (pytest-lsp's) skip their ``yield`` for an item without it, which fails the test.
        self.funcargs: dict[str, Any] = {}

    def runtest(self) -> None:
        from rectilaw.loader import load_policy
        from rectilaw.worked_examples import run_case

        policy = load_policy(self.case.policy, params=self.case.params or None)
        result = run_case(self.case, policy)
        if not result.passed:
            raise ExampleFailure(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, ExampleFailure):
            result = excinfo.value.result
            lines = [f"{self.case.location}: {self.case.name}", *result.mismatches]
            if result.assessment is not None:
                lines.append("trace:")
                lines.extend(f"  {step.kind} {step.outcome} <- {step.rule} {list(step.basis)}"
                             for step in result.assessment.trace)
            return "\n".join(lines)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.line - 1, f"{self.case.policy}: {self.case.name}"


class ExampleFailure(Exception):
    """A worked example's answer differs from what it expects."""

    def __init__(self, result: CaseResult) -> None:
        super().__init__(result.mismatches)
        self.result = result
