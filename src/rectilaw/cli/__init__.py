"""The ``rectilaw`` command: check, format and test rule files; evaluate findings and ledgers.

Each command is a module of this package exposing ``COMMAND``, a
:class:`~rectilaw.cli.command.Command` (its name, help texts with examples, a
``configure(parser)`` that adds its arguments and a ``run(args, console)`` that
returns the exit code).  :data:`COMMANDS` lists them in the order ``rectilaw
--help`` shows them; adding a command is writing ``cli/<name>.py`` and adding
``"<name>"`` to that tuple, nothing else.

The options every command spells alike (``--format``, ``--output``,
``--calendar``, ``--config``) are declared on the Command and added by
:mod:`rectilaw.cli.options`; defaults come from the configuration file
(:mod:`rectilaw.cli.config`).  Command modules import the engine only when
they run, so ``rectilaw --version`` and ``rectilaw COMMAND --help`` load
none of it.

Exit codes: 0 success, 1 a failing check or test, 2 a usage or input error.
User errors (a bad rule file, a malformed finding, a missing file, bad JSON)
are reported on standard error without a traceback.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: see main()
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from rectilaw.cli.command import Command, Console
    from rectilaw.cli.config import Config

__all__ = ["COMMANDS", "build_parser", "main"]

#: The commands, in the order of ``rectilaw --help``: module names in this package.
COMMANDS: tuple[str, ...] = (
    "check", "fmt", "test", "eval", "explain", "timeline", "ledger", "policies", "clauses",
    "lsp", "report", "completion",
)

_EPILOG = """\
exit codes: 0 success, 1 a failing check or test, 2 a usage or input error.
colour is used on a terminal only; set NO_COLOR to turn it off.
{config}

examples:
  rectilaw check policies/*.rules
  rectilaw check --format sarif --output rectilaw.sarif policies/*.rules
  rectilaw eval --policy sasac --today 2024-08-01 finding.json
  rectilaw explain --policy sasac finding.json --lang en
  rectilaw timeline --policy sasac --today 2024-03-01 --format text finding.json
  rectilaw ledger 台账.xlsx --policy sasac --today 2024-08-01 --out 台账-评估.xlsx
  rectilaw completion bash > ~/.local/share/bash-completion/completions/rectilaw
  rectilaw COMMAND --help
"""


def load_commands() -> tuple[Command, ...]:
    """The registered commands."""
    import importlib

    from rectilaw.cli.command import Command

    commands = []
    for name in COMMANDS:
        command = importlib.import_module(f"rectilaw.cli.{name}").COMMAND
        if not isinstance(command, Command):
            raise TypeError(f"rectilaw.cli.{name}.COMMAND is not a Command")
        commands.append(command)
    return tuple(commands)


def _version() -> str:
    from rectilaw import __version__

    return f"rectilaw {__version__}"


def build_parser(config: Config | None = None) -> argparse.ArgumentParser:
    """The argument parser of ``rectilaw`` and all its commands, ``config``'s values as
    defaults (a value a command does not accept is kept as ``config_problems``, reported
    only if that command runs)."""
    import argparse

    from rectilaw.cli.options import (
        CONFIG_HELP,
        add_common_options,
        add_config_options,
        apply_config,
    )

    parser = argparse.ArgumentParser(
        prog="rectilaw",
        description="Audit-rectification (审计整改) policies as code: check, format and test "
        "rule files; evaluate and explain findings, see the days ahead on which their answer "
        "changes, and evaluate whole ledgers.",
        epilog=_EPILOG.format(config=CONFIG_HELP),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=_version())
    add_config_options(parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in load_commands():
        examples = "\n".join(f"  {line}" for line in command.examples)
        sub = commands.add_parser(
            command.name,
            help=command.summary,
            description=command.description,
            epilog=f"examples:\n{examples}\n\n{CONFIG_HELP}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.configure(sub)
        add_common_options(sub, command)
        problems = apply_config(sub, command.name, config) if config is not None else []
        sub.set_defaults(command=command, config_problems=tuple(problems))
    return parser


def _config(argv: list[str]) -> Config:
    """The configuration the arguments ask for: ``--config FILE``, none, or the one found."""
    from pathlib import Path

    from rectilaw.cli.config import Config, ConfigError, find_config, load_config
    from rectilaw.cli.options import config_choice

    named, disabled = config_choice(argv)
    if disabled:
        return Config()
    path = Path(named) if named is not None else find_config()
    if named is not None and not Path(named).is_file():
        raise ConfigError(f"--config {named}: no such file")
    return load_config(path, COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``rectilaw`` with ``argv`` (default: the process's arguments); return the exit code.

    ``rectilaw --version`` is answered first, having imported nothing but this
    module (the package's API is loaded on first use, and this module imports
    the rest of the command line where it needs it): a script that checks the
    version, or a shell prompt, waits for the interpreter alone.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--version"]:
        sys.stdout.write(_version() + "\n")
        return 0
    try:
        return _main(arguments)
    except KeyboardInterrupt:
        # Ctrl-C while the commands, the parser or the engine are still being imported:
        # the same quiet exit as an interrupted command, not a traceback of the import.
        return 130


def _main(arguments: list[str]) -> int:
    """:func:`main` past ``--version``: configuration, arguments, then the command."""
    from rectilaw.cli.command import ERROR, Console
    from rectilaw.cli.config import ConfigError

    console = Console(sys.stdout, sys.stderr)
    try:
        config = _config(arguments)
    except ConfigError as problem:
        console.print(f"rectilaw: {problem}", err=True)
        return ERROR
    parser = build_parser(config)
    try:
        args = parser.parse_args(arguments)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else ERROR
    command: Command | None = getattr(args, "command", None)
    if command is None:
        parser.print_help(sys.stderr)
        return ERROR
    for mistake in args.config_problems:
        console.print(f"rectilaw {command.name}: {mistake}", err=True)
    if args.config_problems:
        return ERROR
    try:
        return _run(command, args, console)
    except BrokenPipeError:
        _silence_stdout()
        return ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as problem:
        message = _user_error(problem, command.name)
        if message is None:
            raise
        console.print(message, err=True)
    return ERROR


def _run(command: Command, args: argparse.Namespace, console: Console) -> int:
    """Run ``command``; with ``--output FILE``, what it prints is the file's content."""
    import io

    from rectilaw.cli.command import Console
    from rectilaw.cli.options import check_report_path, write_report

    output: str | None = getattr(args, "output", None)
    if output is None or output == "-":
        return command.run(args, console)
    check_report_path(output)
    report = io.StringIO()
    code = command.run(args, Console(report, console.err))
    write_report(output, report.getvalue())
    return code


def _user_error(problem: Exception, name: str) -> str | None:
    """The message for an input error, or None for a bug (which keeps its traceback)."""
    from rectilaw.calendar import CalendarError
    from rectilaw.cli.command import CommandError, render_policy_error
    from rectilaw.errors import PolicyError, RectilawError

    if isinstance(problem, PolicyError):
        return render_policy_error(problem, name)
    if isinstance(problem, CalendarError):
        return f"rectilaw {name}: calendar: {problem}"
    if isinstance(problem, (CommandError, RectilawError)):
        return f"rectilaw {name}: {problem}"
    if isinstance(problem, OSError):
        where = f" `{problem.filename}`" if problem.filename else ""
        return f"rectilaw {name}: cannot use{where}: {problem.strerror}"
    return None


def _silence_stdout() -> None:
    """After the reader of our output went away (``| head``), drop what is still buffered."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
