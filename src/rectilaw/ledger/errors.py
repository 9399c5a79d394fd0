"""The one error a ledger run raises: the ledger as a whole cannot be read or written.

Problems of single rows are never raised: they are reported with the row
(see :class:`rectilaw.ledger.LedgerRow`), and the batch goes on.
"""

from __future__ import annotations

from rectilaw.errors import RectilawError

__all__ = ["LedgerError"]


class LedgerError(RectilawError, ValueError):
    """A ledger file, its column mapping or an output file is unusable as a whole."""
