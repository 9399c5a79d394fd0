"""Answering a batch of findings: what a whole ledger asks of an evaluator.

The ledger reads rows and hands the well-formed findings of each batch to an
:class:`Answerer`, which gives one answer per finding, in order: its
:class:`~rectilaw.Assessment`, or the exception :meth:`Policy.evaluate` raises
for it (a FindingError, a PolicyError), for the ledger to record as the row's
problem.  :class:`PolicyAnswerer` is the Python engine, finding by finding;
:class:`rectilaw.sql.answerer.DuckDBAnswerer` answers a batch with one query.
The ledger depends on this protocol and never on an engine's insides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from rectilaw.engine.assessment import Assessment

if TYPE_CHECKING:
    from rectilaw.engine.policy import Policy

__all__ = ["Answer", "Answerer", "PolicyAnswerer"]

#: One finding's answer: its assessment, or why it has none.
Answer = Assessment | Exception


class Answerer(Protocol):
    """Evaluates a batch of findings (typed, as a ledger reader gives them) on one day."""

    def assess(self, findings: Sequence[Mapping[str, Any]], today: date) -> list[Answer]:
        """One answer per finding, in order."""
        ...


class PolicyAnswerer:
    """The Python engine as an :class:`Answerer`: each finding through :meth:`Policy.evaluate`."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    def assess(self, findings: Sequence[Mapping[str, Any]], today: date) -> list[Answer]:
        evaluate = self.policy.evaluate
        answers: list[Answer] = []
        for finding in findings:
            try:
                answers.append(evaluate(finding, today))
            except Exception as error:  # the caller decides what a failed finding means
                answers.append(error)
        return answers
