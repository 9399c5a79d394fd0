"""The checks of the analysis, one module each, sharing a :class:`Context`.

Each check asks the prover questions (goals) and records a :class:`Result`
for every problem: the diagnostic, the witness that shows it where one exists,
and whether the claim is proved.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from rectilaw.analysis import goals as g
from rectilaw.analysis.concrete import Concrete, Witness
from rectilaw.analysis.prover import Answer, Prover
from rectilaw.analysis.report import Result, describe
from rectilaw.dsl.model import PolicyModel, Rule
from rectilaw.errors import Diagnostic, Span

__all__ = ["Check", "Context"]


@attrs.define
class Context:
    """What the checks share: the model, the prover, and what earlier checks found."""

    model: PolicyModel
    prover: Prover
    concrete: Concrete
    results: list[Result] = attrs.Factory(list)
    #: Rules that never decide (or never fire): their citations are never a basis.
    silent: set[str] = attrs.Factory(set)
    proved: bool = True
    reads: g.Reads = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.reads = g.Reads(self.model)

    def find(self, goal: g.Goal, *, require_status: bool = True) -> Answer:
        answer = self.prover.find(goal, require_status=require_status)
        self.proved = self.proved and answer.proved
        return answer

    def report(self, code: str, message: str, span: Span | None, *, hint: str | None = None,
               severity: str = "error", witness: Witness | None = None,
               proved: bool = True) -> None:
        self.results.append(Result(Diagnostic(code, message, span, hint, severity), witness,
                                   proved))
        self.proved = self.proved and proved

    def unproved(self, answer: Answer) -> str:
        """What to add to a claim that no finding exists, when only a search backs it."""
        if answer.proved:
            return ""
        if answer.exhaustive:
            return " (no counterexample among every combination of the policy's boundary " \
                "values; this is not a proof)"
        return f" (no counterexample among {answer.searched} findings searched; this is not " \
            "a proof)"

    def first_applying(self, rules: tuple[Rule, ...], witness: Witness,
                       world: int = 0) -> Rule | None:
        """The first of ``rules`` that applies to the witness."""
        run = self.concrete.runs(witness)[world]
        return next((r for r in rules if run.applies(r)), None)

    def show(self, witness: Witness, goal: g.Goal) -> str:
        """The witness as text, with its days where the goal depends on the day."""
        return describe(witness, days=self.reads.reads_today(goal))


Check = Callable[[Context], None]
