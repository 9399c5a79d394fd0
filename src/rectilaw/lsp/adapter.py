"""The one place the language server calls into the rest of rectilaw.

The parser, the checker, the analysis, the formatter, the readings and the
worked-example runner are all reached through the functions here, so that a
change in the middle of rectilaw (a renamed module, a new pass) is a change
to this file only.  Nothing here depends on pygls: it takes and gives text,
syntax trees, checked models and :class:`~rectilaw.errors.Diagnostic` values.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from rectilaw import schema
from rectilaw.dsl import ast
from rectilaw.dsl.model import Node, PolicyModel
from rectilaw.errors import Diagnostic, PolicyError

__all__ = [
    "ACTIONS",
    "FIELDS",
    "Checked",
    "ExampleOutcome",
    "check_text",
    "diagnose",
    "expression_code",
    "format_text",
    "keywords",
    "reading",
    "run_examples",
]

#: The shared finding schema and the shared action vocabulary, by name.
FIELDS: Mapping[str, schema.FieldSpec] = schema.FIELDS
ACTIONS: Mapping[str, str] = schema.ACTIONS


def keywords() -> frozenset[str]:
    """The words with a meaning of their own in the rule language."""
    from rectilaw.dsl.parser import KEYWORDS

    return KEYWORDS


@attrs.frozen
class Checked:
    """What parsing and checking one text gave.

    ``tree`` is None when the text does not parse; ``model`` is None when it
    does not check.  ``diagnostics`` are exactly those of ``rectilaw check
    --no-analysis``: the errors, or the checked policy's warnings.
    """

    tree: ast.PolicyFile | None
    model: PolicyModel | None
    diagnostics: tuple[Diagnostic, ...]


def check_text(text: str, filename: str) -> Checked:
    """Parse and check ``text``, keeping whatever stage got furthest.

    This is what the editor shows as the author types.  ``rectilaw check``
    also compiles the evaluator, which can refuse a rule too complex to
    compile; that takes longer than a keystroke should, so it is left to
    :func:`diagnose`, which runs with the analysis a moment later.
    """
    from rectilaw.dsl.checker import check
    from rectilaw.dsl.parser import parse

    try:
        tree = parse(text, filename)
    except PolicyError as error:
        return Checked(None, None, error.diagnostics)
    try:
        model = check(tree)
    except PolicyError as error:
        return Checked(tree, None, error.diagnostics)
    return Checked(tree, model, tuple(sorted(model.warnings, key=lambda d: d.sort_key)))


def diagnose(text: str, filename: str, prover: str) -> list[Diagnostic]:
    """Every diagnostic ``rectilaw check --prover PROVER`` reports for ``text``.

    As there: the errors of loading the file (parsing, checking, compiling);
    else the policy's warnings and then the analysis' errors and warnings (its
    notes are not problems), one of each code and place, sorted by position.
    The command stands above this package, so its steps are taken here again;
    a test holds the two to the same answer.
    """
    from rectilaw.analysis import analyze
    from rectilaw.loader import policy_from_text

    try:
        model = policy_from_text(text, filename=filename).model
    except PolicyError as error:
        return list(error.diagnostics)
    found = list(model.warnings)
    report = analyze(model, prover=prover)
    seen = {(d.code, d.span) for d in found}
    found += [d for d in (*report.errors, *report.warnings) if (d.code, d.span) not in seen]
    return sorted(found, key=lambda d: d.sort_key)


def format_text(text: str, filename: str) -> str:
    """``text`` as ``rectilaw fmt`` prints it; PolicyError if it does not parse."""
    from rectilaw.dsl.formatter import format_source

    return format_source(text, filename)


def expression_code(node: Node) -> str | None:
    """A checked expression in the rule language, on one line (None without the docs extra)."""
    try:
        from rectilaw.sphinx.text import code
    except ImportError:
        return None
    return code(node)


def reading(node: Node, model: PolicyModel) -> str | None:
    """The plain Chinese reading of a checked expression, as the documentation gives it.

    The readings live with the Sphinx extension; without the ``docs`` extra
    there is none, and None says so.
    """
    try:
        from rectilaw.sphinx.text import Names
        from rectilaw.sphinx.text import reading as read
    except ImportError:
        return None
    return read(node, Names.of(model))


# ----------------------------------------------------------------- worked examples


@attrs.frozen
class ExampleOutcome:
    """One worked example run against the text being edited."""

    file: str
    line: int
    name: str
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


def example_files(directories: list[Path]) -> list[Path]:
    """The worked-example files below ``directories`` (``rectilaw test`` finds the same)."""
    from rectilaw.worked_examples import find_example_files

    return find_example_files([d for d in directories if d.exists()])


def run_examples(text: str, filename: str, policy_id: str,
                 files: list[Path]) -> tuple[list[ExampleOutcome], list[str]]:
    """Run every case of ``files`` that is about this policy against ``text``.

    A case is about this policy when its ``policy:`` is the policy's id (a
    built-in name) or the path of ``filename``.  The cases are evaluated on
    the text being edited, not on the file saved or the policy built in, so
    the author sees what the change does.  Returns the outcomes and the
    problems that stopped a file or a case from running at all (a malformed
    YAML file, a policy that does not load with a case's parameters).
    """
    from rectilaw.loader import policy_from_text
    from rectilaw.worked_examples import ExampleFileError, load_cases, run_case

    own_path = str(Path(filename).resolve())
    outcomes: list[ExampleOutcome] = []
    problems: list[str] = []
    policies: dict[tuple[tuple[str, str], ...], Any] = {}
    for file in files:
        try:
            cases = load_cases(file)
        except ExampleFileError as problem:
            problems.append(str(problem))
            continue
        for case in cases:
            if case.policy not in (policy_id, own_path):
                continue
            key = tuple(sorted((str(k), str(v)) for k, v in case.params.items()))
            if key not in policies:
                try:
                    policies[key] = policy_from_text(text, filename=filename,
                                                     params=dict(case.params) or None)
                except PolicyError as error:
                    policies[key] = None
                    problems.append(f"{case.location}: the policy does not load with this "
                                    f"case's parameters: {error.diagnostics[0].message}")
            policy = policies[key]
            if policy is None:
                outcomes.append(ExampleOutcome(case.file, case.line, case.name,
                                               ("the policy does not load",)))
                continue
            try:
                mismatches = run_case(case, policy).mismatches
            except Exception as error:  # an evaluation failure is this case's result, not ours
                mismatches = (f"evaluation failed: {type(error).__name__}: {error}",)
            outcomes.append(ExampleOutcome(case.file, case.line, case.name, mismatches))
    return outcomes, problems
