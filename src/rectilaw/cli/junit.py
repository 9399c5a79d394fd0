"""JUnit XML reports, the format CI systems (GitLab, Jenkins, Azure) read as test results.

``check`` reports one test case per rule file and ``test`` one per worked
example; a case that fails carries its message in ``<failure>``, one that
could not be run at all (an unreadable file, a policy that does not load)
in ``<error>``.  No timings are written: the report of the same run is the
same file, so it can be compared and recorded.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["JUnitCase", "JUnitSuite", "junit_xml"]

#: Characters XML 1.0 cannot hold, even escaped: replaced so that the report always parses.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class JUnitCase:
    """One test case: ``failure`` or ``error`` is ``(message, details)`` when it did not pass."""

    name: str
    classname: str
    file: str | None = None
    line: int | None = None
    failure: tuple[str, str] | None = None
    error: tuple[str, str] | None = None
    output: str | None = None


@dataclass(frozen=True)
class JUnitSuite:
    """The cases of one suite (a command's run, or one file of worked examples)."""

    name: str
    cases: Sequence[JUnitCase] = field(default_factory=tuple)
    file: str | None = None


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _counts(cases: Sequence[JUnitCase]) -> dict[str, str]:
    return {
        "tests": str(len(cases)),
        "failures": str(sum(1 for c in cases if c.failure is not None)),
        "errors": str(sum(1 for c in cases if c.error is not None)),
        "skipped": "0",
    }


def junit_xml(name: str, suites: Sequence[JUnitSuite]) -> str:
    """The report of ``suites`` under one ``<testsuites name=...>``, as XML text."""
    every = [case for suite in suites for case in suite.cases]
    root = ET.Element("testsuites", {"name": _clean(name), **_counts(every)})
    for suite in suites:
        attributes = {"name": _clean(suite.name), **_counts(suite.cases)}
        if suite.file is not None:
            attributes["file"] = _clean(suite.file)
        element = ET.SubElement(root, "testsuite", attributes)
        for case in suite.cases:
            _case(element, case)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _case(parent: ET.Element, case: JUnitCase) -> None:
    attributes = {"name": _clean(case.name), "classname": _clean(case.classname)}
    if case.file is not None:
        attributes["file"] = _clean(case.file)
    if case.line is not None:
        attributes["line"] = str(case.line)
    element = ET.SubElement(parent, "testcase", attributes)
    for tag, outcome in (("failure", case.failure), ("error", case.error)):
        if outcome is not None:
            message, details = outcome
            child = ET.SubElement(element, tag, {"message": _clean(message), "type": tag})
            child.text = _clean(details)
    if case.output:
        ET.SubElement(element, "system-out").text = _clean(case.output)
