"""Reading what commands are given: rule files, findings, policies, dates, parameters."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import stat
import sys
from typing import TYPE_CHECKING, Any

from rectilaw._dates import iso_date
from rectilaw.cli.command import CommandError, Console

if TYPE_CHECKING:
    from rectilaw.calendar import Calendar
    from rectilaw.engine.policy import Policy

__all__ = [
    "MAX_INPUT_MB",
    "TIMEZONE",
    "add_policy_arguments",
    "add_policy_options",
    "calendar_from_args",
    "current_date",
    "input_limit",
    "parse_date",
    "policy_from_args",
    "question_from_args",
    "read_finding",
    "read_text",
    "today_from_args",
]

#: Whose calendar day ``--today`` defaults to.
TIMEZONE = "Asia/Shanghai"
#: China Standard Time: Asia/Shanghai has kept UTC+8 without daylight saving since 1991.
_CHINA_STANDARD_TIME = datetime.timezone(datetime.timedelta(hours=8), "CST")


def current_date() -> datetime.date:
    """Today's date in Asia/Shanghai, whatever the machine's own time zone."""
    try:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        zone: datetime.tzinfo = ZoneInfo(TIMEZONE)
    except (ImportError, ZoneInfoNotFoundError):
        zone = _CHINA_STANDARD_TIME
    return datetime.datetime.now(zone).date()


#: The largest file a command reads as text (a finding, a rule file), in MiB; a larger one is
#: refused rather than read into memory whole.  RECTILAW_MAX_INPUT_MB raises or lowers it.
MAX_INPUT_MB = 64


def input_limit() -> int:
    """The most bytes :func:`read_text` reads: :data:`MAX_INPUT_MB`, or RECTILAW_MAX_INPUT_MB."""
    value = os.environ.get("RECTILAW_MAX_INPUT_MB", "")
    try:
        megabytes = float(value) if value.strip() else MAX_INPUT_MB
    except ValueError:
        megabytes = MAX_INPUT_MB
    return max(1, int(megabytes * 1024 * 1024))


def read_text(path: str) -> str:
    """The UTF-8 text of ``path`` (``-``: standard input), a byte-order mark dropped.

    CommandError if unreadable, not a regular file (a FIFO would block until written to, a
    device as /dev/zero never ends) or larger than :func:`input_limit`.
    """
    limit = input_limit()
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1) if hasattr(sys.stdin, "buffer") \
            else sys.stdin.read(limit + 1).encode("utf-8", "surrogateescape")
        return _decoded(data, "standard input", limit)
    try:
        found = os.stat(path)
    except FileNotFoundError:
        raise CommandError(f"`{path}`: no such file") from None
    except (OSError, ValueError) as problem:
        raise CommandError(f"cannot read `{path}`: {getattr(problem, 'strerror', problem)}"
                           ) from None
    if stat.S_ISDIR(found.st_mode):
        raise CommandError(f"`{path}` is a directory, not a file")
    if not stat.S_ISREG(found.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(found.st_mode) else "a device" if (
            stat.S_ISCHR(found.st_mode) or stat.S_ISBLK(found.st_mode)) else "not a regular file"
        raise CommandError(f"`{path}` is {kind}, not a file: give a file, or `-` to read "
                           "standard input")
    if found.st_size > limit:
        raise _too_large(path, limit)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except IsADirectoryError:
        raise CommandError(f"`{path}` is a directory, not a file") from None
    except OSError as problem:
        raise CommandError(f"cannot read `{path}`: {problem.strerror}") from None
    return _decoded(data, f"`{path}`", limit)


def _too_large(name: str, limit: int) -> CommandError:
    return CommandError(f"{name} is larger than the {limit / 1024 / 1024:g} MiB rectilaw reads "
                        "(set RECTILAW_MAX_INPUT_MB to read larger files)")


def _decoded(data: bytes, name: str, limit: int) -> str:
    if len(data) > limit:
        raise _too_large(name, limit)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as problem:
        raise CommandError(f"{name} is not UTF-8 text: {problem.reason} at byte "
                           f"{problem.start}") from None


def parse_date(text: str) -> datetime.date:
    """A ``YYYY-MM-DD`` argument; argparse reports anything else as a usage error."""
    try:
        return iso_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"`{text}` is not a date: write YYYY-MM-DD, e.g. 2024-07-01") from None


def _param(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise argparse.ArgumentTypeError(
            f"`{text}` is not NAME=VALUE, e.g. rectification_limit='3 months'")
    return name.strip(), value.strip()


def add_policy_arguments(parser: argparse.ArgumentParser) -> None:
    """The finding, ``--policy``, ``--params`` and ``--today``, as eval and explain take them."""
    parser.add_argument("finding", metavar="FINDING.json",
                        help="the finding as a JSON object; `-` reads it from standard input")
    add_policy_options(parser)


def add_policy_options(parser: argparse.ArgumentParser) -> None:
    """``--policy``, ``--params`` and ``--today``: the same for one finding or a whole ledger."""
    parser.add_argument("--policy", "-p", required=True, metavar="P",
                        help="a built-in policy (see `rectilaw policies`) or a .rules file")
    parser.add_argument("--today", "-t", type=parse_date, metavar="YYYY-MM-DD",
                        help=f"the day to evaluate on (default: today in {TIMEZONE})")
    parser.add_argument("--params", action="append", type=_param, default=[],
                        metavar="NAME=VALUE",
                        help="override a parameter of the policy for this run (repeatable)")


def policy_from_args(args: argparse.Namespace) -> Policy:
    """The policy named by ``--policy`` with the ``--params`` overrides and the deployment's
    ``--calendar``."""
    from rectilaw.loader import load_policy

    params = dict(args.params) or None
    return load_policy(args.policy, params=params, calendar=calendar_from_args(args))


def calendar_from_args(args: argparse.Namespace) -> Calendar | None:
    """The official calendar with the schedules of ``--calendar`` over it, or None without one.

    A file that does not check raises :class:`rectilaw.calendar.CalendarError`
    listing every problem with its place in the file.
    """
    path = getattr(args, "calendar", None)
    if path is None:
        return None
    from pathlib import Path

    from rectilaw.calendar import Calendar, official_calendar

    return official_calendar().with_schedules(Calendar.from_yaml(Path(path)))


def today_from_args(args: argparse.Namespace, console: Console) -> datetime.date:
    """``--today``, or today in Asia/Shanghai with a note on standard error saying so."""
    if args.today is not None:
        assert isinstance(args.today, datetime.date)
        return args.today
    today = current_date()
    console.print(f"rectilaw: --today not given: using {today.isoformat()}, today in "
                  f"{TIMEZONE}", err=True)
    return today


def read_finding(path: str) -> dict[str, Any]:
    """One finding from a JSON file (``-``: standard input), amounts read exactly."""
    text = read_text(path)
    name = "<stdin>" if path == "-" else path
    from decimal import Decimal  # only where a finding is read: --help needs none

    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as problem:
        raise CommandError(f"{name}:{problem.lineno}:{problem.colno}: not valid JSON: "
                           f"{problem.msg}") from None
    except RecursionError:
        raise CommandError(f"{name}: not a finding: its JSON is nested too deeply") from None
    except ValueError as problem:  # a number of thousands of digits
        raise CommandError(f"{name}: not a finding: {problem}") from None
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as problem:
        raise CommandError(f"{name}: not a finding: a text holds a lone surrogate "
                           f"({problem.object[problem.start:problem.end]!a}), which is "
                           "not a character") from None
    except (RecursionError, ValueError):
        pass
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a JSON {type(data).__name__}"
        raise CommandError(f"{name}: expected one finding (a JSON object of field names and "
                           f"values), got {kind}")
    return data


def question_from_args(args: argparse.Namespace,
                       console: Console) -> tuple[dict[str, Any], Policy, datetime.date]:
    """The finding, the policy and the day that :func:`add_policy_arguments` asked for, read
    in that order (the finding first, so a bad file is reported before anything else)."""
    finding = read_finding(args.finding)
    return finding, policy_from_args(args), today_from_args(args, console)
