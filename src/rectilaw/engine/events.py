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

from collections.abc import Collection, Sequence
from datetime import date

from rectilaw.findings import Event

__all__ = ["count", "done_since", "first", "ladder_position", "last", "taken"]


def count(events: Sequence[Event], kinds: Collection[str], today: date) -> int:
    """How many measures of ``kinds`` were taken up to ``today``."""
    total = 0
    for event in events:
        if event.on > today:
            break
        if event.kind in kinds:
            total += 1
    return total


def first(events: Sequence[Event], kinds: Collection[str], today: date) -> date | None:
    """The day a measure of ``kinds`` was first taken, up to ``today``; None if never."""
    for event in events:
        if event.on > today:
            return None
        if event.kind in kinds:
            return event.on
    return None


def last(events: Sequence[Event], kinds: Collection[str], today: date) -> date | None:
    """The day a measure of ``kinds`` was last taken, up to ``today``; None if never."""
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
    rank = {code: index for index, code in enumerate(codes)}
    furthest = -1
    for event in events:
        if event.on > today:
            break
        index = rank.get(event.kind, -1)
        if index > furthest:
            furthest = index
    if furthest < 0:
        return -1, None
    return furthest, first(events, (codes[furthest],), today)
