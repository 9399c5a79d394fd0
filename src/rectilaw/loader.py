"""Loading a policy: by built-in name, from a file, or from text.

Loading parses, checks and compiles; the result is cached per (text, overrides,
calendar), so loading the same policy twice costs nothing the second time.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from rectilaw.dsl.checker import check
from rectilaw.dsl.parser import parse
from rectilaw.engine.policy import Policy
from rectilaw.errors import PolicyError, did_you_mean
from rectilaw.periods import RestDayCalendar
from rectilaw.policies import builtin_names, builtin_path

__all__ = ["load_policy", "policy_from_text"]


def _default_calendar() -> RestDayCalendar:
    from rectilaw.calendar import official_calendar

    return official_calendar()


def _resolve_calendar(calendar: Any) -> RestDayCalendar:
    if calendar is None:
        return _default_calendar()
    if isinstance(calendar, (str, os.PathLike)):
        from rectilaw.calendar import Calendar

        return _default_calendar().with_schedules(Calendar.from_yaml(Path(calendar)))  # type: ignore[attr-defined, no-any-return]
    return calendar  # type: ignore[no-any-return]


_gc_lock = threading.Lock()
_gc_loading = 0  # policies being built right now, in any thread
_gc_reenable = False  # whether the collector was on when the first of them began


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a policy is built.

    Parsing and checking allocate hundreds of thousands of objects that all
    survive until the policy is built; the collector traversed them again and
    again, which made loading time grow faster than the file.  Reference
    counting still frees everything else; the collector resumes afterwards,
    unless it was off to begin with.
    """
    global _gc_loading, _gc_reenable
    with _gc_lock:
        if _gc_loading == 0:
            _gc_reenable = gc.isenabled()
            gc.disable()
        _gc_loading += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_loading -= 1
            if _gc_loading == 0 and _gc_reenable:
                gc.enable()


def _freeze(params: Mapping[str, Any] | None) -> tuple[tuple[str, Any], ...]:
    if not params:
        return ()
    return tuple(sorted((str(k), v) for k, v in params.items()))


@functools.lru_cache(maxsize=64)
def _compile(text: str, origin: str, params: tuple[tuple[str, Any], ...],
             calendar: Any, kinds: tuple[type, ...] = ()) -> Policy:
    # `kinds` keeps values that compare equal apart in the cache: 1 is not True.
    with _gc_paused():
        model = check(parse(text, origin), dict(params))
        return Policy(model, calendar, origin=origin, text=text)


def policy_from_text(text: str, *, filename: str = "<rules>",
                     params: Mapping[str, Any] | None = None, calendar: Any = None) -> Policy:
    """Load a policy from rule text (``filename`` is used in error messages)."""
    try:
        frozen = _freeze(params)
        hash(frozen)
    except TypeError:
        with _gc_paused():
            model = check(parse(text, filename), dict(params or {}))
            return Policy(model, _resolve_calendar(calendar), origin=filename, text=text)
    resolved: Any = _resolve_calendar(calendar)
    return _compile(text, filename, frozen, resolved, tuple(type(v) for _, v in frozen))


def load_policy(name_or_path: str | os.PathLike[str], *,
                params: Mapping[str, Any] | None = None, calendar: Any = None) -> Policy:
    """A policy by built-in name (``"sasac"``) or from a ``.rules`` file.

    ``params`` overrides parameters for a deployment, e.g.
    ``{"reminder_wait": "10 workdays"}``; ``calendar`` is a Calendar, or a
    YAML file of holiday schedules that adds to or corrects the official one.
    """
    name = os.fspath(name_or_path)
    builtin = builtin_path(name) if isinstance(name_or_path, str) else None
    if builtin is not None:
        text = builtin.read_text("utf-8")
        origin = f"policies/{name}.rules"
    else:
        path = Path(name)
        if not path.is_file():
            hint = did_you_mean(name, builtin_names())
            raise PolicyError.single(
                "not-found",
                f"`{name}` is neither a built-in policy nor a rule file",
                hint=hint or "built-in policies: " + ", ".join(builtin_names()),
            )
        try:
            text = path.read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError) as problem:
            raise PolicyError.single("unreadable", f"cannot read `{name}`: {problem}") from None
        origin = name
    return policy_from_text(text, filename=origin, params=params, calendar=calendar)
