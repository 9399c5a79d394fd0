"""The VS Code extension's manifest and grammar, held to the language they describe."""

from __future__ import annotations

import json
import re
from pathlib import Path

from rectilaw.lsp.adapter import keywords

EXTENSION = Path(__file__).parents[2] / "editors" / "vscode"
MANIFEST = json.loads((EXTENSION / "package.json").read_text("utf-8"))
(LANGUAGE,) = MANIFEST["contributes"]["languages"]


def _glob(pattern: str) -> re.Pattern[str]:
    """VS Code's ``filenamePatterns`` glob (``**``, ``*``) as a regular expression."""
    out = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
    return re.compile(f"(?:^|.*/){out}$")


def _claims(path: str, first_line: str) -> bool:
    if any(path.endswith(ext) for ext in LANGUAGE.get("extensions", [])):
        return True
    if any(_glob(p).match(path) for p in LANGUAGE.get("filenamePatterns", [])):
        return True
    return re.match(LANGUAGE["firstLine"], first_line) is not None


def test_the_extension_does_not_claim_udev_or_auditd_rules() -> None:
    assert ".rules" not in LANGUAGE.get("extensions", [])
    assert not _claims("/etc/udev/rules.d/99-usb.rules", "# udev rules for USB serial adapters")
    assert not _claims("/etc/udev/rules.d/70-net.rules", 'SUBSYSTEM=="net", ACTION=="add"')
    assert not _claims("/etc/audit/rules.d/audit.rules", "## First rule - delete all")


def test_the_extension_claims_policy_files() -> None:
    assert _claims("/home/a/project/policies/sasac.rules", "# 市国资委：强化审计整改")
    assert _claims("/tmp/draft.rules", "policy draft {")
    assert _claims("/tmp/draft.rules", "# rectilaw: 某区审计整改工作办法")
    assert _claims("/tmp/draft.rectilaw", "")


def test_the_grammar_knows_every_keyword_of_the_language() -> None:
    grammar = (EXTENSION / "syntaxes" / "rectilaw.tmLanguage.json").read_text("utf-8")
    words = set(re.findall(r"[a-z_]+", " ".join(
        re.findall(r'"(?:match|begin)": "([^"]*)"', grammar))))
    assert sorted(keywords() - words) == []
