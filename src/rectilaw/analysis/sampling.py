"""Findings and days drawn from a policy itself: the strategies behind :mod:`rectilaw.testing`.

They live with the analysis, which samples with them when its search looks
for a counterexample; :mod:`rectilaw.testing` is their public face.  Requires
``hypothesis``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from hypothesis import strategies as st

from rectilaw.analysis import domain
from rectilaw.dsl.model import FactModel, PolicyModel
from rectilaw.engine.policy import Policy
from rectilaw.engine.reference import fact_specs
from rectilaw.errors import FindingError
from rectilaw.findings import normalize
from rectilaw.loader import load_policy
from rectilaw.schema import ACTIONS

__all__ = ["FIRST_DAY", "LAST_DAY", "boundary_days", "cases", "days", "findings"]

#: Dates are drawn between these days, far enough inside the calendar's years
#: that every period the policies count still ends inside them.
FIRST_DAY = date(2015, 1, 1)
LAST_DAY = date(2035, 12, 31)

T = TypeVar("T")

_TEXTS = ("F-001", "审计-2024-07", "市国资委")


def _policy(policy: Policy | str) -> Policy:
    return load_policy(policy) if isinstance(policy, str) else policy


_PLANS: dict[int, tuple[PolicyModel, domain.Constants, tuple[str, ...]]] = {}


def _plan(policy: Policy) -> tuple[domain.Constants, tuple[str, ...]]:
    """The policy's constants and event kinds, worked out once per policy."""
    key = id(policy.model)
    if key not in _PLANS:
        kinds = tuple(sorted(policy.model.event_kinds | set(ACTIONS)))
        _PLANS[key] = (policy.model, domain.constants(policy.model), kinds)
    _, consts, kinds = _PLANS[key]
    return consts, kinds


def _pick(draw: st.DrawFn, options: Sequence[T]) -> T:
    """One of ``options``, shrinking towards the first."""
    return options[draw(st.integers(0, len(options) - 1))]


class _Drawn:
    """What a finding drawn so far holds, so later facts can land next to earlier ones."""

    def __init__(self, base: date) -> None:
        self.dates: list[date] = [base]
        self.money: list[Decimal] = []
        self.integers: list[int] = []


def _clip(days: Iterable[date]) -> list[date]:
    return sorted({d for d in days if FIRST_DAY <= d <= LAST_DAY})


_ANY_DAY = st.dates(FIRST_DAY, LAST_DAY)
_ANY_AMOUNT = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False,
                          allow_infinity=False)
_ANY_INTEGER = st.integers(min_value=-1000, max_value=1000)


def _date(draw: st.DrawFn, policy: Policy, drawn: _Drawn, consts: domain.Constants) -> date:
    way = draw(st.integers(0, 3))
    if way == 0:
        options = _clip(d for known in drawn.dates for d in domain.near(known))
    elif way == 1:
        known = drawn.dates[draw(st.integers(0, len(drawn.dates) - 1))]
        options = _clip(domain.related_days(known, consts.durations, policy.calendar))
    elif way == 2:
        options = _clip(d for known in drawn.dates[:2] for d in domain.month_edges(known))
    else:
        options = []
    return _pick(draw, options) if options else draw(_ANY_DAY)


def _amount(draw: st.DrawFn, drawn: _Drawn, consts: domain.Constants) -> Decimal:
    if draw(st.integers(0, 3)) == 3:
        return draw(_ANY_AMOUNT)
    points = {Decimal(0), *consts.money, *drawn.money}
    return _pick(draw, sorted({p + step for p in points
                               for step in (Decimal(0), domain.CENT, -domain.CENT)
                               if p + step >= 0}))


def _integer(draw: st.DrawFn, drawn: _Drawn, consts: domain.Constants) -> int:
    if draw(st.integers(0, 3)) == 3:
        return draw(_ANY_INTEGER)
    points = {0, *consts.integers, *drawn.integers}
    return _pick(draw, sorted({p + step for p in points for step in (0, 1, -1)}))


def _events(draw: st.DrawFn, policy: Policy, drawn: _Drawn,
            kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    """Measures of any kind on days near the finding's; or a ladder climbed, step by step,
    a few days or weeks apart."""
    days = _clip(d for known in drawn.dates for d in domain.near(known))
    ladders = policy.model.ladders
    if bool(ladders) and draw(st.booleans()):
        codes = _pick(draw, list(ladders)).codes
        on = _pick(draw, days) if days else draw(_ANY_DAY)
        climb = []
        for code in codes[:draw(st.integers(1, len(codes)))]:
            climb.append({"kind": code, "on": on})
            on = min(LAST_DAY, on + timedelta(days=draw(st.sampled_from((0, 1, 7, 30, 45)))))
        return climb
    events = []
    for _ in range(draw(st.integers(0, 3))):
        on = _pick(draw, days) if bool(days) and draw(st.booleans()) else draw(_ANY_DAY)
        events.append({"kind": _pick(draw, list(kinds)), "on": on})
    return events


def _value(draw: st.DrawFn, policy: Policy, fact: FactModel, drawn: _Drawn) -> Any:
    consts, kinds = _plan(policy)
    kind = fact.type.kind
    if kind == "bool":
        return draw(st.integers(0, 2)) == 2
    if kind == "enum":
        return _pick(draw, [None, *fact.type.values])
    if kind == "text":
        return _pick(draw, [None, *sorted({*consts.texts, *_TEXTS})])
    if kind == "date":
        if not draw(st.booleans()):
            return None
        value = _date(draw, policy, drawn, consts)
        drawn.dates.append(value)
        return value
    if kind == "money":
        amount = _amount(draw, drawn, consts)
        drawn.money.append(amount)
        return amount
    if kind == "integer":
        number = _integer(draw, drawn, consts)
        drawn.integers.append(number)
        return number
    if kind == "events":
        return _events(draw, policy, drawn, kinds)
    raise TypeError(f"no strategy for facts of type {kind}")


def _as_json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [{k: _as_json(v) for k, v in item.items()} for item in value]
    return value


@st.composite
def _findings(draw: st.DrawFn, policy: Policy, as_json: bool) -> dict[str, Any]:
    consts, _ = _plan(policy)
    bases = _clip([*domain.ANCHORS, *consts.dates])
    base = _pick(draw, bases) if draw(st.booleans()) else draw(_ANY_DAY)
    drawn = _Drawn(base)
    finding: dict[str, Any] = {}
    for fact in policy.model.facts:
        if not draw(st.booleans()):
            continue
        value = _value(draw, policy, fact, drawn)
        finding[fact.name] = _as_json(value) if as_json else value
    return finding


def findings(policy: Policy | str, *, as_json: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Findings for ``policy`` (a Policy or a built-in name): each of its facts present or
    not, with values near its constants and near one another.

    Values are Python objects (``date``, ``Decimal``); with ``as_json`` they are
    what a JSON document holds (ISO dates, amounts as decimal strings).  Every
    finding drawn is valid: the policy accepts it.
    """
    return _findings(_policy(policy), as_json)


def boundary_days(policy: Policy | str, finding: Mapping[str, Any]) -> tuple[date, ...]:
    """The days where ``finding``'s answers may change, in order.

    For every date the finding holds and every date the policy computes from
    it (its deadlines): the day before, on and after it, the end of its month
    and of February, and the edges of the rest-day runs around it.
    """
    policy = _policy(policy)
    model: PolicyModel = policy.model
    kinds = model.event_kinds | frozenset(ACTIONS)
    try:
        facts = normalize(finding, fact_specs(model), kinds)
    except FindingError:
        return ()
    dated = [v for v in facts.values() if isinstance(v, date)]
    probe = dated[0] if dated else domain.ANCHORS[0]
    found: set[date] = set()
    for day in domain.date_values(model, facts, probe, policy.calendar):
        if not FIRST_DAY <= day <= LAST_DAY:
            continue
        found.update(domain.near(day))
        found.update(domain.month_edges(day))
        found.update(domain.calendar_edges(day, policy.calendar))
    return tuple(sorted(d for d in found if FIRST_DAY <= d <= LAST_DAY))


def days(policy: Policy | str, finding: Mapping[str, Any]) -> st.SearchStrategy[date]:
    """Days to evaluate ``finding`` on, clustered around its deadlines (see
    :func:`boundary_days`), with any day in range now and then."""
    return _days(_policy(policy), finding)


@st.composite
def _days(draw: st.DrawFn, policy: Policy, finding: Mapping[str, Any]) -> date:
    edges = boundary_days(policy, finding)
    way = draw(st.integers(0, 3)) if edges else 3
    if way <= 1:
        return _pick(draw, list(edges))
    if way == 2:
        low = max(FIRST_DAY, edges[0] - timedelta(days=60))
        high = min(LAST_DAY, edges[-1] + timedelta(days=400))
        return low + timedelta(days=draw(st.integers(0, (high - low).days)))
    return draw(_ANY_DAY)


def cases(policy: Policy | str, *,
          as_json: bool = False) -> st.SearchStrategy[tuple[dict[str, Any], date]]:
    """Pairs ``(finding, today)``: a finding of :func:`findings` and a day of :func:`days`."""
    policy = _policy(policy)
    return findings(policy, as_json=as_json).flatmap(
        lambda finding: st.tuples(st.just(finding), days(policy, finding)))
