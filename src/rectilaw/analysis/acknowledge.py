"""Warnings a policy author has explained in the rule file.

Some warnings describe what the source text really says: a status that the
text makes depend on the day, a line kept for its citation.  The author
explains it where it occurs, in the comment lines just above the line the
warning points at (or in a comment at the end of that line); the reason may
run on over the comment lines that follow::

    # analysis: today-dependent: 逾期未整改 is 未整改 by the text's own words (三.2)
    not_rectified "未整改" when today > deadline and not corrected [3.2]

An explained warning becomes information (severity ``info``) carrying the
explanation, so a clean policy has no warnings left and every exception to
that is written down beside the rule.  Errors cannot be explained away.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from rectilaw.analysis.report import Result
from rectilaw.errors import Span

__all__ = ["acknowledge"]

_NOTE = re.compile(r"analysis:\s*(?P<codes>[a-z-]+(?:\s*,\s*[a-z-]+)*)\s*(?::\s*(?P<why>.*))?$")


def _comments(span: Span) -> list[str]:
    """The comment lines right above the span's first line, top to bottom, then the comment
    at the end of that line; each without its ``#``."""
    lines = span.source.lines
    above: list[str] = []
    index = span.line - 2
    while index >= 0 and lines[index].strip().startswith("#"):
        above.insert(0, lines[index].strip()[1:].strip())
        index -= 1
    first = lines[span.line - 1] if 0 < span.line <= len(lines) else ""
    if "#" in first:
        above.append(first[first.index("#") + 1:].strip())
    return above


def _explanation(code: str, span: Span | None) -> str | None:
    """The reason given for ``code`` at ``span``: the text after ``analysis: code:`` and the
    comment lines that continue it."""
    if span is None:
        return None
    comments = _comments(span)
    for index, comment in enumerate(comments):
        match = _NOTE.match(comment)
        if match is None or code not in {c.strip() for c in match.group("codes").split(",")}:
            continue
        words = [match.group("why") or ""]
        for more in comments[index + 1:]:
            if _NOTE.match(more):
                break
            words.append(more)
        return " ".join(w for w in words if w).strip() or "explained in the rule file"
    return None


def acknowledge(results: Iterable[Result]) -> list[Result]:
    """The results with each explained warning turned into information."""
    out = []
    for result in results:
        diagnostic = result.diagnostic
        why = _explanation(diagnostic.code, diagnostic.span) \
            if diagnostic.severity == "warning" else None
        if why is not None:
            diagnostic = attrs.evolve(diagnostic, severity="info",
                                      message=f"{diagnostic.message} (explained: {why})")
            result = attrs.evolve(result, diagnostic=diagnostic)
        out.append(result)
    return out
