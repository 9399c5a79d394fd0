"""DuckDB as an :class:`~rectilaw.engine.answerer.Answerer`: a batch of findings, one query.

The query answers what it can answer exactly (see :mod:`rectilaw.sql.runner`);
every other finding goes to the Python engine, so a ledger gets the same
answers and the same errors on either engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rectilaw.engine.answerer import Answer, PolicyAnswerer
from rectilaw.sql.runner import DuckDBEngine

if TYPE_CHECKING:
    from rectilaw.engine.policy import Policy

__all__ = ["DuckDBAnswerer", "assess_all"]


class DuckDBAnswerer:
    """Answers a batch with one DuckDB query; the findings it hands back, with Python."""

    def __init__(self, policy: Policy, *, engine: DuckDBEngine | None = None) -> None:
        self.engine = engine if engine is not None else DuckDBEngine(policy)
        self.python = PolicyAnswerer(policy)

    def assess(self, findings: Sequence[Mapping[str, Any]], today: date) -> list[Answer]:
        answers: list[Answer | None] = list(self.engine.assess(findings, today)) if findings \
            else []
        back = [i for i, answer in enumerate(answers) if answer is None]
        if back:
            for index, answer in zip(back, self.python.assess([findings[i] for i in back], today),
                                     strict=True):
                answers[index] = answer
        return [answer for answer in answers if answer is not None]

    def close(self) -> None:
        self.engine.close()


def assess_all(policy: Policy, findings: Iterable[Mapping[str, Any]],
               today: date) -> list[Answer]:
    """Every finding's assessment, or the exception :meth:`Policy.evaluate` raises for it."""
    answerer = DuckDBAnswerer(policy)
    try:
        return answerer.assess(list(findings), today)
    finally:
        answerer.close()
