"""The optional extras, and the error that names the one to install when it is missing.

Heavy libraries are behind extras (``pip install 'rectilaw[sql]'``); without
one, the feature that needs it says which extra to install instead of a bare
``No module named 'sqlglot'``.
"""

from __future__ import annotations

import importlib

from rectilaw.errors import RectilawError

__all__ = ["EXTRAS", "MissingExtraError", "missing_extra", "require_extra"]

#: The modules each extra brings, as imported.
EXTRAS: dict[str, tuple[str, ...]] = {
    "sql": ("sqlglot", "duckdb", "pyarrow"),
    "parquet": ("pyarrow",),
    "analysis": ("z3",),
    "lsp": ("pygls", "lsprotocol"),
}


class MissingExtraError(RectilawError, ModuleNotFoundError):
    """A feature needs an optional extra that is not installed.

    A :class:`ModuleNotFoundError`, so ``except ImportError`` still catches it;
    ``extra`` is the extra to install and ``name`` the first missing module.
    """

    def __init__(self, extra: str, missing: list[str], needed_by: str) -> None:
        self.extra = extra
        self.missing = tuple(missing)
        super().__init__(f"{needed_by} needs the `{extra}` extra (missing: {', '.join(missing)}): "
                         f"pip install 'rectilaw[{extra}]'", name=missing[0])


def missing_extra(extra: str, error: ModuleNotFoundError, needed_by: str) -> ImportError:
    """What to raise for ``error``: a :class:`MissingExtraError` if an extra's module is missing.

    Any other missing module is not the extra's fault and is given back unchanged.
    """
    top = (error.name or "").split(".")[0]
    if top in EXTRAS[extra]:
        return MissingExtraError(extra, [top], needed_by)
    return error


def require_extra(extra: str, *modules: str, needed_by: str) -> None:
    """Raise :class:`MissingExtraError` unless every one of ``modules`` can be imported."""
    missing = []
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    if missing:
        raise MissingExtraError(extra, missing, needed_by)
