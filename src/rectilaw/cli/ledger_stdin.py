"""A ledger read from standard input (``rectilaw ledger -``), for pipelines.

The readers of :mod:`rectilaw.ledger` take a file: XLSX and Parquet are read
by seeking, and a CSV's encoding is told from its first bytes.  Standard
input is therefore copied, as it comes and in flat memory, into a private
temporary file named for its format (``--input-format``, or told from the
first bytes: a ZIP archive is XLSX, ``PAR1`` is Parquet, anything else CSV),
which is removed afterwards.  Messages name it ``<stdin>``.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["LEDGER_FORMATS", "sniff_format", "stdin_ledger"]

#: What a ledger on standard input may be.
LEDGER_FORMATS = ("csv", "xlsx", "parquet")

_SIGNATURES = ((b"PK\x03\x04", "xlsx"), (b"PAR1", "parquet"))


def sniff_format(head: bytes) -> str:
    """``xlsx``, ``parquet`` or ``csv`` from the first bytes of a ledger."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return "csv"


def _binary_stdin() -> BinaryIO:
    """Standard input as bytes; a text stream without a buffer (as in tests) is encoded."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    return io.BytesIO(sys.stdin.read().encode("utf-8"))


@contextlib.contextmanager
def stdin_ledger(path: str, kind: str | None,
                 stream: BinaryIO | None = None) -> Iterator[tuple[str, str]]:
    """``(file to read, name for messages)``: ``path`` itself, or standard input in a file."""
    if path != "-":
        yield path, path
        return
    import shutil
    import tempfile

    source = stream if stream is not None else _binary_stdin()
    head = source.read(8)
    with tempfile.TemporaryDirectory(prefix="rectilaw-stdin-") as directory:
        spooled = Path(directory) / f"stdin.{kind or sniff_format(head)}"
        with spooled.open("wb") as copy:
            copy.write(head)
            shutil.copyfileobj(source, copy)
        yield str(spooled), "<stdin>"
