"""Command-line defaults from a file: ``[tool.rectilaw]`` in pyproject.toml, or ``rectilaw.toml``.

An office that always evaluates under the same policy, in the same language,
with its own parameters and next year's holiday schedule writes them once::

    # pyproject.toml                      # or rectilaw.toml, without the [tool.rectilaw] line
    [tool.rectilaw]
    policy = "sasac"                      # a built-in name, or a path to a .rules file
    lang = "en"
    calendar = "deploy/calendar-2027.yaml"
    params = { rectification_limit = "3 months" }

    [tool.rectilaw.check]                 # a table per command overrides the keys above
    format = "sarif"

The file is the first found walking up from the working directory: in each
directory ``rectilaw.toml``, then a ``pyproject.toml`` that has a
``[tool.rectilaw]`` table (one without it is passed over).  ``--config FILE``
names the file instead, ``--no-config`` reads none.  What the command line
says wins over the file; the file only changes defaults.  Paths in it are
relative to the file's directory.  An unknown key, a value of the wrong type
or one an option does not accept is an error (exit 2), with a did-you-mean.

The keys apply to the commands that have the option: ``policy`` in the top
table is used by eval but means nothing to check, and that is not an error;
in a command's own table every key must be one that command takes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

__all__ = ["KEYS", "PATH_KEYS", "Config", "ConfigError", "find_config", "load_config"]

#: Each key of the file and the destination of the option it sets the default of.
KEYS: Mapping[str, str] = {
    "policy": "policy",
    "lang": "lang",
    "format": "format",
    "calendar": "calendar",
    "params": "params",
    "engine": "engine",
    "prover": "prover",
    "mapping": "mapping",
}
#: Keys whose value is a file, resolved against the configuration file's directory.
PATH_KEYS = frozenset({"calendar", "mapping"})

_RECTILAW_TOML = "rectilaw.toml"
_PYPROJECT = "pyproject.toml"


class ConfigError(Exception):
    """A configuration file that cannot be used: shown as ``rectilaw: <message>``, exit 2."""


class Config(NamedTuple):
    """The defaults read from one file: the top table and each command's own table."""

    path: Path | None = None
    defaults: Mapping[str, Any] = {}
    commands: Mapping[str, Mapping[str, Any]] = {}

    @property
    def where(self) -> str:
        """How messages name the table: ``pyproject.toml [tool.rectilaw]``."""
        if self.path is None:
            return "configuration"
        table = " [tool.rectilaw]" if self.path.name == _PYPROJECT else ""
        try:
            shown = self.path.resolve().relative_to(Path.cwd().resolve())
        except ValueError:  # outside the working directory: the full path
            shown = self.path
        return f"{shown}{table}"

    def for_command(self, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """The top table's values and the command's own, paths resolved."""
        return (self._resolved(self.defaults), self._resolved(self.commands.get(name, {})))

    def _resolved(self, values: Mapping[str, Any]) -> dict[str, Any]:
        base = self.path.parent if self.path is not None else Path.cwd()
        out = dict(values)
        for key in PATH_KEYS & out.keys():
            out[key] = os.fspath(base / out[key])
        if "policy" in out:
            out["policy"] = _policy(out["policy"], base)
        return out


def _policy(value: str, base: Path) -> str:
    """A built-in name as it is; anything else is a rule file relative to the config file."""
    from rectilaw.policies import builtin_names

    if value in builtin_names():
        return value
    return os.fspath(base / value)


def find_config(start: Path | None = None) -> Path | None:
    """The configuration file that applies in ``start`` (default: the working directory)."""
    directory = (start or Path.cwd()).resolve()
    for folder in (directory, *directory.parents):
        own = folder / _RECTILAW_TOML
        if own.is_file():
            return own
        pyproject = folder / _PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_bytes()
    except OSError:
        return False
    if b"rectilaw" not in text:
        return False  # however the table is written, its name is in the text
    try:
        data = _read_toml(pyproject)
    except ConfigError:
        # a broken pyproject.toml is reported if it seems to hold our table, else passed over
        return b"tool.rectilaw" in text
    tool = data.get("tool")
    return isinstance(tool, dict) and "rectilaw" in tool


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as problem:
        raise ConfigError(f"{path}: cannot read the configuration: {problem.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the configuration is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as problem:
        raise ConfigError(f"{path}: not valid TOML: {problem}") from None


def load_config(path: Path | None, commands: Sequence[str]) -> Config:
    """The configuration in ``path`` (``rectilaw.toml``, or ``pyproject.toml``'s table),
    checked against the keys and the ``commands`` that exist; no file: no defaults."""
    if path is None:
        return Config()
    data = _read_toml(path)
    if path.name == _PYPROJECT:
        tool = data.get("tool")
        table = tool.get("rectilaw", {}) if isinstance(tool, dict) else {}
    else:
        table = data
    config = Config(path=path)
    if not isinstance(table, dict):
        raise ConfigError(f"{config.where}: expected a table of settings")
    problems: list[str] = []
    defaults = _values(table, commands, problems, config.where, nested=True)
    tables: dict[str, dict[str, Any]] = {}
    for name in commands:
        sub = table.get(name)
        if isinstance(sub, dict):
            tables[name] = _values(sub, commands, problems, f"{config.where} [{name}]",
                                   nested=False)
    if problems:
        raise ConfigError("\n".join(problems))
    return Config(path=path, defaults=defaults, commands=tables)


def _values(table: Mapping[str, Any], commands: Sequence[str], problems: list[str],
            where: str, *, nested: bool) -> dict[str, Any]:
    """The known keys of ``table`` with values checked for type; every problem listed."""
    from rectilaw.errors import did_you_mean

    values: dict[str, Any] = {}
    for key, value in table.items():
        if nested and key in commands:
            if not isinstance(value, dict):
                problems.append(f"{where}: `{key}` must be a table of settings for "
                                f"`rectilaw {key}`")
            continue
        if key not in KEYS:
            known = [*KEYS, *(commands if nested else ())]
            hint = did_you_mean(key, known)
            problems.append(f"{where}: unknown key `{key}`"
                            + (f"; {hint}" if hint else f"; known keys: {', '.join(KEYS)}"))
            continue
        try:
            values[key] = _checked(key, value)
        except ValueError as problem:
            problems.append(f"{where}: `{key}` {problem}")
    return values


def _checked(key: str, value: Any) -> Any:
    """The value in the form the option takes; ValueError saying what is wrong with it."""
    if key == "params":
        if not isinstance(value, dict):
            raise ValueError('must be a table of parameter names and values, e.g. '
                             'params = { rectification_limit = "3 months" }')
        pairs = []
        for name, item in value.items():
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                raise ValueError(f'`{name}` must be text or a number, e.g. "3 months"')
            pairs.append((str(name), str(item)))
        return pairs
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a non-empty string, not {type(value).__name__} {value!r}")
    return value
