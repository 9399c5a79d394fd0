"""The options every command spells alike, added from what the command declares.

A command says which report formats it has, its default and whether it
evaluates findings (:class:`~rectilaw.cli.command.Command`); this module adds
``--format/-f``, ``--output/-o``, ``--calendar``, ``--config`` and
``--no-config`` with the same spelling and help everywhere, applies the
defaults of the configuration file (:mod:`rectilaw.cli.config`) and writes a
report to its file atomically.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from rectilaw.cli.command import Command, CommandError

if TYPE_CHECKING:
    from rectilaw.cli.config import Config

__all__ = [
    "CONFIG_HELP",
    "FORMAT_HELP",
    "LANGUAGES",
    "add_common_options",
    "add_config_options",
    "apply_config",
    "check_report_path",
    "config_choice",
    "write_report",
]

#: What each report format is for, as ``--help`` says it.
FORMAT_HELP = {
    "text": "for people",
    "json": "stable keys, for machines",
    "junit": "JUnit XML for CI test reports: GitLab, Jenkins",
    "sarif": "SARIF 2.1.0 for code scanning",
}
#: The languages of readable output (the same as :data:`rectilaw.report.LANGUAGES`, without
#: importing the engine to learn them).
LANGUAGES = ("zh", "en")

#: What ``--help`` says of the configuration file.
CONFIG_HELP = (
    "defaults (policy, lang, format, calendar, params, engine, prover, mapping) are read from\n"
    "[tool.rectilaw] in the nearest pyproject.toml or from a rectilaw.toml, found walking up\n"
    "from the working directory; options given here win. --config FILE names another file,\n"
    "--no-config reads none."
)


def add_common_options(parser: argparse.ArgumentParser, command: Command) -> None:
    """The shared options ``command`` declares, then ``--config`` and ``--no-config``."""
    if command.formats:
        choices = ", ".join(f"{name} ({FORMAT_HELP[name]})" for name in command.formats)
        parser.add_argument(
            "--format", "-f", choices=command.formats, default=command.default_format,
            help=f"the report's format: {choices} (default: %(default)s)")
        short = ("-o",) if command.short_output else ()
        parser.add_argument(
            "--output", *short, metavar="FILE",
            help="write the report to FILE instead of standard output; it appears complete "
                 "or not at all (written to a temporary file, then moved into place)")
    if command.evaluates:
        parser.add_argument(
            "--calendar", metavar="FILE.yaml",
            help="holiday schedules that add to or correct the official calendar (a year "
                 "published after this release, a correction), as YAML: see the calendar "
                 "docs")
    add_config_options(parser)


def add_config_options(parser: argparse.ArgumentParser) -> None:
    """``--config FILE`` and ``--no-config``; read before parsing by :func:`config_choice`."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS,
                       help="read defaults from FILE (a rectilaw.toml, or a pyproject.toml "
                            "with [tool.rectilaw]) instead of the one found")
    group.add_argument("--no-config", action="store_true", default=argparse.SUPPRESS,
                       help="read no configuration file")


def config_choice(argv: list[str]) -> tuple[str | None, bool]:
    """``--config FILE`` and ``--no-config`` wherever they stand in ``argv``.

    The file must be known before the parser is built, since its values are
    the options' defaults.  A usage error is left to the full parser.
    """
    words = argv[: argv.index("--")] if "--" in argv else argv
    early = argparse.ArgumentParser(prog="rectilaw", add_help=False)
    early.add_argument("--config")
    early.add_argument("--no-config", action="store_true")
    try:
        known, _ = early.parse_known_args(words)
    except SystemExit:
        return None, False
    return known.config, bool(known.no_config)


def apply_config(parser: argparse.ArgumentParser, name: str, config: Config) -> list[str]:
    """Make the configuration's values the defaults of command ``name``'s options.

    Returns the problems (a value the option does not accept, a command's own
    key for an option it lacks) to be reported if that command is run.
    """
    from rectilaw.cli.config import KEYS

    top, own = config.for_command(name)
    problems: list[str] = []
    defaults: dict[str, object] = {}
    for table, values in ((config.where, top), (f"{config.where} [{name}]", own)):
        for key, value in values.items():
            action = parser._option_string_actions.get(f"--{key}")
            if action is None or action.dest != KEYS[key]:
                if values is own:
                    problems.append(f"{table}: `{key}`: `rectilaw {name}` has no --{key} "
                                    "option")
                continue
            if action.choices is not None and value not in action.choices:
                choices = ", ".join(map(str, action.choices))
                problems.append(f"{table}: `{key}` is `{value}`, which `rectilaw {name} "
                                f"--{key}` does not take (choose from {choices})")
                continue
            defaults[action.dest] = value
            action.required = False
    parser.set_defaults(**defaults)
    return problems


def check_report_path(path: str) -> None:
    """Refuse an ``--output`` that cannot be written before the work, not after it."""
    target = Path(path)
    if not target.parent.is_dir():
        raise CommandError(f"--output {path}: no such directory `{target.parent}`")
    if target.is_dir():
        raise CommandError(f"--output {path} is a directory, not a file")


def write_report(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically: a reader sees the old file or the whole new one.

    The text goes to a temporary file beside ``path``, which then replaces it;
    an existing file keeps its permissions, a new one gets the usual ones.
    """
    import tempfile

    check_report_path(path)
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, _mode(target))
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def _mode(target: Path) -> int:
    """The permissions ``target`` has, or those a new file gets under the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
