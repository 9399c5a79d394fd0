"""Loading time of generated policies of growing size: it should grow linearly.

Target: a generated 10,000-line policy parses, checks and compiles in under 2 s.
"""

from __future__ import annotations

import time

from rectilaw.loader import policy_from_text


def generated_policy(lines: int) -> str:
    """A valid policy of ``lines`` lines (give or take a few): clauses, facts, parameters,
    definitions and actions, seven lines to a group, then a status block."""
    out = ['policy generated { title "生成的政策" }', 'party office "审计机关"',
           "facts issued_on, corrected, problem_amount, corrected_amount"]
    groups = max(1, -(-(lines - 7) // 7))
    for n in range(groups):
        out += [
            f'clause {n + 1} "第{n + 1}条": "第{n + 1}条的原文。"',
            f'fact flag_{n}: bool "事实{n}"',
            f'param wait_{n} "期限{n}" = {n % 90 + 1} days assumed "生成"',
            f"let late_{n} = issued_on + wait_{n} < today and not flag_{n} [{n + 1}]",
            f'action notice "通报{n}" by office target office',
            f"  due issued_on + wait_{n}",
            f"  when late_{n} and problem_amount > corrected_amount [{n + 1}]",
        ]
    out.append("status first match {")
    out.append('  rectified "已整改" when corrected [1]')
    out.append('  in_progress "正在整改" otherwise [1]')
    out.append("}")
    return "\n".join(out) + "\n"


_loads = 0


def load_seconds(text: str, rounds: int = 3) -> float:
    """The best of ``rounds`` loads; each text differs, so the loader's cache never answers."""
    global _loads
    best = float("inf")
    for _ in range(rounds):
        _loads += 1
        started = time.perf_counter()
        policy_from_text(text + f"# {_loads}\n", filename="generated.rules")
        best = min(best, time.perf_counter() - started)
    return best


TARGET_LINES = 10_000
TARGET_SECONDS = 2.0


def main() -> None:
    previous = None
    seconds = 0.0
    for lines in (1_250, 2_500, 5_000, TARGET_LINES):
        text = generated_policy(lines)
        count = text.count("\n")
        seconds = load_seconds(text)
        per_line = seconds / count * 1e6
        growth = "" if previous is None else f"  ({per_line / previous:4.2f}x per line vs before)"
        print(f"{count:6d} lines: {seconds * 1000:8.1f} ms, {per_line:6.1f} µs per line{growth}")
        previous = per_line
    verdict = "met" if seconds < TARGET_SECONDS else "NOT met"
    print(f"target: {TARGET_LINES:,} lines in under {TARGET_SECONDS:g} s, time per line roughly "
          f"constant: {verdict} ({seconds:.2f} s)")


if __name__ == "__main__":
    main()
