"""``rectilaw completion SHELL``: a static completion script for bash, zsh or fish.

The script is generated from the parser by shtab (the ``completion`` extra),
so it knows every command and option as they are, costs nothing at start-up
(the shell completes without running rectilaw) and needs regenerating only
after an upgrade.  Beyond options and choices, it completes ``--policy`` to the
built-in policies and ``.rules`` files, rule files for check and fmt, YAML for
worked examples, calendars and mappings, JSON for findings.
"""

from __future__ import annotations

import argparse
from typing import Any

from rectilaw.cli.command import OK, Command, CommandError, Console

__all__ = ["COMMAND", "SHELLS", "completion_script"]

#: The shells a script is written for.
SHELLS = ("bash", "zsh", "fish")

_EXTRA = ("shell completion needs the `completion` extra (shtab): "
          "pip install 'rectilaw[completion]'")


def _file_patterns(prefix: str, name: str, suffixes: tuple[str, ...]) -> dict[str, str]:
    """A completer of files ending in ``suffixes`` (and directories) for each shell."""
    files = " ".join(f"compgen -f -X '!*{s}' -- \"$1\";" for s in suffixes)
    zsh_glob = "|".join(f"*{s}" for s in suffixes)
    function = f"{prefix}_{name}"
    return {
        "bash": function,
        "bash_preamble": f"{function}() {{ compgen -d -- \"$1\"; {files} }}",
        "zsh": f"_files -g '({zsh_glob})'",
        "fish": " ".join(f"(__fish_complete_suffix {s})" for s in suffixes),
    }


def _policies(prefix: str, names: list[str]) -> dict[str, str]:
    """The built-in policy names, then ``.rules`` files."""
    words = " ".join(names)
    function = f"{prefix}_policies"
    return {
        "bash": function,
        "bash_preamble": (f"{function}() {{ compgen -W '{words}' -- \"$1\"; compgen -d -- "
                          f"\"$1\"; compgen -f -X '!*.rules' -- \"$1\"; }}"),
        "zsh": function,
        "zsh_preamble": (f"{function}() {{ _alternative 'builtin:built-in policy:({words})' "
                         "'files:rule file:_files -g \"*.rules\"'; }"),
        "fish": f"{words} (__fish_complete_suffix .rules)",
    }


def _completers(prefix: str) -> dict[str, dict[str, str]]:
    """What each argument (by destination) completes to."""
    from rectilaw.policies import builtin_names

    rules = _file_patterns(prefix, "rules", (".rules",))
    yaml = _file_patterns(prefix, "yaml", (".yaml", ".yml"))
    return {
        "policy": _policies(prefix, list(builtin_names())),
        "files": rules,
        "finding": _file_patterns(prefix, "json", (".json",)),
        "paths": yaml,
        "calendar": yaml,
        "mapping": yaml,
        "config": _file_patterns(prefix, "toml", (".toml",)),
        "ledger": _file_patterns(prefix, "ledger", (".csv", ".tsv", ".xlsx", ".parquet")),
    }


def completion_script(shell: str) -> str:
    """The completion script of ``rectilaw`` for ``shell``; CommandError without shtab."""
    try:
        import shtab
    except ImportError:
        raise CommandError(_EXTRA) from None
    from rectilaw.cli import build_parser

    parser = build_parser()
    prefix = "_rectilaw_complete"
    completers = _completers(prefix)
    preambles: dict[str, None] = {}  # the functions the completers call, once each, in order
    for sub in _parsers(parser):
        for action in sub._actions:
            spec = completers.get(action.dest)
            if spec is None or action.choices is not None:
                continue
            action.complete = {s: spec[s] for s in SHELLS}  # type: ignore[attr-defined]
            if f"{shell}_preamble" in spec:
                preambles[spec[f"{shell}_preamble"]] = None
    preamble = "\n".join(preambles)
    script: str = shtab.complete(parser, shell=shell, preamble=preamble)
    return script


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """``parser`` and the parser of each of its commands."""
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            choices: dict[str, Any] = action.choices
            found.extend(choices.values())
    return found


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")


def _run(args: argparse.Namespace, console: Console) -> int:
    console.out.write(completion_script(args.shell))
    return OK


COMMAND = Command(
    name="completion",
    summary="print a shell completion script (bash, zsh, fish)",
    description=(
        "Print a completion script for bash, zsh or fish: commands, options and their\n"
        "choices, built-in policy names for --policy, and the kind of file each argument\n"
        "takes. The script is static (completing does not run rectilaw); regenerate it after\n"
        "an upgrade. Needs the `completion` extra: pip install 'rectilaw[completion]'."
    ),
    examples=(
        "rectilaw completion bash > ~/.local/share/bash-completion/completions/rectilaw",
        "rectilaw completion zsh > \"${fpath[1]}/_rectilaw\"",
        "rectilaw completion fish > ~/.config/fish/completions/rectilaw.fish",
    ),
    configure=_configure,
    run=_run,
)
