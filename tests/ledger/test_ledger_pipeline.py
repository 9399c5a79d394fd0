"""Streaming runs: progress, atomic output, and the API entry points agreeing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import rectilaw
from rectilaw.ledger import LedgerError, evaluate_ledger, run_ledger
from rectilaw.ledger.writers import open_writer

from .sample import HEADERS, TODAY, ledger_rows, read_csv, write_csv


def test_streaming_and_keeping_agree(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "l.csv", HEADERS, ledger_rows(50, 30))
    kept = evaluate_ledger(path, sasac, TODAY).summary
    streamed = run_ledger(path, sasac, TODAY, batch_size=7)
    assert streamed.to_dict() == kept.to_dict()


def test_progress_is_reported_per_batch(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "l.csv", HEADERS, ledger_rows(25, 10))
    calls: list[tuple[int, Any]] = []
    run_ledger(path, sasac, TODAY, batch_size=10, progress=lambda d, t: calls.append((d, t)))
    assert [done for done, _ in calls] == [10, 20, 25]
    assert all(total == 25 for _, total in calls)


def test_a_failed_run_leaves_the_old_output(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "l.csv", HEADERS, ledger_rows(30, 10))
    out = tmp_path / "out.csv"
    out.write_text("old", "utf-8")

    def stop(done: int, total: int | None) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_ledger(path, sasac, TODAY, out=out, batch_size=10, progress=stop)
    assert out.read_text("utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["l.csv", "out.csv"]
    run_ledger(path, sasac, TODAY, out=out)
    assert len(read_csv(out)) == 30


def test_the_output_cannot_overwrite_the_input(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "l.csv", HEADERS, ledger_rows(3, 1))
    with pytest.raises(LedgerError, match="would overwrite"):
        run_ledger(path, sasac, TODAY, out=path)


def test_output_in_a_missing_directory_is_refused(sasac: rectilaw.Policy,
                                                  tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="cannot write here"):
        open_writer(tmp_path / "nowhere" / "out.csv", ["a"], sasac)


def test_records_of_different_shapes_are_written_under_every_header(
        sasac: rectilaw.Policy, tmp_path: Path) -> None:
    result = sasac.evaluate_many([{"id": "a", "备注": "x"}, {"id": "b", "unit": "乙"}],
                                 today="2024-07-15")
    assert result.headers == ("id", "备注", "unit")
    result.write(tmp_path / "o.csv")
    written = read_csv(tmp_path / "o.csv")
    assert [(r["id"], r["备注"], r["unit"]) for r in written] == [("a", "x", ""), ("b", "", "乙")]


def test_today_must_be_a_date(sasac: rectilaw.Policy) -> None:
    with pytest.raises(TypeError, match="`today` must be a date"):
        sasac.evaluate_many([], today="July")


def test_a_single_mapping_is_not_a_ledger(sasac: rectilaw.Policy) -> None:
    with pytest.raises(TypeError, match="not one mapping"):
        sasac.evaluate_many({"id": "a"}, today=TODAY)  # type: ignore[arg-type]


def test_row_to_dict(sasac: rectilaw.Policy) -> None:
    good, bad = sasac.evaluate_many([{"id": "a", "corrected": True}, {"id": "b", "due_on": "x"}],
                                    today=TODAY)
    assert good.to_dict()["status"] == "rectified"
    assert good.to_dict()["actions"][0]["code"] == "close"
    assert bad.to_dict()["problems"][0]["field"] == "due_on"
    assert bad.to_dict()["status"] is None
