"""What the layers above the engine provide it, in a module that imports nothing.

The ledger depends on the engine and not the other way round, so the package
that holds both (``rectilaw/__init__``) provides :meth:`Policy.evaluate_many`
with the ledger's evaluation.  It does so on import, and ``import rectilaw``
must stay cheap (``rectilaw --version`` loads no engine), so the slot lives
here rather than in :mod:`rectilaw.engine.policy`.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from rectilaw.ledger import LedgerResult

__all__ = ["ledger", "provide_ledger"]

#: How :meth:`Policy.evaluate_many` evaluates a ledger: the one function provided, if any.
ledger: list[Callable[..., LedgerResult]] = []


def provide_ledger(evaluate_ledger: Callable[..., LedgerResult]) -> None:
    """Make ``evaluate_ledger`` (rows, policy, today, **options) what evaluate_many calls."""
    ledger[:] = [evaluate_ledger]
