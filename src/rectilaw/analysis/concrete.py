"""Goals on a concrete witness, by the reference interpreter; and making witnesses small.

Every counterexample a prover proposes is checked here before it is reported,
so that a finding shown to a policy author always does what the message says
when evaluated; the SMT encoding may over-approximate, this never does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from rectilaw.analysis import goals as g
from rectilaw.calendar import CalendarError
from rectilaw.dsl.model import PolicyModel
from rectilaw.engine.reference import Evaluation, fact_specs
from rectilaw.errors import PolicyError
from rectilaw.findings import Event
from rectilaw.periods import RestDayCalendar

__all__ = ["Concrete", "Witness", "switches"]

_RELOCATE_TO = 2024


def _moved(witness: Witness, years: int) -> Witness:
    """Every date of the witness ``years`` later (ValueError for a 29 February that has no
    counterpart)."""
    def move(value: Any) -> Any:
        if isinstance(value, date):
            return value.replace(year=value.year + years)
        if isinstance(value, tuple):
            return tuple(sorted(Event(move(e.on), e.kind) for e in value))
        return value

    facts = {k: move(v) for k, v in witness.facts.items()}
    return Witness(facts, tuple(move(d) for d in witness.days), witness.params)


def switches(model: PolicyModel) -> dict[str, bool]:
    """The boolean parameters a deployment may turn, with their values in the policy.

    The analysis considers both values of each: a rule that only a deployment's
    switch brings into play is not dead.  A parameter the deployment has
    already overridden stays as it set it.
    """
    return {p.name: bool(p.values[0].value) for p in model.params
            if p.type.kind == "bool" and not p.overridden and len(p.values) == 1}


@attrs.frozen
class Witness:
    """A finding (its facts that are not at their defaults), the day of each world, and
    the switches (boolean parameters) a deployment would have to turn for it."""

    facts: Mapping[str, Any]
    days: tuple[date, ...]
    params: Mapping[str, Any] = attrs.field(factory=dict)


class Concrete:
    """The concrete meaning of goals: complete the finding with defaults and evaluate."""

    def __init__(self, model: PolicyModel, calendar: RestDayCalendar) -> None:
        self.model = model
        self.calendar = calendar
        specs = fact_specs(model)
        self.defaults = {f.name: specs[f.name].default for f in model.facts}
        self.switches = switches(model)

    def runs(self, witness: Witness) -> list[Evaluation]:
        facts = {**self.defaults, **witness.facts}
        return [Evaluation(self.model, facts, day, self.calendar, witness.params)
                for day in witness.days]

    def holds(self, goal: g.Goal, witness: Witness) -> bool:
        """Whether the goal is true of the witness; False where the witness cannot be evaluated
        (no status decided, a date outside the calendar's years)."""
        try:
            return self._holds(goal, self.runs(witness))
        except (PolicyError, CalendarError, OverflowError, ArithmeticError, ValueError):
            return False

    def _holds(self, goal: g.Goal, runs: list[Evaluation]) -> bool:
        if isinstance(goal, g.Applies):
            return runs[goal.world].applies(goal.rule)
        if isinstance(goal, g.Holds):
            return runs[goal.world].holds(goal.node)
        if isinstance(goal, g.Asked):
            asked = runs[goal.world].asked(goal.ladder)
            return asked is not None and asked[0] == goal.step
        if isinstance(goal, g.Differs):
            return bool(self.value(runs[goal.first], goal.what)
                        != self.value(runs[goal.second], goal.what))
        if isinstance(goal, g.Earlier):
            return runs[goal.first].today < runs[goal.second].today
        if isinstance(goal, g.Settled):
            run = runs[goal.world]
            return all(e.on <= run.today for e in run.facts.get("events", ()))
        if isinstance(goal, g.All):
            return all(self._holds(part, runs) for part in goal.parts)
        if isinstance(goal, g.Any):
            return any(self._holds(part, runs) for part in goal.parts)
        return not self._holds(goal.part, runs)

    @staticmethod
    def value(run: Evaluation, what: str) -> Any:
        if what in ("status", "stage"):
            return run.outcome(what)
        return run.definition(what)

    def shrink(self, goal: g.Goal, witness: Witness) -> Witness:
        """The witness with every fact (and measure) the goal does not need put back to its
        default, moved to the years around 2024 where it still shows the same."""
        witness = self._relocated(goal, witness)
        facts, params = dict(witness.facts), dict(witness.params)
        for name in list(facts):
            trial = {k: v for k, v in facts.items() if k != name}
            if self.holds(goal, Witness(trial, witness.days, params)):
                facts = trial
        for event in list(facts.get("events", ())):
            fewer = tuple(e for e in facts["events"] if e != event)
            trial = {**facts, "events": fewer} if fewer else {
                k: v for k, v in facts.items() if k != "events"}
            if self.holds(goal, Witness(trial, witness.days, params)):
                facts = trial
        for name in list(params):
            trial = {k: v for k, v in params.items() if k != name}
            if self.holds(goal, Witness(facts, witness.days, trial)):
                params = trial
        return Witness(facts, witness.days, params)

    def _relocated(self, goal: g.Goal, witness: Witness) -> Witness:
        """The witness with every date moved by whole years so that the earliest falls in
        2024 or close to it, if it still shows the goal there; else the witness."""
        days = [*witness.days, *(v for v in witness.facts.values() if isinstance(v, date))]
        days.extend(e.on for e in witness.facts.get("events", ()))
        if not days:
            return witness
        offset = _RELOCATE_TO - min(days).year
        for shift in (offset, offset + 1, offset - 1):
            if shift == 0:
                return witness
            try:
                moved = _moved(witness, shift)
            except ValueError:
                continue
            if self.holds(goal, moved):
                return moved
        return witness

    def trimmed(self, facts: Mapping[str, Any], days: tuple[date, ...],
                params: Mapping[str, Any] | None = None) -> Witness:
        """A witness of ``facts`` and switched ``params`` without those at their defaults."""
        kept = {k: v for k, v in facts.items() if k in self.defaults and v != self.defaults[k]}
        switched = {k: v for k, v in (params or {}).items()
                    if k in self.switches and v != self.switches[k]}
        return Witness(kept, days, switched)
