"""The ``rectilaw`` command: check, format and test rule files; evaluate findings and ledgers.

Each command is a module of this package exposing ``COMMAND``, a
:class:`~rectilaw.cli.command.Command` (its name, help texts with examples, a
``configure(parser)`` that adds its arguments and a ``run(args, console)`` that
returns the exit code).  :data:`COMMANDS` lists them in the order ``rectilaw
--help`` shows them; adding a command is writing ``cli/<name>.py`` and adding
``"<name>"`` to that tuple, nothing else.

Exit codes: 0 success, 1 a failing check or test, 2 a usage or input error.
User errors (a bad rule file, a malformed finding, a missing file, bad JSON)
are reported on standard error without a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from rectilaw.cli.command import ERROR, Command, CommandError, Console, render_policy_error
from rectilaw.errors import EvaluationError, FindingError, PolicyError, RectilawError

__all__ = ["COMMANDS", "build_parser", "main"]

#: The commands, in the order of ``rectilaw --help``: module names in this package.
COMMANDS: tuple[str, ...] = (
    "check", "fmt", "test", "eval", "explain", "timeline", "ledger", "policies", "clauses",
    "lsp", "report",
)

_EPILOG = """\
exit codes: 0 success, 1 a failing check or test, 2 a usage or input error.
colour is used on a terminal only; set NO_COLOR to turn it off.

examples:
  rectilaw check policies/*.rules
  rectilaw eval --policy sasac --today 2024-08-01 finding.json
  rectilaw explain --policy sasac finding.json --lang en
  rectilaw timeline --policy sasac --today 2024-03-01 --format text finding.json
  rectilaw ledger 台账.xlsx --policy sasac --today 2024-08-01 --out 台账-评估.xlsx
  rectilaw COMMAND --help
"""


def load_commands() -> tuple[Command, ...]:
    """The registered commands."""
    commands = []
    for name in COMMANDS:
        command = importlib.import_module(f"rectilaw.cli.{name}").COMMAND
        if not isinstance(command, Command):
            raise TypeError(f"rectilaw.cli.{name}.COMMAND is not a Command")
        commands.append(command)
    return tuple(commands)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``rectilaw`` and all its commands."""
    from rectilaw import __version__

    parser = argparse.ArgumentParser(
        prog="rectilaw",
        description="Audit-rectification (审计整改) policies as code: check, format and test "
        "rule files; evaluate and explain findings, see the days ahead on which their answer "
        "changes, and evaluate whole ledgers.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"rectilaw {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in load_commands():
        examples = "\n".join(f"  {line}" for line in command.examples)
        sub = commands.add_parser(
            command.name,
            help=command.summary,
            description=command.description,
            epilog=f"examples:\n{examples}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.configure(sub)
        sub.set_defaults(command=command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``rectilaw`` with ``argv`` (default: the process's arguments); return the exit code."""
    console = Console(sys.stdout, sys.stderr)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else ERROR
    command: Command | None = getattr(args, "command", None)
    if command is None:
        parser.print_help(sys.stderr)
        return ERROR
    try:
        return command.run(args, console)
    except CommandError as problem:
        console.print(f"rectilaw {command.name}: {problem}", err=True)
    except PolicyError as problem:
        console.print(render_policy_error(problem, command.name), err=True)
    except FindingError as problem:
        console.print(f"rectilaw {command.name}: {problem}", err=True)
    except EvaluationError as problem:
        console.print(f"rectilaw {command.name}: {problem}", err=True)
    except RectilawError as problem:
        console.print(f"rectilaw {command.name}: {problem}", err=True)
    except BrokenPipeError:
        _silence_stdout()
        return ERROR
    except OSError as problem:
        where = f" `{problem.filename}`" if problem.filename else ""
        console.print(f"rectilaw {command.name}: cannot use{where}: {problem.strerror}",
                      err=True)
    except KeyboardInterrupt:
        return 130
    return ERROR


def _silence_stdout() -> None:
    """After the reader of our output went away (``| head``), drop what is still buffered."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
