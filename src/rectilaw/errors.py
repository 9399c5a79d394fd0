"""The errors rectilaw raises, and how they are shown to people.

Rule-file problems are :class:`Diagnostic` values: a stable code, a message, a
source span and an optional hint.  They are collected, sorted by position and
raised together in one :class:`PolicyError`, rendered as::

    policies/sasac.rules:12:9: unknown-name: no fact, parameter or definition named `corected`
       12 |   when corected [7.1]
          |        ^^^^^^^^
       = help: did you mean `corrected`?

Finding problems are :class:`FieldProblem` values, all of them at once, in one
:class:`FindingError`.  A finding that passed those checks and still cannot be answered
(a deadline computed for it falls outside the calendar) raises an
:class:`EvaluationError` naming the finding and, when known, the rule.

Every error rectilaw raises on purpose derives from :class:`RectilawError`, so that a
caller can tell "rectilaw refused this input" from a bug with one ``except``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "Diagnostic",
    "EvaluationError",
    "FieldProblem",
    "FindingError",
    "PolicyError",
    "RectilawError",
    "Source",
    "Span",
    "did_you_mean",
    "lines_of",
]


def lines_of(text: str) -> list[str]:
    """The lines of rule text as the grammar counts them: split at ``\\n`` only, a ``\\r``
    before it dropped.  (``str.splitlines`` also splits at U+2028, U+2029, U+0085, VT, FF
    and FS–RS, which a text or a comment may hold: lines and columns would then disagree
    with the parser's.)"""
    return [line.removesuffix("\r") for line in text.split("\n")]


@attrs.frozen(eq=False)
class Source:
    """A rule file's name and text, kept so that errors can quote it."""

    name: str
    text: str
    #: The text's lines, split on first use (a cache: many diagnostics quote one file).
    _lines: tuple[str, ...] | None = attrs.field(default=None, init=False, repr=False)

    @property
    def lines(self) -> tuple[str, ...]:
        """The lines, as :func:`lines_of` splits them."""
        lines = self._lines
        if lines is None:
            lines = tuple(lines_of(self.text))
            object.__setattr__(self, "_lines", lines)
        return lines

    def line(self, number: int) -> str:
        """The text of line ``number`` (1-based), without its newline."""
        lines = self.lines
        return lines[number - 1] if 0 < number <= len(lines) else ""


@attrs.frozen
class Span:
    """Where a piece of rule text is: 1-based lines and columns, end exclusive."""

    source: Source = attrs.field(eq=False, repr=False)
    line: int
    column: int
    end_line: int
    end_column: int

    @property
    def location(self) -> str:
        return f"{self.source.name}:{self.line}:{self.column}"

    @property
    def text(self) -> str:
        """The source text the span covers."""
        lines = list(self.source.lines[self.line - 1 : self.end_line])
        if not lines:
            return ""
        if len(lines) == 1:
            return lines[0][self.column - 1 : self.end_column - 1]
        lines[0] = lines[0][self.column - 1 :]
        lines[-1] = lines[-1][: self.end_column - 1]
        return "\n".join(lines)


@attrs.frozen
class Diagnostic:
    """One problem in a rule file."""

    code: str
    message: str
    span: Span | None = None
    hint: str | None = None
    severity: str = "error"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        if self.span is None:
            return ("", 0, 0, self.code)
        return (self.span.source.name, self.span.line, self.span.column, self.code)

    def render(self) -> str:
        """``file:line:col: code: message``, the source line, a caret, the hint."""
        label = self.code if self.severity == "error" else f"{self.severity}: {self.code}"
        if self.span is None:
            head = f"{label}: {self.message}"
            return head if self.hint is None else f"{head}\n  = help: {self.hint}"
        span = self.span
        lines = [f"{span.location}: {label}: {self.message}"]
        source_line = span.source.line(span.line)
        if source_line:
            gutter = str(span.line)
            pad = " " * len(gutter)
            width = (
                span.end_column - span.column
                if span.end_line == span.line and span.end_column > span.column
                else 1
            )
            prefix = _display_width(source_line[: span.column - 1])
            covered = source_line[span.column - 1 : span.column - 1 + width]
            caret_width = max(1, _display_width(covered))
            lines.append(f" {gutter} | {source_line}")
            lines.append(f" {pad} | {' ' * prefix}{'^' * caret_width}")
        if self.hint:
            lines.append(f"  = help: {self.hint}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form for editors and CI."""
        out: dict[str, object] = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }
        if self.span is not None:
            out.update(
                file=self.span.source.name,
                line=self.span.line,
                column=self.span.column,
                end_line=self.span.end_line,
                end_column=self.span.end_column,
            )
        return out


def _display_width(text: str) -> int:
    """Terminal columns of ``text``: CJK and full-width characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class RectilawError(Exception):
    """The base of every error rectilaw raises on purpose: a rule file, a finding, a ledger,
    a calendar or an evaluation it refuses, with a message written for people."""


class PolicyError(RectilawError):
    """A rule file (or a deployment's parameter override) is not a valid policy."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(
            sorted(diagnostics, key=lambda d: d.sort_key)
        )
        super().__init__("\n".join(d.render() for d in self.diagnostics))

    @classmethod
    def single(cls, code: str, message: str, span: Span | None = None,
               hint: str | None = None) -> PolicyError:
        return cls([Diagnostic(code, message, span, hint)])


@attrs.frozen
class FieldProblem:
    """One thing wrong with one field of a finding."""

    field: str
    message: str
    hint: str | None = None

    def render(self) -> str:
        text = f"{self.field}: {self.message}"
        return text if self.hint is None else f"{text} ({self.hint})"


def shown_id(finding_id: object) -> str:
    """A finding's id as an error shows it: a text or a number as given, anything else by
    its type, cut to 40 characters (a raw id may be nested a thousand deep or ten
    megabytes long; ``repr`` would recurse through it or copy it whole)."""
    if isinstance(finding_id, str):
        text = finding_id if len(finding_id) <= 40 else finding_id[:37] + "..."
        return repr(text)
    if isinstance(finding_id, (int, float)) and not isinstance(finding_id, bool):
        text = format(finding_id) if abs(finding_id) < 10 ** 40 else "(a huge number)"
        return text
    return f"<{type(finding_id).__name__}>"


class FindingError(RectilawError, ValueError):
    """A finding does not fit the policy's facts; lists every problem at once.

    A :class:`ValueError` too, as it always was.
    """

    def __init__(self, problems: Sequence[FieldProblem], finding_id: object = None) -> None:
        self.problems: tuple[FieldProblem, ...] = tuple(problems)
        self.finding_id = finding_id
        who = f"finding {shown_id(finding_id)}" if finding_id not in (None, "") else "finding"
        body = "\n".join(f"  - {p.render()}" for p in self.problems)
        count = len(self.problems)
        super().__init__(f"{who} has {count} problem{'s' if count != 1 else ''}:\n{body}")

    @property
    def fields(self) -> tuple[str, ...]:
        """The names of the fields at fault, in the order reported."""
        return tuple(p.field for p in self.problems)


class EvaluationError(RectilawError, ValueError):
    """A valid finding that cannot be answered: a date computed for it falls outside the
    calendar's days, a number outgrows what the rule can compute, and the like.

    ``finding_id`` is the finding's id (or None); ``span`` the rule text that was being
    evaluated, when known.  A :class:`ValueError` too, as the arithmetic errors it
    replaces were.
    """

    def __init__(self, message: str, *, finding_id: object = None,
                 span: Span | None = None) -> None:
        self.message = message
        self.finding_id = finding_id
        self.span = span
        who = f"finding {shown_id(finding_id)}" if finding_id not in (None, "") else "finding"
        where = f" (rule at {span.location})" if span is not None else ""
        super().__init__(f"{who} cannot be evaluated: {message}{where}")


def did_you_mean(name: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """A ``did you mean `x`?`` hint for a misspelt name, or None."""
    matches = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=cutoff)
    return f"did you mean `{matches[0]}`?" if matches else None
