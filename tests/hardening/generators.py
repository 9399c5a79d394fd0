"""Rule texts of a given size and shape, for the scaling tests and ``make fuzz``.

Each builder takes a size ``n`` and gives a whole valid policy (or one a loader must refuse
with a diagnostic), so that a test can load it at two sizes and compare the work done.
"""

from __future__ import annotations

HEAD = 'policy p { title "x" }\nclause 1 "x": "y"\nfacts corrected, issued_on\n'
STATUS = ('status first match {{\n  rectified "已整改" when corrected and {condition} [1]\n'
          '  in_progress "正在整改" otherwise [1] }}\n')


def policy(lets: list[str], condition: str) -> str:
    return HEAD + "".join(line + "\n" for line in lets) + STATUS.format(condition=condition)


def doubling_lets(n: int) -> str:
    """Each ``let`` reads the one before twice: 2ⁿ paths through n definitions."""
    lets = ['let v0 "v" = corrected [1]']
    lets += [f'let v{i} "v" = v{i - 1} or v{i - 1} [1]' for i in range(1, n)]
    return policy(lets, f"v{n - 1}")


def chained_lets(n: int) -> str:
    """Each ``let`` reads the one before once."""
    lets = ['let v0 "v" = corrected [1]']
    lets += [f'let v{i} "v" = v{i - 1} [1]' for i in range(1, n)]
    return policy(lets, f"v{n - 1}")


def fanned_lets(n: int) -> str:
    """A last ``let`` reading n others, each read by many rules: wide rather than deep."""
    lets = [f'let w{i} "w" = corrected or issued_on is set [1]' for i in range(n)]
    lets.append('let all "all" = ' + " and ".join(f"w{i}" for i in range(n)) + " [1]")
    return policy(lets, "all")


SHAPES = {"doubling": doubling_lets, "chained": chained_lets, "fanned": fanned_lets}
