"""What a prover answers, and what every prover offers the checks."""

from __future__ import annotations

from typing import Protocol

import attrs

from rectilaw.analysis import goals as g
from rectilaw.analysis.concrete import Witness

__all__ = ["Answer", "Prover"]


@attrs.frozen
class Answer:
    """A witness of the goal (checked on the reference interpreter), or none.

    ``proved`` says the answer is exact: a witness always is; the absence of one
    only when a solver showed that none exists.  ``searched`` says how many
    findings a search tried, and ``exhaustive`` whether it tried every
    combination of the boundary values it draws from, for messages about an
    unproved absence.
    """

    witness: Witness | None
    proved: bool
    searched: int = 0
    exhaustive: bool = False

    @property
    def found(self) -> bool:
        return self.witness is not None


class Prover(Protocol):
    """Finds a finding (and days) for which a goal holds."""

    name: str

    def find(self, goal: g.Goal, *, require_status: bool = True) -> Answer:
        """A witness of ``goal``; with ``require_status``, only one in worlds (days) where
        a status rule applies, since the evaluator refuses to answer elsewhere."""
