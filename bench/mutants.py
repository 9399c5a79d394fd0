"""Mutation score: how many deliberate mistakes in each policy its tests catch.

For every built-in policy (or those named), every mutant of
:mod:`rectilaw.mutation` is run against the policy's worked examples
(``tests/policies/<name>/*.yaml``) and, if they all still pass, against the
invariants of :mod:`rectilaw.invariants` on a fixed, derandomized sample of
generated findings and days.  A mutant is *killed* when an example fails or an
invariant breaks.  Prints the score per policy and the mutants that survive,
which point at rules no example pins down.

    python bench/mutants.py [--policy NAME ...] [--samples N] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings

import rectilaw
from rectilaw import testing
from rectilaw.engine.policy import Policy
from rectilaw.invariants import violations
from rectilaw.mutation import Mutant, mutants
from rectilaw.worked_examples import Case, load_cases, run_case

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "tests" / "policies"


def _cases(name: str) -> list[Case]:
    return [case for path in sorted((EXAMPLES / name).glob("*.yaml"))
            for case in load_cases(path)]


def _sample(policy: Policy, count: int) -> list[tuple[dict[str, Any], date]]:
    """``count`` findings and days, the same on every run."""
    found: list[tuple[dict[str, Any], date]] = []

    @settings(max_examples=count, derandomize=True, database=None, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(testing.cases(policy))
    def collect(case: tuple[dict[str, Any], date]) -> None:
        found.append(case)

    collect()
    return found


def _params(case: Case) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((str(k), str(v)) for k, v in case.params.items()))


class Judge:
    """Runs one policy's examples and invariants against its mutants."""

    def __init__(self, name: str, samples: int) -> None:
        self.name = name
        self.base = rectilaw.load_policy(name)
        self.cases = _cases(name)
        self.sample = _sample(self.base, samples)
        self.models = {(): self.base.model}
        for case in self.cases:
            key = _params(case)
            if key not in self.models:
                self.models[key] = rectilaw.load_policy(name, params=case.params).model

    def _policy(self, mutant: Mutant, key: tuple[tuple[str, Any], ...]) -> Policy:
        return Policy(mutant.apply(self.models[key]), self.base.calendar,
                      origin=f"<mutant of {self.name}>")

    def verdict(self, mutant: Mutant) -> str | None:
        """How the mutant was caught (``example``, ``invariant``), or None if it survived."""
        policies: dict[tuple[tuple[str, Any], ...], Policy] = {}
        for case in self.cases:
            key = _params(case)
            try:
                policy = policies.setdefault(key, self._policy(mutant, key))
                if not run_case(case, policy).passed:
                    return "example"
            except Exception:
                return "example"
        policy = policies.get(()) or self._policy(mutant, ())
        for finding, day in self.sample:
            try:
                if violations(policy, finding, day):
                    return "invariant"
            except Exception:
                return "invariant"
        return None


def run(name: str, samples: int, quiet: bool) -> Mapping[str, Any]:
    started = time.perf_counter()
    judge = Judge(name, samples)
    found = mutants(judge.base.model)
    caught: Counter[str] = Counter()
    survivors = []
    for mutant in found:
        how = judge.verdict(mutant)
        if how is None:
            survivors.append(mutant)
        else:
            caught[how] += 1
    total = len(found)
    killed = total - len(survivors)
    score = 100.0 * killed / total if total else 100.0
    print(f"{name}: {killed}/{total} mutants killed ({score:.1f}%): "
          f"{caught['example']} by worked examples, {caught['invariant']} by invariants; "
          f"{len(judge.cases)} examples, {len(judge.sample)} generated findings, "
          f"{time.perf_counter() - started:.1f} s")
    if not quiet:
        for mutant in survivors:
            print(f"  survives [{mutant.operator}] {mutant.description}")
    return {"policy": name, "total": total, "killed": killed, "score": round(score, 1),
            "by": dict(caught), "survivors": [m.description for m in survivors]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--policy", action="append", help="a built-in policy (repeatable)")
    parser.add_argument("--samples", type=int, default=60,
                        help="generated findings per policy for the invariants (default 60)")
    parser.add_argument("--quiet", action="store_true", help="scores only, no survivors")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    results = [run(name, args.samples, args.quiet)
               for name in args.policy or rectilaw.builtin_names()]
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
