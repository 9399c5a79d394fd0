"""A smoke test of an installed rectilaw, run by ``tools/test_wheels.py`` in a fresh venv.

Loads every built-in policy, evaluates a finding under each, reads the statutory
holidays of a year without a published schedule, and prints one line per check.
Run it from outside the source tree, so that it imports the installed package.
"""

from __future__ import annotations

import datetime
import json
import sys


def main() -> None:
    sys.modules["lunar_python"] = None  # type: ignore[assignment]  # must not be needed
    import rectilaw
    from rectilaw.calendar import LAST_YEAR, lunar_days, statutory_holidays

    if "site-packages" not in (rectilaw.__file__ or ""):
        raise SystemExit(f"imported rectilaw from {rectilaw.__file__}, not from the install")
    print(f"rectilaw {rectilaw.__version__} on Python {sys.version.split()[0]}")
    finding = {"id": "F-1", "issued_on": "2024-01-12", "problem_amount": "1250000.00",
               "corrected_amount": "300000.00"}
    for name in rectilaw.builtin_names():
        policy = rectilaw.load_policy(name)
        answer = policy.evaluate(finding, today=datetime.date(2024, 8, 1))
        json.dumps(answer.to_dict(), ensure_ascii=False)
        print(f"{name}: {answer.status} due {answer.due}, {len(answer.actions)} actions")
    print(f"2031: {len(statutory_holidays(2031))} statutory holidays; "
          f"春节 {LAST_YEAR}: {lunar_days(LAST_YEAR).spring_festival}")


if __name__ == "__main__":
    main()
