"""Every command on a corpus of hostile inputs: never a traceback, never a raw terminal escape.

Each run goes through :func:`rectilaw.cli.main` in this process (cheap, and an exception
escaping it fails the test with its traceback).  What a command may answer: 0 (it
worked), 1 (a failing check or test), 2 (the input is refused, in words) — with nothing
on either stream that would drive a terminal (ESC sequences other than colour, C1
controls).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.hardening import generators

from rectilaw.cli import main

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;ZXZpbA==\x07\x9b1;1H"
#: A raw control that would reach the terminal: an escape that is not our colour, C1, BEL.
RAW_CONTROL = re.compile("\x1b(?!\\[[0-9;]*m)|[\x07\x80-\x9f]")
GOOD = {"id": "F-1", "issued_on": "2024-01-12", "problem_amount": "100.00"}


def _nested(depth: int) -> str:
    return '{"id": "x", "notes": ' + "[" * depth + "]" * depth + "}"


#: Finding files: name → bytes.
FINDINGS: dict[str, bytes] = {
    "deep": _nested(100_000).encode(),
    "digits": b'{"id": "x", "problem_amount": 1' + b"0" * 5000 + b"}",
    "id-digits": b'{"id": 1' + b"0" * 5000 + b"}",
    "surrogate": b'{"id": "\\ud800", "issued_on": "2024-01-12"}',
    "bom": b"\xef\xbb\xbf" + json.dumps(GOOD).encode(),
    "binary": bytes(range(256)) * 4,
    "not-utf8": b'{"id": "\xff\xfe"}',
    "list": b"[1, 2, 3]",
    "far-past": json.dumps({**GOOD, "issued_on": "0001-01-01"}).encode(),
    "far-future": json.dumps({**GOOD, "issued_on": "9999-12-01"}).encode(),
    "last-year": json.dumps({**GOOD, "issued_on": "2100-12-01"}).encode(),
    "escapes": json.dumps({**GOOD, "id": ESCAPES, "unit": ESCAPES,
                           ESCAPES: "x"}).encode(),
    "nested-id": json.dumps({**GOOD, "id": [[[[["x"]]]]]}).encode(),
    "huge-id": json.dumps({**GOOD, "id": "x" * 2_000_000}).encode(),
    "events": json.dumps({**GOOD, "events": [{"kind": ESCAPES, "on": "1990-01-01"},
                                             {"kind": "reminder_letter"}, 7]}).encode(),
}

#: Rule files: name → text.
RULES: dict[str, str] = {
    "doubling": generators.doubling_lets(30),
    "unless": generators.many_exceptions(150),
    "sum": generators.long_sum(99),
    "bom": "\ufeff" + generators.chained_lets(3),
    "digits": generators.policy(["let n = 1" + "0" * 5000], "true"),
    "far": generators.policy(['param w "w" = 3000000 days assumed "r"'], "true"),
    "escapes": generators.policy([f'let {ESCAPES} = true'], "true"),
    "garbage": "\x00\x1b[2J" + "((((" * 500,
}

LEDGER_ROWS = [["问题编号", "审计结论、决定、意见或问题清单下达日期", "问题金额", "整改责任单位",
                ESCAPES],
               [ESCAPES, "2024-01-12", "=HYPERLINK(\"http://x\")", ESCAPES, ESCAPES],
               ["F-2", "9999-12-01", "1" + "0" * 5000, "\x1b]0;t\x07", ""],
               ["F-3", "2100-12-01", "100", "单位", ""]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("corpus")
    files: dict[str, Path] = {}
    for name, data in FINDINGS.items():
        files[f"finding:{name}"] = root / f"{name}.json"
        files[f"finding:{name}"].write_bytes(data)
    for name, text in RULES.items():
        files[f"rules:{name}"] = root / f"{name}.rules"
        files[f"rules:{name}"].write_text(text, "utf-8", errors="surrogatepass")
    ledger = root / "ledger.csv"
    ledger.write_text("\n".join(",".join(row) for row in LEDGER_ROWS) + "\n", "utf-8")
    files["ledger"] = ledger
    files["dir"] = root / "a-directory.json"
    files["dir"].mkdir()
    fifo = root / "fifo.json"
    os.mkfifo(fifo)
    files["fifo"] = fifo
    files["missing"] = root / "missing.json"
    files["device"] = Path("/dev/zero")
    return files


def argvs(files: dict[str, Path]) -> Iterator[list[str]]:
    inputs = [str(p) for k, p in files.items() if k.startswith("finding:")]
    inputs += [str(files[k]) for k in ("dir", "fifo", "missing", "device")]
    rules = [str(p) for k, p in files.items() if k.startswith("rules:")]
    for command in ("eval", "explain", "timeline"):
        for finding in inputs:
            yield [command, "--policy", "sasac", "--today", "2024-08-01", finding]
        for policy in [*rules, str(files["fifo"]), str(files["device"]), str(files["dir"])]:
            yield [command, "--policy", policy, "--today", "2024-08-01",
                   str(files["finding:bom"])]
        yield [command, "--policy", "sasac", "--today", "2024-08-01", "--params",
               "rectification_limit=99999999999 months", str(files["finding:bom"])]
    for command in ("check", "fmt"):
        for path in [*rules, str(files["fifo"]), str(files["device"]), str(files["dir"]),
                     str(files["missing"])]:
            yield [command, path]
    yield ["fmt", "--check", *rules]
    for path in (str(files["ledger"]), str(files["device"]), str(files["fifo"])):
        yield ["ledger", path, "--policy", "sasac", "--today", "2024-08-01"]
        yield ["ledger", path, "--policy", "sasac", "--today", "2024-08-01", "--mapping",
               str(files["device"])]
    yield ["test", str(files["dir"])]
    yield ["test", str(files["rules:garbage"])]
    yield ["clauses", str(files["rules:escapes"])]
    yield ["clauses", str(files["device"])]
    yield ["report", str(files["ledger"]), "--policy", "sasac", "--today", "2024-08-01"]


def test_every_command_on_the_hostile_corpus_answers_in_words(
        corpus: dict[str, Path], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECTILAW_MAX_INPUT_MB", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    failures = []
    for argv in argvs(corpus):
        shown = " ".join(a[:40] for a in argv)
        try:
            code = main(argv)
        except BaseException as escaped:
            failures.append(f"{shown}: {type(escaped).__name__} escaped: {escaped!s:.200}")
            capsys.readouterr()
            continue
        captured = capsys.readouterr()
        if code not in (0, 1, 2):
            failures.append(f"{shown}: exit {code}")
        for stream, text in (("stdout", captured.out), ("stderr", captured.err)):
            if "Traceback" in text:
                failures.append(f"{shown}: a traceback on {stream}:\n{text[-2000:]}")
            if RAW_CONTROL.search(text):
                failures.append(f"{shown}: a raw terminal control on {stream}")
    assert not failures, "\n".join(failures)
