"""``rectilaw test [PATH...]``: run the worked examples of the policies."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rectilaw.cli.command import ERROR, FAILED, OK, Command, CommandError, Console, paint_diagnostic
from rectilaw.engine.policy import Policy
from rectilaw.errors import PolicyError
from rectilaw.loader import load_policy
from rectilaw.report import format_value
from rectilaw.worked_examples import (
    Case,
    CaseResult,
    ExampleFileError,
    find_example_files,
    load_cases,
    run_case,
)

__all__ = ["COMMAND"]

#: Where worked examples live when no path is given.
DEFAULT_PATH = "tests/policies"


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help=f"YAML files, or directories searched for them (default: "
                        f"{DEFAULT_PATH})")
    parser.add_argument("-k", dest="keyword", metavar="NAME",
                        help="run only the examples whose name contains NAME (any case)")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="also list the examples that pass")


def _cases(paths: list[str], keyword: str | None) -> tuple[list[Case], int]:
    """The selected cases and how many the name filter left out."""
    files = find_example_files(paths or [DEFAULT_PATH])
    for path in paths or [DEFAULT_PATH]:
        if not Path(path).exists():
            raise CommandError(f"`{path}`: no such file or directory"
                               + ("" if paths else "; name the worked examples to run"))
    cases: list[Case] = []
    for file in files:
        try:
            cases.extend(load_cases(file))
        except ExampleFileError as problem:
            raise CommandError(str(problem)) from None
    if not cases:
        raise CommandError(f"no worked examples found in {', '.join(paths or [DEFAULT_PATH])}")
    if keyword is None:
        return cases, 0
    chosen = [c for c in cases if keyword.casefold() in c.name.casefold()]
    if not chosen:
        raise CommandError(f"no worked example has `{keyword}` in its name "
                           f"({len(cases)} examples found)")
    return chosen, len(cases) - len(chosen)


class _Policies:
    """Each (policy, parameters) loaded once; a policy that does not load is reported once."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.loaded: dict[tuple[str, tuple[tuple[str, str], ...]], Policy | None] = {}

    def get(self, case: Case) -> Policy | None:
        key = (case.policy, tuple(sorted((str(k), str(v)) for k, v in case.params.items())))
        if key not in self.loaded:
            try:
                self.loaded[key] = load_policy(case.policy, params=dict(case.params) or None)
            except PolicyError as error:
                self.console.print(self.console.paint(f"ERROR {case.policy}", "red")
                                   + ": the policy does not load")
                for diagnostic in error.diagnostics:
                    self.console.print(_indent(paint_diagnostic(self.console, diagnostic)))
                self.loaded[key] = None
        return self.loaded[key]


def _indent(text: str, by: str = "  ") -> str:
    return "\n".join(by + line for line in text.splitlines())


def _show_failure(console: Console, result: CaseResult) -> None:
    case = result.case
    console.print(f"{console.paint('FAIL', 'red')} {case.location}: {case.name}")
    for mismatch in result.mismatches:
        console.print(f"  {mismatch}")
    if result.assessment is not None:
        a = result.assessment
        codes = ", ".join(action.code for action in a.actions) or "none"
        due = a.due.isoformat() if a.due else "none"
        console.print(f"  answered: status {a.status}, due {due}, overdue {a.overdue_days} days, "
                      f"stage {a.stage or 'none'}, actions {codes}")
        console.print("  trace:")
        for step in result.assessment.trace:
            facts = ", ".join(f"{k}={format_value(v, 'en')}" for k, v in step.facts.items())
            line = (f"    {step.kind} {format_value(step.outcome, 'en')} <- {step.rule} "
                    f"[{', '.join(step.basis)}]")
            console.print(line + (f"  reads {facts}" if facts else ""))


def _run(args: argparse.Namespace, console: Console) -> int:
    cases, deselected = _cases(list(args.paths), args.keyword)
    policies = _Policies(console)
    passed = failed = 0
    for case in cases:
        policy = policies.get(case)
        if policy is None:
            failed += 1
            continue
        result = run_case(case, policy)
        if result.passed:
            passed += 1
            if args.verbose:
                console.print(f"{console.paint('ok', 'green')}   {case.location}: {case.name}")
        else:
            failed += 1
            _show_failure(console, result)
    summary: list[Any] = [
        console.paint(f"{passed} passed", "green") if passed else f"{passed} passed",
        console.paint(f"{failed} failed", "red") if failed else f"{failed} failed",
    ]
    if deselected:
        summary.append(f"{deselected} deselected")
    console.print(", ".join(summary))
    return FAILED if failed else (OK if passed else ERROR)


COMMAND = Command(
    name="test",
    summary="run the worked examples of the policies",
    description=(
        "Run worked examples: YAML files of findings with what the policy must answer\n"
        "(status, deadline, actions, ...). A failing example shows what was expected against\n"
        "what the policy answered, and the trace of the rules that decided. Exit code 1 if\n"
        "any example fails, 2 if none is found or a file is malformed."
    ),
    examples=(
        "rectilaw test                                  # everything under tests/policies",
        "rectilaw test tests/policies/sasac",
        "rectilaw test tests/policies/sasac/status.yaml -k overdue -v",
    ),
    configure=_configure,
    run=_run,
)
