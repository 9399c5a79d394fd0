"""Reading a finding's recorded measures (its ``events``) as of a day.

A finding's ``events`` are normalized to a tuple of :class:`~rectilaw.findings.Event`
sorted by day.  Only the measures dated on or before ``today`` count: a measure
dated later is a plan, and it starts to count on its own day.  That is why
every function here takes ``today``, and why a finding's answer can change on
the day a planned measure falls.

The compiled evaluator and the reference interpreter both call these
functions, so that the two cannot disagree about what a measure means.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from datetime import date

from rectilaw.findings import Event

__all__ = ["count", "done_since", "first", "index", "indexed", "ladder_position", "last",
           "taken"]


#: Below this many measures a plain scan is as quick as any index.
_SCAN = 32
#: Indexes kept, one per events tuple (the tuple itself kept with it, so that its id is
#: not reused while the entry lives); cleared when full.
_KEPT = 64
_indexes: dict[int, tuple[Sequence[Event], dict[str, list[date]]]] = {}


def indexed(events: Sequence[Event]) -> bool:
    """Whether ``events`` (this very tuple) was indexed by :func:`index`."""
    known = _indexes.get(id(events))
    return known is not None and known[0] is events


def index(events: Sequence[Event]) -> None:
    """Index a long, normalized events tuple (see :func:`_days`); a short one is left."""
    _days(events)


def _days(events: Sequence[Event]) -> dict[str, list[date]] | None:
    """The days of each kind of measure, sorted, for a long events tuple (None for a short
    one): built once per tuple, so that a timeline probing hundreds of days over a
    hundred thousand measures looks each day up instead of scanning them all.  A memo of
    a pure function of the immutable tuple: it never changes an answer."""
    if len(events) < _SCAN or events.__class__ is not tuple:
        return None
    known = _indexes.get(id(events))
    if known is not None and known[0] is events:
        return known[1]
    index: dict[str, list[date]] = {}
    for event in events:  # sorted by day already
        index.setdefault(event.kind, []).append(event.on)
    if len(_indexes) >= _KEPT:
        _indexes.clear()
    _indexes[id(events)] = (events, index)
    return index


def count(events: Sequence[Event], kinds: Collection[str], today: date) -> int:
    """How many measures of ``kinds`` were taken up to ``today``."""
    index = _days(events)
    if index is not None:
        return sum(bisect_right(index.get(kind, ()), today) for kind in set(kinds))
    total = 0
    for event in events:
        if event.on > today:
            break
        if event.kind in kinds:
            total += 1
    return total


def first(events: Sequence[Event], kinds: Collection[str], today: date) -> date | None:
    """The day a measure of ``kinds`` was first taken, up to ``today``; None if never."""
    index = _days(events)
    if index is not None:
        days = [found[0] for kind in set(kinds) if (found := index.get(kind))]
        earliest = min(days, default=None)
        return earliest if earliest is not None and earliest <= today else None
    for event in events:
        if event.on > today:
            return None
        if event.kind in kinds:
            return event.on
    return None


def last(events: Sequence[Event], kinds: Collection[str], today: date) -> date | None:
    """The day a measure of ``kinds`` was last taken, up to ``today``; None if never."""
    index = _days(events)
    if index is not None:
        latest = None
        for kind in set(kinds):
            days = index.get(kind, ())
            at = bisect_right(days, today)
            if at and (latest is None or days[at - 1] > latest):
                latest = days[at - 1]
        return latest
    found = None
    for event in events:
        if event.on > today:
            break
        if event.kind in kinds:
            found = event.on
    return found


def taken(events: Sequence[Event], kinds: Collection[str], today: date) -> bool:
    """Whether a measure of ``kinds`` was taken on or before ``today``."""
    return first(events, kinds, today) is not None


def done_since(events: Sequence[Event], code: str, since: date, today: date) -> bool:
    """Whether a measure ``code`` was taken on or after ``since`` and on or before ``today``."""
    index = _days(events)
    if index is not None:
        days = index.get(code, ())
        at = bisect_left(days, since)
        return at < len(days) and days[at] <= today
    for event in events:
        if event.on > today:
            return False
        if event.on >= since and event.kind == code:
            return True
    return False


def ladder_position(events: Sequence[Event], codes: Sequence[str],
                    today: date) -> tuple[int, date | None]:
    """How far up a ladder of ``codes`` the measures up to ``today`` reach.

    Returns the index of the furthest step taken (-1 if none) and the day that
    step was first taken.  A step taken out of order counts: the ladder goes on
    from the furthest step recorded, so no step is asked for twice and none
    below the furthest is asked for at all.
    """
    index = _days(events)
    if index is not None:
        for position in range(len(codes) - 1, -1, -1):
            days = index.get(codes[position])
            if days and days[0] <= today:
                return position, days[0]
        return -1, None
    rank = {code: index for index, code in enumerate(codes)}
    furthest = -1
    for event in events:
        if event.on > today:
            break
        position = rank.get(event.kind, -1)
        if position > furthest:
            furthest = position
    if furthest < 0:
        return -1, None
    return furthest, first(events, (codes[furthest],), today)
