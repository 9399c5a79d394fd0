"""SARIF 2.1.0 reports of ``rectilaw check``, for code-scanning views (GitHub, GitLab, IDEs).

Each diagnostic is a result whose rule id is the diagnostic's code
(``unknown-name``, ``unreachable-rule``…), at its file, line and column;
columns count Unicode code points, as rectilaw's spans do, which the run
declares (``columnKind``).  A file that could not be read is a tool execution
notification and makes the invocation unsuccessful.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from rectilaw.errors import Diagnostic

__all__ = ["SARIF_SCHEMA", "SARIF_VERSION", "sarif_log"]

SARIF_VERSION = "2.1.0"
#: The schema a SARIF 2.1.0 log names (OASIS, errata 01).
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

_LEVELS = {"error": "error", "warning": "warning"}


def _uri(name: str) -> str | None:
    """A file name as a URI reference: relative paths stay relative; no URI for stdin."""
    if name.startswith("<"):
        return None
    path = PurePath(name)
    if path.is_absolute():
        return "file://" + quote(path.as_posix())
    return quote(path.as_posix())


def _result(diagnostic: Diagnostic, rule_index: int) -> dict[str, Any]:
    text = diagnostic.message if not diagnostic.hint else (
        f"{diagnostic.message} (help: {diagnostic.hint})")
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": _LEVELS.get(diagnostic.severity, "note"),
        "message": {"text": text},
    }
    span = diagnostic.span
    uri = _uri(span.source.name) if span is not None else None
    if span is not None and uri is not None:
        result["locations"] = [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": {
                    "startLine": span.line,
                    "startColumn": span.column,
                    "endLine": span.end_line,
                    "endColumn": span.end_column,
                },
            },
        }]
    return result


def sarif_log(diagnostics: Sequence[Diagnostic], unreadable: Sequence[str],
              version: str) -> dict[str, Any]:
    """The SARIF log of one ``check`` run: its diagnostics and the files it could not read."""
    codes = sorted({d.code for d in diagnostics})
    index = {code: number for number, code in enumerate(codes)}
    notifications = [{"level": "error", "message": {"text": problem}} for problem in unreadable]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "rectilaw",
                "version": version,
                "rules": [{"id": code} for code in codes],
            }},
            "invocations": [{
                "executionSuccessful": not unreadable,
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": [_result(d, index[d.code]) for d in diagnostics],
        }],
    }
