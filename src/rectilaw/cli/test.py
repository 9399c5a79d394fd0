"""``rectilaw test [PATH...]``: run the worked examples of the policies."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rectilaw.cli.command import (
    ERROR,
    FAILED,
    OK,
    Command,
    CommandError,
    Console,
    paint_diagnostic,
    to_json,
)
from rectilaw.cli.inputs import calendar_from_args

if TYPE_CHECKING:
    from rectilaw.calendar import Calendar
    from rectilaw.engine.policy import Policy
    from rectilaw.worked_examples import Case, CaseResult

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
    from rectilaw.worked_examples import ExampleFileError, find_example_files, load_cases

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

    def __init__(self, console: Console, calendar: Calendar | None, *, show: bool) -> None:
        self.console = console
        self.calendar = calendar
        self.show = show
        self.loaded: dict[tuple[str, tuple[tuple[str, str], ...]], Policy | None] = {}
        self.problems: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}

    def get(self, case: Case) -> Policy | None:
        key = (case.policy, tuple(sorted((str(k), str(v)) for k, v in case.params.items())))
        if key not in self.loaded:
            from rectilaw.errors import PolicyError
            from rectilaw.loader import load_policy

            try:
                self.loaded[key] = load_policy(case.policy, params=dict(case.params) or None,
                                               calendar=self.calendar)
            except PolicyError as error:
                self.problems[key] = "\n".join(d.render() for d in error.diagnostics)
                if self.show:
                    self.console.print(self.console.paint(f"ERROR {case.policy}", "red")
                                       + ": the policy does not load")
                    for diagnostic in error.diagnostics:
                        self.console.print(_indent(paint_diagnostic(self.console, diagnostic)))
                self.loaded[key] = None
        return self.loaded[key]

    def problem(self, case: Case) -> str:
        """Why the policy of ``case`` did not load."""
        key = (case.policy, tuple(sorted((str(k), str(v)) for k, v in case.params.items())))
        return self.problems.get(key, "")


def _indent(text: str, by: str = "  ") -> str:
    return "\n".join(by + line for line in text.splitlines())


def _failure_lines(result: CaseResult) -> list[str]:
    """What a failing case expected against what the policy answered, and the trace."""
    from rectilaw.report import format_value

    lines = [f"  {mismatch}" for mismatch in result.mismatches]
    if result.assessment is not None:
        a = result.assessment
        codes = ", ".join(action.code for action in a.actions) or "none"
        due = a.due.isoformat() if a.due else "none"
        lines.append(f"  answered: status {a.status}, due {due}, overdue {a.overdue_days} "
                     f"days, stage {a.stage or 'none'}, actions {codes}")
        lines.append("  trace:")
        for step in result.assessment.trace:
            facts = ", ".join(f"{k}={format_value(v, 'en')}" for k, v in step.facts.items())
            line = (f"    {step.kind} {format_value(step.outcome, 'en')} <- {step.rule} "
                    f"[{', '.join(step.basis)}]")
            lines.append(line + (f"  reads {facts}" if facts else ""))
    return lines


def _show_failure(console: Console, result: CaseResult) -> None:
    case = result.case
    console.print(f"{console.paint('FAIL', 'red')} {case.location}: {case.name}")
    for line in _failure_lines(result):
        console.print(line)


def _run(args: argparse.Namespace, console: Console) -> int:
    from rectilaw.worked_examples import run_case

    cases, deselected = _cases(list(args.paths), args.keyword)
    policies = _Policies(console, calendar_from_args(args), show=args.format == "text")
    passed = failed = 0
    results: list[tuple[Case, CaseResult | None]] = []
    for case in cases:
        policy = policies.get(case)
        if policy is None:
            failed += 1
            results.append((case, None))
            continue
        result = run_case(case, policy)
        results.append((case, result))
        if result.passed:
            passed += 1
            if args.verbose and args.format == "text":
                console.print(f"{console.paint('ok', 'green')}   {case.location}: {case.name}")
        else:
            failed += 1
            if args.format == "text":
                _show_failure(console, result)
    code = FAILED if failed else (OK if passed else ERROR)
    if args.format == "json":
        console.print(to_json(_json(results, policies, passed, failed, deselected)))
        return code
    if args.format == "junit":
        console.out.write(_junit(results, policies))
        return code
    summary: list[Any] = [
        console.paint(f"{passed} passed", "green") if passed else f"{passed} passed",
        console.paint(f"{failed} failed", "red") if failed else f"{failed} failed",
    ]
    if deselected:
        summary.append(f"{deselected} deselected")
    console.print(", ".join(summary))
    return code


def _json(results: list[tuple[Case, CaseResult | None]], policies: _Policies, passed: int,
          failed: int, deselected: int) -> dict[str, Any]:
    """The run as data: the counts, then each case with what did not match."""
    cases = []
    for case, result in results:
        entry: dict[str, Any] = {
            "name": case.name, "file": case.file, "line": case.line,
            "policy": _shown(case.policy),
            "passed": result is not None and result.passed,
            "mismatches": list(result.mismatches) if result is not None else [],
            "error": None if result is not None else "the policy does not load:\n"
            + policies.problem(case),
        }
        if result is not None and not result.passed and result.assessment is not None:
            a = result.assessment
            entry["answered"] = {
                "status": a.status, "due": a.due.isoformat() if a.due else None,
                "overdue_days": a.overdue_days, "stage": a.stage,
                "actions": [action.code for action in a.actions],
            }
        cases.append(entry)
    return {"passed": passed, "failed": failed, "deselected": deselected, "cases": cases}


def _shown(policy: str) -> str:
    """A policy as the reader named it: a built-in name, or a rule file relative to here.

    Worked examples hold rule files as absolute paths; printed that way, a report would
    differ between two checkouts of the same project.
    """
    path = Path(policy)
    if not path.is_absolute():
        return policy
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return policy


def _junit(results: list[tuple[Case, CaseResult | None]], policies: _Policies) -> str:
    """One test suite per file of worked examples, one test case per example."""
    from rectilaw.cli.junit import JUnitCase, JUnitSuite, junit_xml

    by_file: dict[str, list[JUnitCase]] = {}
    for case, result in results:
        classname = str(Path(case.file).with_suffix("")).replace("/", ".").replace("\\", ".")
        failure = error = None
        if result is None:
            error = ("the policy does not load", policies.problem(case))
        elif not result.passed:
            failure = (result.mismatches[0] if len(result.mismatches) == 1
                       else f"{len(result.mismatches)} mismatches: {result.mismatches[0]}",
                       "\n".join(_failure_lines(result)))
        by_file.setdefault(case.file, []).append(JUnitCase(
            case.name, classname, file=case.file, line=case.line, failure=failure,
            error=error))
    suites = [JUnitSuite(file, cases, file=file) for file, cases in by_file.items()]
    return junit_xml("rectilaw test", suites)


COMMAND = Command(
    name="test",
    summary="run the worked examples of the policies",
    description=(
        "Run worked examples: YAML files of findings with what the policy must answer\n"
        "(status, deadline, actions, ...). A failing example shows what was expected against\n"
        "what the policy answered, and the trace of the rules that decided. Exit code 1 if\n"
        "any example fails, 2 if none is found or a file is malformed. --format json lists\n"
        "every example with what did not match; junit gives one test case per example, for\n"
        "CI."
    ),
    examples=(
        "rectilaw test                                  # everything under tests/policies",
        "rectilaw test tests/policies/sasac",
        "rectilaw test tests/policies/sasac/status.yaml -k overdue -v",
        "rectilaw test -f junit -o worked-examples.xml   # a CI test report",
        "rectilaw test --calendar calendar-2027.yaml      # with next year's schedule",
    ),
    configure=_configure,
    run=_run,
    formats=("text", "json", "junit"),
    evaluates=True,
)
