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


def long_sum(n: int) -> str:
    """A deadline ``issued_on + 1 day + 1 day …`` with n terms."""
    return (HEAD + 'deadline "d" = issued_on' + " + 1 day" * n + " [1]\n"
            + STATUS.format(condition="true"))


def many_exceptions(n: int, applying: int | None = None) -> str:
    """One rule with n ``unless`` lines; only the one at index ``applying`` (if any) applies."""
    lines = [f"    unless corrected and {'true' if i == applying else 'false'} [1]\n"
             for i in range(n)]
    return (HEAD + 'status first match {\n  rectified "已整改"\n    when corrected [1]\n'
            + "".join(lines) + '  in_progress "正在整改" otherwise [1] }\n')


#: Expression forms that nest their operand ``{}`` one level (of the syntax tree, of the
#: generated code, or both), each a date.
DATE_WRAPPERS = ["({} + 1 day)", "(due_on ?? {})", "max({}, issued_on)",
                 "(if corrected then {} else issued_on)", "({} - 1 workday)",
                 "min(issued_on, {})", "({})"]


def nested_deadline(wrappers: list[str]) -> str:
    expression = "issued_on"
    for wrapper in wrappers:
        expression = wrapper.format(expression)
    return (HEAD.replace("facts corrected, issued_on", "facts corrected, issued_on, due_on")
            + f'deadline "d" = {expression} [1]\n' + STATUS.format(condition="true"))


def stage_rules(n: int) -> str:
    """A stage block of n rules, each on its own day count: one join of the calendar each."""
    rules = "".join(f'  s{i} "阶段{i}" when issued_on + {i + 1} days < today [1]\n'
                    for i in range(n))
    return (HEAD + STATUS.format(condition="true")
            + 'stage first match {\n' + rules + '  s_end "末" otherwise [1] }\n')
