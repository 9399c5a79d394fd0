"""The built-in policies, loaded by name.

The rule files live in ``policies/`` at the root of the repository, the single
source of truth; the wheel ships them as ``rectilaw/policies/rules/``.  In a
source checkout (an editable install) they are read from the repository.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the protocol moved to importlib.resources.abc in Python 3.11
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = ["builtin_names", "builtin_path", "rules_directory"]


def rules_directory() -> Traversable:
    """Where the built-in ``.rules`` files are."""
    packaged = resources.files(__name__).joinpath("rules")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "policies"


def builtin_names() -> tuple[str, ...]:
    """The names of the built-in policies, sorted."""
    directory = rules_directory()
    return tuple(sorted(
        entry.name.removesuffix(".rules") for entry in directory.iterdir()
        if entry.name.endswith(".rules")
    ))


def builtin_path(name: str) -> Traversable | None:
    """The rule file of built-in policy ``name``, or None."""
    if name not in builtin_names():
        return None
    return rules_directory().joinpath(f"{name}.rules")
