"""The one written form of a date, the same on every supported Python.

``date.fromisoformat`` takes only ``YYYY-MM-DD`` on Python 3.10 but also
``20240801`` and week dates (``2024-W31-4``) from 3.11 on; a ``today`` or a
parameter that one interpreter accepts and another refuses would make the same
call answer differently.  :func:`iso_date` takes ``YYYY-MM-DD`` alone, everywhere.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["iso_date"]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def iso_date(text: str) -> date:
    """``text`` (``YYYY-MM-DD``) as a date; ValueError for any other form or an impossible day."""
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"not a YYYY-MM-DD date: {text!r}")
    return date.fromisoformat(text)
