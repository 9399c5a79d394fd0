"""Hypothesis strategies for rule files: valid policies in random layouts, with comments.

A policy is drawn as a sequence of tokens (typed expressions included, so that
most drawn files check), then joined with random whitespace: spaces, tabs,
ideographic spaces, newlines, blank lines and comments, own-line or trailing.
Expressions get the parentheses their precedence needs, and sometimes more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hypothesis import strategies as st

from rectilaw.dsl.ops import Level

Tokens = tuple[str, ...]
#: An expression: its tokens and how tightly it binds (the formatter's levels).
Expr = tuple[Tokens, int]

IF, OR, AND, NOT, CMP, COALESCE, SUM, PRODUCT, UNARY, ATOM = Level

CLAUSES = ("1", "2", "3.1")
TEXT_ALPHABET = "ab Z中文审计整改，。；“”（）\"\\\n\t"
COMMENT_ALPHABET = "ab 中文，.;"

texts = st.text(TEXT_ALPHABET, max_size=70)


def _escape(value: str) -> str:
    escapes = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}
    return '"' + "".join(escapes.get(c, c) for c in value) + '"'


@st.composite
def quoted(draw: st.DrawFn, max_size: int = 70) -> Tokens:
    """A text as one or more adjacent strings, cut anywhere."""
    value = draw(st.text(TEXT_ALPHABET, max_size=max_size))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(value)), max_size=3))))
    pieces = [value[a:b] for a, b in zip([0, *cuts], [*cuts, len(value)], strict=True)]
    return tuple(_escape(p) for p in pieces)


def _wrap(expr: Expr, need: int, extra: bool) -> Tokens:
    tokens, level = expr
    return ("(", *tokens, ")") if level < need or extra else tokens


def _binary(op: str, own: int, left: int, right: int) -> Callable[[tuple[Expr, Expr, bool, bool]],
                                                                   Expr]:
    def build(args: tuple[Expr, Expr, bool, bool]) -> Expr:
        a, b, pa, pb = args
        return (*_wrap(a, left, pa), op, *_wrap(b, right, pb)), own

    return build


def _pair(a: st.SearchStrategy[Expr], b: st.SearchStrategy[Expr]
          ) -> st.SearchStrategy[tuple[Expr, Expr, bool, bool]]:
    return st.tuples(a, b, st.booleans(), st.booleans())


def _atoms(*names: str) -> st.SearchStrategy[Expr]:
    return st.sampled_from([((n,), ATOM) for n in names])


literal_durations = st.tuples(
    st.integers(0, 30), st.sampled_from(["day", "days", "workdays", "months", "year"]),
).map(lambda t: ((str(t[0]), t[1]), ATOM))
durations = st.one_of(literal_durations, _atoms("limit"))


def _nested(base: st.SearchStrategy[Expr],
            extend: Callable[[st.SearchStrategy[Expr]], st.SearchStrategy[Expr]],
            depth: int) -> st.SearchStrategy[Expr]:
    """``base``, or ``extend`` applied to expressions up to ``depth`` levels deep.

    Unlike ``st.recursive`` this never draws past its bound, so no draw is
    thrown away and retried (which was where most of the time went).
    """
    inner = base
    for _ in range(depth):
        inner = st.one_of(base, extend(inner))
    return inner


money_atoms = st.one_of(
    _atoms("problem_amount", "corrected_amount", "floor"),
    st.sampled_from([(("100.50", "yuan"), ATOM), (("3",), ATOM), (("0",), ATOM)]),
)


#: What ``/`` divides: an amount (a whole number is not one).
amounts = st.one_of(_atoms("problem_amount", "corrected_amount", "floor"),
                    st.just((("100.50", "yuan"), ATOM)))


def _money(inner: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    factor = st.sampled_from([(("2",), ATOM), (("3",), ATOM)])
    return st.one_of(
        _pair(inner, inner).map(_binary("+", SUM, SUM, PRODUCT)),
        _pair(inner, inner).map(_binary("-", SUM, SUM, PRODUCT)),
        _pair(inner, factor).map(_binary("*", PRODUCT, PRODUCT, UNARY)),
        _pair(amounts, factor).map(_binary("/", PRODUCT, PRODUCT, UNARY)),
        st.tuples(inner, st.booleans()).map(lambda t: (("-", *_wrap(t[0], UNARY, t[1])),
                                                       UNARY)),
    )


MONEY = _nested(money_atoms, _money, 2)


def money() -> st.SearchStrategy[Expr]:
    return MONEY


simple_conditions = st.one_of(
    _atoms("corrected", "irreversible", "own_flag", "true"),
    st.sampled_from([
        (("issued_on", "is", "set"), CMP),
        (("due_on", "is", "not", "set"), CMP),
        (("kind_of", "is", "x"), CMP),
        (("kind_of", "is", "not", "y"), CMP),
        (("kind_of", "in", "(", "x", ",", "y", ")"), CMP),
        (("kind_of", "not", "in", "(", "z", ")"), CMP),
        (("days_between", "(", "issued_on", ",", "today", ")", ">", "30"), CMP),
    ]),
)

date_atoms = st.one_of(
    _atoms("issued_on", "due_on", "extended_to", "own_day", "today"),
    st.just((("2024-02-29",), ATOM)),
)


def _dates(inner: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    return st.one_of(
        _pair(inner, durations).map(_binary("+", SUM, SUM, PRODUCT)),
        _pair(inner, durations).map(_binary("-", SUM, SUM, PRODUCT)),
        _pair(inner, inner).map(_binary("??", COALESCE, COALESCE, SUM)),
        st.tuples(inner, inner).map(lambda t: (("max", "(", *t[0][0], ",", *t[1][0], ")"),
                                               ATOM)),
        st.tuples(simple_conditions, inner, inner, st.booleans()).map(
            lambda t: (("if", *t[0][0], "then", *t[1][0], "else", *_wrap(t[2], IF, t[3])),
                       IF)),
    )


DATES = _nested(date_atoms, _dates, 2)


def dates() -> st.SearchStrategy[Expr]:
    return DATES


def _comparison(side: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    ops = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
    return st.tuples(side, ops, side, st.booleans(), st.booleans()).map(
        lambda t: ((*_wrap(t[0], COALESCE, t[3]), t[1], *_wrap(t[2], COALESCE, t[4])), CMP))


def _conditions(inner: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    return st.one_of(
        _pair(inner, inner).map(_binary("and", AND, AND, NOT)),
        _pair(inner, inner).map(_binary("or", OR, OR, AND)),
        st.tuples(inner, st.booleans()).map(lambda t: (("not", *_wrap(t[0], NOT, t[1])),
                                                       NOT)),
        st.tuples(inner, inner, inner, st.booleans()).map(
            lambda t: (("if", *t[0][0], "then", *t[1][0], "else", *_wrap(t[2], IF, t[3])),
                       IF)),
    )


_CONDITIONS: dict[tuple[str, ...], st.SearchStrategy[Expr]] = {}


def conditions(extra_atoms: Sequence[str] = ()) -> st.SearchStrategy[Expr]:
    """Boolean expressions over the drawn policy's facts (and ``extra_atoms``), built once."""
    key = tuple(extra_atoms)
    if key not in _CONDITIONS:
        base = st.one_of(
            simple_conditions,
            _comparison(MONEY),
            _comparison(DATES),
            *([_atoms(*extra_atoms)] if extra_atoms else []),
        )
        _CONDITIONS[key] = _nested(base, _conditions, 2)
    return _CONDITIONS[key]


@st.composite
def citation(draw: st.DrawFn) -> Tokens:
    ids = draw(st.lists(st.sampled_from(CLAUSES), min_size=1, max_size=3, unique=True))
    tokens: list[str] = ["["]
    for index, clause_id in enumerate(ids):
        tokens.extend([",", clause_id] if index else [clause_id])
    return (*tokens, "]")


@st.composite
def declarations(draw: st.DrawFn) -> list[Tokens]:
    """The statements of one policy, each a token sequence, in a drawn order where free."""
    out: list[Tokens] = [("policy", "gen", "{", "title", *draw(quoted()),
                          *draw(st.sampled_from([(), ("title_en", '"Generated"'),
                                                 ("issued", "2024-01-01")])), "}")]
    for clause_id in CLAUSES:
        title = draw(st.one_of(st.just(()), quoted(20)))
        tail = draw(st.one_of(st.just(()), quoted().map(lambda q: ("not", "encoded", *q))))
        out.append(("clause", clause_id, *title, ":", *draw(quoted(200)), *tail))
    out.append(("party", "a", *draw(quoted(20))))
    out.append(("party", "b", *draw(quoted(20))))
    out.append(("facts", "corrected", ",", "irreversible", ",", "issued_on", ",", "due_on", ",",
                "extended_to", ",", "problem_amount", ",", "corrected_amount"))
    out.append(("fact", "own_flag", ":", "bool", *draw(quoted(20)),
                *draw(st.one_of(st.just(()), citation()))))
    out.append(("fact", "own_day", ":", "date", *draw(quoted(20))))
    out.append(("fact", "kind_of", ":", "enum", "(", "x", ",", "y", ",", "z", ")",
                *draw(quoted(10))))
    out.append(_param(draw))
    out.append(("param", "floor", "=", "100.50", "yuan", *draw(citation())))
    label = draw(st.one_of(st.just(()), quoted(30)))
    out.append(("let", "l1", *label, "=", *draw(conditions())[0],
                *draw(st.one_of(st.just(()), citation()))))
    rollover = draw(st.sampled_from([(), ("no", "rollover"), ("with", "rollover")]))
    out.append(("deadline", *draw(quoted(20)), "=", *draw(dates())[0], *draw(citation()),
                *rollover))
    out.append(("deadline", "second", *draw(quoted(20)), "=", *draw(dates())[0],
                *draw(citation())))
    out.append(_status(draw))
    if draw(st.booleans()):
        out.append(("stage", "first", "match", "{", "done", '"办结"', "when", "status", "is",
                    "rectified", *draw(citation()), "open", '"办理中"', "otherwise",
                    *draw(citation()), "}"))
    for code in draw(st.lists(st.sampled_from(["close", "interview", "notice"]),
                              max_size=2, unique=True)):
        out.append(_action(draw, code))
    return out


def _provenance(draw: st.DrawFn) -> Tokens:
    return draw(st.one_of(citation(), quoted(80).map(lambda q: ("assumed", *q))))


def _param(draw: st.DrawFn) -> Tokens:
    label = draw(st.one_of(st.just(()), quoted(20)))
    first = draw(literal_durations)[0]
    tokens = ["param", "limit", *label, "=", *first, *_provenance(draw)]
    for year in ("2025", "2026")[: draw(st.integers(0, 2))]:
        tokens.extend(["from", f"{year}-01-01", "=", "3", "months", *_provenance(draw)])
    return tuple(tokens)


def _status(draw: st.DrawFn) -> Tokens:
    codes = draw(st.permutations(["rectified", "partially_rectified", "not_rectified",
                                  "in_progress"]))
    chosen = codes[: draw(st.integers(1, 4))]
    if "rectified" not in chosen:
        chosen.append("rectified")
    count = len(chosen)
    tokens: list[str] = ["status", "first", "match", "{"]
    for index, code in enumerate(chosen):
        tokens.extend([code, *draw(quoted(10))])
        for _ in range(draw(st.integers(1, 2))):
            tokens.extend(["when", *draw(conditions(["l1"]))[0], *draw(citation())])
            for _ in range(draw(st.integers(0, 1))):
                tokens.extend(["unless", *draw(conditions())[0], *draw(citation())])
        if index == count - 1 and draw(st.booleans()):
            tokens.extend(["otherwise", *draw(citation())])
    return (*tokens, "}")


def _action(draw: st.DrawFn, code: str) -> Tokens:
    tokens: list[str] = ["action", code, *draw(quoted(60))]
    properties = draw(st.lists(st.sampled_from(["by", "target", "to", "level", "way", "due"]),
                               unique=True))
    for key in properties:
        if key == "to":
            tokens.extend(["to", "a", ",", "b"])
        elif key == "level":
            tokens.extend(["level", draw(st.sampled_from(["2", "high"]))])
        elif key == "way":
            tokens.extend(["way", "letter"])
        elif key == "due":
            tokens.extend(["due", *draw(dates())[0]])
        else:
            tokens.extend([key, draw(st.sampled_from(["a", "b"]))])
    status_test = st.sampled_from([(("status", "is", "rectified"), CMP),
                                   (("status", "is", "not", "rectified"), CMP),
                                   (("today", ">", "deadline"), CMP)])
    for _ in range(draw(st.integers(1, 2))):
        condition = draw(st.one_of(conditions(["l1"]), status_test))
        tokens.extend(["when", *condition[0], *draw(citation())])
    return tuple(tokens)


comment_bodies = st.text(COMMENT_ALPHABET, max_size=12)
separators = st.one_of(
    st.sampled_from([" ", " ", " ", " ", "  ", "\n", "\n  ", "\n\n", "\t", "\u3000", "\n\n\n  "]),
    comment_bodies.map(lambda c: f"  # {c}\n"),
    comment_bodies.map(lambda c: f"\n# {c}\n"),
    comment_bodies.map(lambda c: f"\n\n    # {c}\n\n"),
)


@st.composite
def rule_files(draw: st.DrawFn) -> str:
    """The text of a valid policy in a random layout, comments anywhere between tokens."""
    statements = draw(declarations())
    tokens = [token for statement in statements for token in statement]
    lead = draw(st.sampled_from(["", "# leading comment\n", "\n\n# after blanks\n\n"]))
    parts = [lead, tokens[0]]
    for token in tokens[1:]:
        parts.append(draw(separators))
        parts.append(token)
    parts.append(draw(st.sampled_from(["\n", "", "  # last\n", "\n\n# end\n"])))
    return "".join(parts)
