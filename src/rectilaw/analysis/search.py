"""The search prover: looks for a witness without a solver; finding none proves nothing.

Two phases.  First a systematic search: facts are chosen one at a time in the
order the goal reads them, each from its boundary values (false before true,
unset before set, the policy's own constants and the amounts and days beside
them, the days around each deadline already computable), and a branch is
abandoned as soon as three-valued evaluation shows the goal false whatever
the remaining facts are.  Boolean and enumerated facts are thus covered
exhaustively as far as the step budget reaches.  Where the budget ran out
before the search was done, and ``hypothesis`` is installed, random findings
and days from :mod:`rectilaw.testing` follow, shrunk to a small witness if one
turns up.  Every witness is checked on the reference
interpreter; the absence of one is reported as "not found", never as proved.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from rectilaw.analysis import domain
from rectilaw.analysis import goals as g
from rectilaw.analysis.concrete import Concrete, Witness, switches
from rectilaw.analysis.partial import UNKNOWN, Partial, truth
from rectilaw.analysis.prover import Answer
from rectilaw.dsl.model import EVENT_OPS, FactModel, PolicyModel
from rectilaw.findings import Event
from rectilaw.periods import RestDayCalendar

__all__ = ["SearchProver"]

#: Goal evaluations the systematic phase may spend on one goal.
STEPS = 2500
#: Random findings the second phase tries on a goal the first phase could not finish.
SAMPLES = 100

_OTHER_TEXT = "其他"


class _Exhausted(Exception):
    pass


def _measured_kinds(model: PolicyModel) -> tuple[str, ...]:
    """The measures the policy reads: in ``is taken``, ``count of``, ``first``, ``last``,
    and those an ``after`` block follows or waits for."""
    found: dict[str, None] = {}
    for expr in domain.expressions(model):
        for node in expr.walk():
            if node.op in EVENT_OPS:
                found.update(dict.fromkeys(sorted(node.value)))
    for block in model.afters:
        found.update(dict.fromkeys(block.kinds))
        found.update(dict.fromkeys(f.code for f in block.follow_ups))
    return tuple(found)


class SearchProver:
    """Systematic search over boundary values, then random sampling."""

    name = "search"

    def __init__(self, model: PolicyModel, calendar: RestDayCalendar, *,
                 steps: int = STEPS, samples: int = SAMPLES) -> None:
        self.model = model
        self.calendar = calendar
        self.steps = steps
        self.samples = samples
        self.concrete = Concrete(model, calendar)
        self.reads = g.Reads(model)
        self.constants = domain.constants(model)
        self.facts = {f.name: f for f in model.facts}
        self.switches = {f"param:{name}": value for name, value in switches(model).items()}
        self._turned = frozenset(self.switches)
        self._kinds = _measured_kinds(model)
        self._computed = tuple(dict.fromkeys(
            node for expr in domain.expressions(model) for node in expr.walk()
            if node.type.kind == "date" and node.op in ("period", "back", "call")))
        self._policy: Any = None
        self._spent = 0
        self._cut = False

    # ------------------------------------------------------------ the prover
    def find(self, goal: g.Goal, *, require_status: bool = True) -> Answer:
        goal = self.complete(goal) if require_status else goal
        witness, tried = self.systematic(goal)
        if witness is None and self.samples and self._cut:
            witness, sampled = self.sample(goal)
            tried += sampled
        if witness is None:
            return Answer(None, proved=False, searched=tried, exhaustive=not self._cut)
        return Answer(self.concrete.shrink(goal, witness), proved=True, searched=tried)

    def complete(self, goal: g.Goal) -> g.Goal:
        """The goal, in worlds where a status is decided (a policy with a gap raises there)."""
        status = self.model.status
        if any(rule.condition is None for _, rule in status.rules):
            return goal
        decided = [g.Any(tuple(g.Applies(r, w) for _, r in status.rules))
                   for w in range(g.worlds(goal))]
        return g.All((goal, *decided))

    # ------------------------------------------------------------ systematic phase
    def systematic(self, goal: g.Goal) -> tuple[Witness | None, int]:
        count = g.worlds(goal)
        facts = [name for name in self.reads.facts(goal)
                 if name in self.facts or name in self.switches]
        variables: list[str] = list(facts)
        if self.reads.reads_today(goal):
            variables.extend(f"today#{w}" for w in range(count))
        self._spent = 0
        self._cut = False
        try:
            found = self._dfs(goal, variables, {}, count)
        except _Exhausted:
            found = None
            self._cut = True
        return found, self._spent

    def _worlds(self, assignment: dict[str, Any], count: int,
                consulted: set[str] | None = None) -> list[Partial]:
        facts = {k: v for k, v in assignment.items() if not k.startswith("today#")}
        return [Partial(self.model, facts, assignment.get(f"today#{w}", UNKNOWN), self.calendar,
                        consulted=consulted, today_key=f"today#{w}", turned=self._turned)
                for w in range(count)]

    def _dfs(self, goal: g.Goal, variables: list[str], assignment: dict[str, Any],
             count: int) -> Witness | None:
        """Depth first, choosing next the first variable (in reading order) the goal's
        unknown value depended on."""
        self._spent += 1
        if self._spent > self.steps:
            raise _Exhausted
        consulted: set[str] = set()
        value = truth(goal, self._worlds(assignment, count, consulted))
        if value is False:
            return None
        name = next((v for v in variables if v in consulted and v not in assignment), None)
        if value is True or name is None:
            witness = self._witness(assignment, count)
            return witness if self.concrete.holds(goal, witness) else None
        for candidate in self._candidates(name, assignment, count):
            assignment[name] = candidate
            found = self._dfs(goal, variables, assignment, count)
            if found is not None:
                return found
            del assignment[name]
        return None

    def _witness(self, assignment: dict[str, Any], count: int) -> Witness:
        facts = {k: v for k, v in assignment.items() if k in self.facts}
        params = {k[6:]: v for k, v in assignment.items() if k in self.switches}
        days = tuple(assignment.get(f"today#{w}", domain.ANCHORS[0]) for w in range(count))
        return self.concrete.trimmed(facts, days, params)

    # ------------------------------------------------------------ candidate values
    def _candidates(self, name: str, assignment: dict[str, Any], count: int) -> list[Any]:
        if name.startswith("today#"):
            return self._days(assignment, count) or [domain.ANCHORS[0]]
        if name in self.switches:
            return [self.switches[name], not self.switches[name]]
        fact = self.facts[name]
        return list(dict.fromkeys(self._fact_values(fact, assignment, count)))

    def _fact_values(self, fact: FactModel, assignment: dict[str, Any],
                     count: int) -> Iterator[Any]:
        kind = fact.type.kind
        if kind == "bool":
            yield from (False, True)
        elif kind == "enum":
            yield None
            yield from fact.type.values
        elif kind == "text":
            yield None
            yield from self.constants.texts
            yield _OTHER_TEXT
        elif kind == "money":
            known = [v for k, v in assignment.items() if self._is(k, "money")]
            for point in (Decimal(0), *self.constants.money, *known):
                for step in (Decimal(0), domain.CENT, -domain.CENT):
                    if point + step >= 0:
                        yield point + step
        elif kind == "integer":
            known = [v for k, v in assignment.items() if self._is(k, "integer")]
            for number in (0, *self.constants.integers, *known):
                yield from (number, number + 1, number - 1)
        elif kind == "date":
            yield None
            known = self._known_dates(assignment, count)
            if not known:
                yield from domain.ANCHORS[:2]
            for day in known:
                yield from (day, *domain.near(day))
            if known:
                yield from domain.related_days(known[0], self.constants.durations,
                                               self.calendar)
        else:
            yield from self._events(assignment, count)

    def _events(self, assignment: dict[str, Any], count: int) -> Iterator[tuple[Event, ...]]:
        """No measures; one of each kind the policy reads; each ladder climbed step by step;
        each on a day the finding already fixes (or an anchor).  Then two measures, one a
        day after the other, of every ordered pair of kinds: a rule may ask for one measure
        taken and another not yet, or for one taken after the other (``verify`` then
        ``close``; a feedback older than the latest determination)."""
        yield ()
        days = self._known_dates(assignment, count)[:2] or list(domain.ANCHORS[:1])
        for day in days:
            for kind in self._kinds:
                yield (Event(day, kind),)
            for ladder in self.model.ladders:
                for reached in range(1, len(ladder.codes) + 1):
                    yield tuple(Event(day, code) for code in ladder.codes[:reached])
        first, then = days[0], days[0] + timedelta(days=1)
        for earlier in self._kinds:
            for later in self._kinds:
                yield (Event(first, earlier), Event(then, later))

    def _is(self, name: str, kind: str) -> bool:
        fact = self.facts.get(name)
        return fact is not None and fact.type.kind == kind

    def _known_dates(self, assignment: dict[str, Any], count: int) -> list[date]:
        """The dates of the facts chosen so far and of the definitions they already fix."""
        known = [v for k, v in assignment.items() if isinstance(v, date)]
        known.extend(e.on for e in assignment.get("events", ()))
        world = self._worlds(assignment, count)[0]
        known.extend(world.due_dates())
        for definition in self.model.definitions:
            if definition.expr.type.kind == "date":
                value = world.definition(definition.name)
                if isinstance(value, date):
                    known.append(value)
        for node in self._computed:
            value = world.value(node)
            if isinstance(value, date):
                known.append(value)
        return list(dict.fromkeys(known))

    def _days(self, assignment: dict[str, Any], count: int) -> list[date]:
        known = self._known_dates(assignment, count)
        days = [d for day in known for d in (day, *domain.near(day))]
        return list(dict.fromkeys(days))

    # ------------------------------------------------------------ random phase
    def sample(self, goal: g.Goal) -> tuple[Witness | None, int]:
        """Random findings and days from :mod:`rectilaw.testing`, if hypothesis is installed."""
        try:
            from hypothesis import HealthCheck, Phase, find, settings
            from hypothesis import strategies as st
            from hypothesis.errors import NoSuchExample

            from rectilaw.analysis import sampling as testing
            from rectilaw.engine.policy import Policy
        except ImportError:
            return None, 0
        if self._policy is None:
            self._policy = Policy(self.model, self.calendar, origin="<analysis>")
        policy = self._policy
        count = g.worlds(goal)
        strategy = testing.findings(policy).flatmap(
            lambda finding: st.tuples(st.just(finding), st.lists(
                testing.days(policy, finding), min_size=count, max_size=count)))
        tried = 0

        def holds(case: tuple[dict[str, Any], list[date]]) -> bool:
            nonlocal tried
            tried += 1
            finding, days = case
            return self.concrete.holds(goal, self._sampled(finding, days))

        config = settings(max_examples=self.samples, derandomize=True, database=None,
                          deadline=None, phases=[Phase.generate],
                          suppress_health_check=list(HealthCheck))
        try:
            finding, days = find(strategy, holds, settings=config)
        except NoSuchExample:
            return None, tried
        return self._sampled(finding, days), tried

    def _sampled(self, finding: dict[str, Any], days: list[date]) -> Witness:
        facts = dict(finding)
        if "events" in facts:
            facts["events"] = tuple(sorted(Event(e["on"], e["kind"]) for e in facts["events"]))
        return self.concrete.trimmed(facts, tuple(days))
