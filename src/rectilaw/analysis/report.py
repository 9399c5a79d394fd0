"""What the analysis reports: diagnostics, each with the finding that shows it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from rectilaw.analysis.concrete import Witness
from rectilaw.errors import Diagnostic
from rectilaw.findings import Event

__all__ = ["AnalysisReport", "Result", "describe"]


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Event):
        return value.to_dict()
    return value


def describe(witness: Witness, *, days: bool = True) -> str:
    """The witness as a finding one can paste into a worked example: ``{"corrected": true}``,
    followed by the day (or days) it is evaluated on and the switches it needs turned."""
    text = json.dumps({k: _plain(v) for k, v in witness.facts.items()}, ensure_ascii=False)
    if days:
        text += " on " + " and ".join(d.isoformat() for d in dict.fromkeys(witness.days))
    if witness.params:
        text += " with " + ", ".join(f"`{name} = {json.dumps(value)}`"
                                     for name, value in witness.params.items())
    return text


@attrs.frozen
class Result:
    """One diagnostic of the analysis, with the finding and days that show it (where one
    exists) and whether the claim is proved or only the outcome of a search."""

    diagnostic: Diagnostic
    witness: Witness | None = None
    proved: bool = True

    @property
    def finding(self) -> Mapping[str, Any] | None:
        return None if self.witness is None else self.witness.facts


@attrs.frozen
class AnalysisReport:
    """The outcome of :func:`rectilaw.analysis.analyze`.

    ``prover`` is ``"z3"`` or ``"search"``; ``proved`` is true when every
    answer is exact (the solver decided every question), false when any rests
    on a search that found no counterexample, which proves nothing.
    """

    results: tuple[Result, ...]
    proved: bool
    prover: str

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(r.diagnostic for r in self.results)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")

    @property
    def notes(self) -> tuple[Diagnostic, ...]:
        """Information that is not a fault, such as overlaps first match resolves."""
        return tuple(d for d in self.diagnostics if d.severity == "info")

    def by_code(self, code: str) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.diagnostic.code == code)

    def render(self) -> str:
        """Every diagnostic as text, then a line saying how it was established."""
        lines = [d.render() for d in self.diagnostics]
        how = "proved by the z3 SMT solver" if self.proved else (
            "found by search (z3-solver is not installed or could not decide): "
            "an absence of counterexamples is not a proof")
        lines.append(f"analysis: {len(self.errors)} errors, {len(self.warnings)} warnings; {how}")
        return "\n".join(lines)
