"""Work measured as a count of function calls: how the cost of a step grows with its input.

Time depends on the machine and its load; the number of Python and built-in function calls
a step makes does not.  A step that is linear in its input makes about k times the calls on an
input k times larger; an exponential or quadratic one makes far more.  :func:`calls` stops the
step (raising :class:`OverBudget`) as soon as it passes a budget, so a test of a step that
would take hours fails in seconds instead of hanging.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

__all__ = ["OverBudget", "assert_linear", "calls"]


class OverBudget(Exception):
    """The step made more calls than its budget allowed."""


def calls(step: Callable[[], Any], budget: int = 50_000_000) -> int:
    """The number of function calls ``step()`` makes; :class:`OverBudget` past ``budget``."""
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1
            if count > budget:
                sys.setprofile(None)
                raise OverBudget(f"more than {budget:,} calls")

    sys.setprofile(profile)
    try:
        step()
    finally:
        sys.setprofile(None)
    if count > budget:  # raised inside the step, and caught there
        raise OverBudget(f"more than {budget:,} calls")
    return count


def assert_linear(step: Callable[[int], Any], small: int, factor: int = 4,
                  slack: float = 1.5) -> tuple[int, int]:
    """``step(n)`` grows at most linearly in n: ``step(factor·small)`` costs at most
    ``slack · factor`` times ``step(small)`` (beyond what both share, as an import or a
    parser built once: the step is run once before measuring).

    Returns both counts, for a message.
    """
    step(small)
    base = calls(lambda: step(small))
    large = calls(lambda: step(small * factor), budget=int(base * factor * slack) + 1_000)
    assert large <= base * factor * slack, (base, large)
    return base, large
