"""Rule text → syntax tree.  The only module that imports lark.

The LALR parser is built once per process from the ``grammar.lark`` shipped as
package data.  Every lark exception is turned here into a
:class:`~rectilaw.errors.PolicyError` that names the file, line and column,
quotes the line, says what was expected and, for a misspelt keyword, suggests
the right one.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

import lark
from lark import Token, Tree, v_args
from lark.exceptions import (
    GrammarError,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from rectilaw.dsl import ast
from rectilaw.dsl.limits import MAX_DIGITS, too_long
from rectilaw.errors import Diagnostic, PolicyError, Source, Span, did_you_mean, lines_of
from rectilaw.periods import Duration, Unit

__all__ = ["KEYWORDS", "MAX_DEPTH", "parse"]

#: The deepest expression nesting accepted; deeper text is refused with a clear error.
MAX_DEPTH = 100

#: Words with a meaning of their own in the language; none may name a fact, parameter or definition.
KEYWORDS = frozenset(
    [
        "policy", "clause", "not", "encoded", "party", "fact", "facts", "param", "from",
        "assumed", "let", "deadline", "no", "with", "rollover", "status", "stage", "first",
        "match", "when", "otherwise", "unless", "action", "by", "target", "to", "level", "way",
        "due", "if", "then", "else", "or", "and", "is", "set", "in", "today", "true", "false",
        "yuan", "enum", "decided", "ladder", "step", "wait", "after", "until", "within", "previous",
        "count", "of", "last", "taken",
    ]
)


class _WholeWords:
    """Lets the lexer see a name in every state, so keywords only match whole words.

    Without it, a state that accepts the keyword `in` but no name would read
    `in_progress` as `in` followed by `_progress`, and report a baffling error.
    """

    always_accept = ("NAME",)

    def process(self, stream: Any) -> Any:
        return stream


@functools.cache
def _lark() -> lark.Lark:
    grammar = resources.files("rectilaw.dsl").joinpath("grammar.lark").read_text("utf-8")
    return lark.Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=True,
        postlex=_WholeWords(),
        cache=False,
    )


#: The longest rule text parsed, in characters: the largest built-in policy is some 60,000;
#: a text of tens of megabytes would take gigabytes to load, and is refused instead.
MAX_TEXT = 8 * 1024 * 1024


def parse(text: str, filename: str = "<rules>") -> ast.PolicyFile:
    """Parse rule text into a syntax tree; raise PolicyError on bad syntax.

    A byte-order mark at the start is dropped, as editors on Windows write one.
    """
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_TEXT:
        raise PolicyError.single(
            "too-large", f"{filename}: {len(text):,} characters of rule text, more than the "
            f"{MAX_TEXT:,} a policy may have", hint="split the policy into several files")
    source = Source(filename, text)
    comments: list[ast.Comment] = []
    parser = _lark()
    _check_brackets(source)
    _check_conditionals(source)
    try:
        tree = parser.parse(text, on_error=None)
    except UnexpectedInput as error:
        raise PolicyError([_syntax_diagnostic(error, source, parser)]) from None
    _check_depth(tree, source)
    for token in _comment_tokens(text):
        comments.append(token)
    builder = _Builder(source)
    try:
        policy: ast.PolicyFile = builder.transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, PolicyError):
            raise error.orig_exc from None
        raise
    return ast.PolicyFile(policy.header, policy.declarations, tuple(comments), policy.span)


def _comment_tokens(text: str) -> list[ast.Comment]:
    """The ``#`` comments of the text, found with the grammar's own lexer rules."""
    found: list[ast.Comment] = []
    for number, line in enumerate(lines_of(text), start=1):
        column = _comment_column(line) if "#" in line else None
        if column is not None:
            found.append(ast.Comment(line[column:].rstrip(), number, column + 1))
    return found


def _comment_column(line: str) -> int | None:
    in_string = False
    escaped = False
    for index, char in enumerate(line):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "#":
            return index
    return None


def _check_brackets(source: Source) -> None:
    """Refuse parentheses nested deeper than MAX_DEPTH before parsing."""
    depth = 0
    for number, line in enumerate(source.lines, start=1):
        if "(" not in line and ")" not in line:
            continue  # texts and comments end with their line: nothing here changes the depth
        in_string = escaped = False
        for index, char in enumerate(line):
            if in_string:
                if escaped:
                    escaped = False
                elif char == "\\":
                    escaped = True
                elif char == '"':
                    in_string = False
            elif char == '"':
                in_string = True
            elif char == "#":
                break
            elif char == "(":
                depth += 1
                if depth > MAX_DEPTH:
                    span = Span(source, number, index + 1, number, index + 2)
                    raise PolicyError.single(
                        "too-deep", f"expression nested more than {MAX_DEPTH} levels deep",
                        span, "split it into named definitions with `let`")
            elif char == ")":
                depth = max(0, depth - 1)


#: What the nesting of `if … then … else` is read from before parsing: texts and comments
#: (skipped), brackets, commas, a lone `=`, and the words that open, continue or end an
#: expression.  Every expression of a rule file follows a `=` or one of those words.
_CONDITIONAL_TOKENS = re.compile(
    r'"(?:[^"\\\n]|\\.)*"|"[^\n]*|#[^\n]*'
    r"|[()\[\]{},]|(?<![=!<>])=(?!=)"
    r"|\b(?:if|then|else|let|when|unless|due|wait|after|until|within)\b"
)
_IF = re.compile(r"\bif\b")
_COND, _THEN, _ELSE, _BRACKET = 0, 1, 2, -1


def _check_conditionals(source: Source) -> None:
    """Refuse `if` expressions nested more than MAX_DEPTH deep before parsing.

    A chain `if … then … else if …` nests one level per `if`; parsed in full, a long
    one costs seconds before the depth check on the tree refuses it.  This pass keeps
    the `if`s still open at each point, as the parser would: an `if` is closed once its
    `else` branch has been followed by the `then` or `else` of an outer `if`, a comma
    or a closing bracket, or when the expression ends.  Only `if`s that certainly
    contain the text read so far are counted, so a file is refused here only when the
    tree would be too deep as well.
    """
    text = source.text
    if _IF.search(text) is None:
        return
    stack: list[int] = []
    depth = 0
    for match in _CONDITIONAL_TOKENS.finditer(text):
        token = match.group()
        first = token[0]
        if first == '"' or first == "#":
            continue
        if token == "if":
            depth += 1
            if depth > MAX_DEPTH:
                start = match.start()
                line = text.count("\n", 0, start) + 1
                column = start - (text.rfind("\n", 0, start) + 1) + 1
                span = Span(source, line, column, line, column + 2)
                raise PolicyError.single(
                    "too-deep", f"expression nested more than {MAX_DEPTH} levels deep",
                    span, "split it into named definitions with `let`")
            stack.append(_COND)
        elif token == "then" or token == "else":
            while stack and stack[-1] == _ELSE:
                stack.pop()
                depth -= 1
            if stack and stack[-1] == (_COND if token == "then" else _THEN):
                stack[-1] += 1
        elif token == "(":
            stack.append(_BRACKET)
        elif token == ")":
            while stack:
                if stack.pop() == _BRACKET:
                    break
                depth -= 1
        elif token == ",":
            while stack and stack[-1] == _ELSE:
                stack.pop()
                depth -= 1
        else:  # an expression begins or ends: `=`, `[`, `{`, a statement's word
            stack.clear()
            depth = 0


def _check_depth(tree: Tree[Any], source: Source) -> None:
    """Refuse nesting deeper than MAX_DEPTH, iteratively (no recursion to exhaust)."""
    stack: list[tuple[Tree[Any], int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            meta = node.meta
            span = Span(source, meta.line, meta.column, meta.line, meta.column + 1)
            raise PolicyError.single(
                "too-deep",
                f"expression nested more than {MAX_DEPTH} levels deep",
                span,
                "split it into named definitions with `let`",
            )
        stack.extend((child, depth + 1) for child in node.children if isinstance(child, Tree))


# ----------------------------------------------------------------- syntax errors

_TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": "a quoted text",
    "CLAUSE_ID": "a clause number",
    "INT": "a whole number",
    "DECIMAL": "a number",
    "DATE": "a date (YYYY-MM-DD)",
    "UNIT": "a unit (days, workdays, months, years)",
    "COMPARE": "a comparison (==, !=, <, <=, >, >=)",
    "ADD_OP": "`+` or `-`",
    "HEADER_KEY": "a header field (title, title_en, issuer, number, issued, effective, until, "
    "version, source, rollover)",
    "TYPE_NAME": "a type (bool, date, money, integer, text, duration, events)",
    "STATUS": "`status`",
    "STAGE": "`stage`",
    "ROLLOVER": "`rollover`",
    "$END": "the end of the file",
}


def _describe(terminal: str, parser: lark.Lark) -> str:
    if terminal in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[terminal]
    definition = next((t for t in parser.terminals if t.name == terminal), None)
    if definition is not None and definition.pattern.type == "str":
        return f"`{definition.pattern.value}`"
    return terminal.lower()


_HEADER_WORDS = (
    "title", "title_en", "issuer", "number", "issued", "effective", "until", "version", "source",
    "rollover",
)


def _keywords_of(terminals: set[str], parser: lark.Lark) -> set[str]:
    words: set[str] = set()
    for definition in parser.terminals:
        if definition.name in terminals:
            if definition.pattern.type == "str" and definition.pattern.value.isalpha():
                words.add(definition.pattern.value)
            elif definition.name in ("HEADER_KEY", "TYPE_NAME"):
                words.update(
                    w.strip('"') for w in definition.pattern.value.split("|")
                    if w.strip('"').replace("_", "").isalpha()
                )
    if "HEADER_KEY" in terminals:
        words.update(_HEADER_WORDS)
    if "TYPE_NAME" in terminals:
        words.update(["bool", "date", "money", "integer", "text", "duration", "events"])
    return words


def _syntax_diagnostic(error: UnexpectedInput, source: Source, parser: lark.Lark) -> Diagnostic:
    line = max(1, getattr(error, "line", 1) or 1)
    column = max(1, getattr(error, "column", 1) or 1)
    expected: set[str] = set()
    found = "the end of the file"
    width = 1
    if isinstance(error, UnexpectedToken):
        expected = set(error.accepts or error.expected)
        token = error.token
        if token.type == "$END":
            line, column = _end_position(source)
        else:
            found = f"`{token}`"
            width = max(1, len(str(token)))
    elif isinstance(error, UnexpectedCharacters):
        expected = set(error.allowed or ())
        char = source.line(line)[column - 1 : column] or "?"
        found = f"`{char}`"
        if char == '"':
            span = Span(source, line, column, line, column + 1)
            return Diagnostic("syntax-error", "this text is never closed", span,
                              'a quoted text ends with `"` on the same line; split long texts '
                              'into several quoted parts, one per line')
    elif isinstance(error, UnexpectedEOF):
        expected = set(error.expected)
        line, column = _end_position(source)
    span = Span(source, line, column, line, column + width)
    names = sorted({_describe(t, parser) for t in expected if not t.startswith("__ANON")},
                   key=lambda n: (n not in ("`[`", "`]`", "`}`"), n))
    expected_text = _join_choices(names) if names else "something else"
    hint = _keyword_hint(error, expected, parser)
    if hint is None and isinstance(error, UnexpectedToken):
        hint = _structure_hint(names)
    return Diagnostic("syntax-error", f"unexpected {found}: expected {expected_text}", span, hint)


def _structure_hint(names: list[str]) -> str | None:
    if "`assumed`" in names:
        return ('a parameter says where its value comes from: cite the clause, `= 6 months [8]`, '
                'or say why it is assumed, `= 15 days assumed "the text gives no number"`')
    if "`[`" in names:
        return "every rule ends with a citation of the clause it encodes, e.g. `[7.1]`"
    return None


def _keyword_hint(error: UnexpectedInput, expected: set[str], parser: lark.Lark) -> str | None:
    if not isinstance(error, UnexpectedToken) or error.token.type != "NAME":
        return None
    return did_you_mean(str(error.token), _keywords_of(expected, parser))


def _end_position(source: Source) -> tuple[int, int]:
    lines = list(source.lines)
    if len(lines) > 1 and lines[-1] == "":  # a final newline ends the last line
        lines.pop()
    return len(lines), len(lines[-1]) + 1


def _join_choices(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    if len(names) > 8:
        names = [*names[:8], "…"]
    return ", ".join(names[:-1]) + " or " + names[-1]


# ----------------------------------------------------------------- tree → AST


def _unquote(token: str) -> str:
    body = token[1:-1]
    if "\\" not in body:
        return body
    out: list[str] = []
    chars = iter(body)
    for char in chars:
        if char == "\\":
            nxt = next(chars, "")
            out.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
        else:
            out.append(char)
    return "".join(out)


_UNITS = {"day": Unit.DAYS, "workday": Unit.WORKDAYS, "month": Unit.MONTHS, "year": Unit.YEARS}


@v_args(meta=True, inline=True)
class _Builder(lark.Transformer[Token, Any]):
    """Turns lark's tree into the attrs syntax tree, giving every node its span."""

    def __init__(self, source: Source) -> None:
        super().__init__(visit_tokens=False)
        self.source = source
        self._methods: dict[str, Any] = {}

    def _call_userfunc(self, tree: Tree[Token], new_children: list[Any] | None = None) -> Any:
        # lark's own looks the method up on every node, and that wraps it anew each time
        # (functools.update_wrapper): a third of the building time.  The same calls, with
        # each rule's method looked up once.
        children = new_children if new_children is not None else tree.children
        data = tree.data
        try:
            method = self._methods[data]
        except KeyError:
            method = self._methods[data] = getattr(self, data, None)
        if method is None:
            return self.__default__(data, children, tree.meta)  # type: ignore[no-untyped-call]
        try:
            wrapper = getattr(method, "visit_wrapper", None)
            if wrapper is not None:
                return wrapper(method, data, children, tree.meta)
            return method(children)
        except GrammarError:
            raise
        except Exception as error:
            raise VisitError(data, tree, error)  # type: ignore[no-untyped-call]  # noqa: B904

    def _span(self, meta: Any) -> Span:
        return Span(self.source, meta.line, meta.column, meta.end_line, meta.end_column)

    def _tspan(self, token: Token) -> Span:
        return Span(
            self.source,
            token.line or 1,
            token.column or 1,
            token.end_line or token.line or 1,
            token.end_column or (token.column or 1) + len(token),
        )

    def _name(self, token: Token) -> ast.Name:
        return ast.Name(str(token), self._tspan(token))

    # header and file
    def start(self, meta: Any, header: ast.Header, *declarations: Any) -> ast.PolicyFile:
        flat: list[ast.Declaration] = list(declarations)
        return ast.PolicyFile(header, tuple(flat), (), self._span(meta))

    def header(self, meta: Any, name: Token, *fields: ast.HeaderField) -> ast.Header:
        return ast.Header(self._name(name), fields, self._span(meta))

    def header_field(self, meta: Any, key: Token, value: ast.Literal) -> ast.HeaderField:
        return ast.HeaderField(self._name(key), value)

    def header_key(self, meta: Any, token: Token) -> Token:
        return token

    def type_name(self, meta: Any, token: Token) -> Token:
        return token

    def unit(self, meta: Any, token: Token) -> Token:
        return token

    # clauses and parties
    def text(self, meta: Any, *strings: Token) -> ast.Text:
        parts = tuple(_unquote(str(s)) for s in strings)
        return ast.Text("".join(parts), self._span(meta), parts)

    def clause(self, meta: Any, cid: Token, title: ast.Text | None, body: ast.Text,
               not_encoded: ast.Text | None) -> ast.Clause:
        return ast.Clause(self._name(cid), title, body, not_encoded, self._span(meta))

    def not_encoded(self, meta: Any, reason: ast.Text) -> ast.Text:
        return reason

    def party(self, meta: Any, name: Token, label: ast.Text) -> ast.Party:
        return ast.Party(self._name(name), label, self._span(meta))

    # facts
    def fact(self, meta: Any, name: Token, type_: ast.TypeSpec | None, label: ast.Text | None,
             citation: ast.Citation | None) -> ast.Fact:
        return ast.Fact(self._name(name), type_, label, citation, self._span(meta))

    def facts(self, meta: Any, *names: Token) -> ast.FactGroup:
        members = tuple(
            ast.Fact(self._name(n), None, None, None, self._tspan(n)) for n in names
        )
        return ast.FactGroup(members, self._span(meta))

    def simple_type(self, meta: Any, name: Token) -> ast.TypeSpec:
        return ast.TypeSpec(str(name), (), self._span(meta))

    def enum_type(self, meta: Any, *values: Token) -> ast.TypeSpec:
        return ast.TypeSpec("enum", tuple(self._name(v) for v in values), self._span(meta))

    # parameters
    def param(self, meta: Any, name: Token, label: ast.Text | None, *items: Any) -> ast.Param:
        values: list[ast.ParamValue] = []
        effective: ast.Literal | None = None
        for item in items:
            if isinstance(item, Token):
                effective = ast.Literal(date.fromisoformat(str(item)), "date", self._tspan(item))
            else:
                values.append(attrs_evolve_effective(item, effective))
        return ast.Param(self._name(name), label, tuple(values), self._span(meta))

    def param_value(self, meta: Any, value: ast.Literal, provenance: Any) -> ast.ParamValue:
        citation = provenance if isinstance(provenance, ast.Citation) else None
        assumed = provenance if isinstance(provenance, ast.Text) else None
        return ast.ParamValue(None, value, citation, assumed, self._span(meta))

    def cited(self, meta: Any, citation: ast.Citation) -> ast.Citation:
        return citation

    def assumed(self, meta: Any, reason: ast.Text) -> ast.Text:
        return reason

    # definitions
    def let(self, meta: Any, name: Token, label: ast.Text | None, expr: ast.Expr,
            citation: ast.Citation | None) -> ast.Let:
        return ast.Let(self._name(name), label, expr, citation, self._span(meta))

    def deadline(self, meta: Any, name: Token | None, label: ast.Text, expr: ast.Expr,
                 citation: ast.Citation, rollover: bool | None) -> ast.Deadline:
        named = self._name(name) if name is not None else None
        return ast.Deadline(named, label, expr, citation, rollover, self._span(meta))

    def no_rollover(self, meta: Any, _keyword: Token) -> bool:
        return False

    def with_rollover(self, meta: Any, _keyword: Token) -> bool:
        return True

    # decisions
    def decision(self, meta: Any, kind: str, decided: ast.Decided | None,
                 *outcomes: ast.Outcome) -> ast.Decision:
        return ast.Decision(kind, outcomes, self._span(meta), decided)

    def decided(self, meta: Any, party: Token, citation: ast.Citation) -> ast.Decided:
        return ast.Decided(self._name(party), citation, self._span(meta))

    def decision_kind(self, meta: Any, token: Token) -> str:
        return str(token)

    def outcome(self, meta: Any, name: Token, label: ast.Text, *alternatives: ast.Alternative
                ) -> ast.Outcome:
        return ast.Outcome(self._name(name), label, alternatives, self._span(meta))

    def when(self, meta: Any, condition: ast.Expr, citation: ast.Citation,
             assumed: ast.Text | None, *exceptions: ast.Exception_) -> ast.Alternative:
        return ast.Alternative(condition, citation, exceptions, self._span(meta), assumed)

    def otherwise(self, meta: Any, citation: ast.Citation, assumed: ast.Text | None
                  ) -> ast.Alternative:
        return ast.Alternative(None, citation, (), self._span(meta), assumed)

    def assumption(self, meta: Any, reason: ast.Text) -> ast.Text:
        return reason

    def exception(self, meta: Any, condition: ast.Expr, citation: ast.Citation) -> ast.Exception_:
        return ast.Exception_(condition, citation, self._span(meta))

    # actions
    def action(self, meta: Any, code: Token, label: ast.Text, *rest: Any) -> ast.Action:
        props = tuple(r for r in rest if isinstance(r, ast.ActionProperty))
        alternatives = tuple(r for r in rest if isinstance(r, ast.Alternative))
        return ast.Action(self._name(code), label, props, alternatives, self._span(meta))

    def _prop(self, key: str, meta: Any, *names: Token) -> ast.ActionProperty:
        return ast.ActionProperty(key, tuple(self._name(n) for n in names), None, self._span(meta))

    def by(self, meta: Any, name: Token) -> ast.ActionProperty:
        return self._prop("by", meta, name)

    def target(self, meta: Any, name: Token) -> ast.ActionProperty:
        return self._prop("target", meta, name)

    def recipients(self, meta: Any, *names: Token) -> ast.ActionProperty:
        return self._prop("to", meta, *names)

    def level(self, meta: Any, name: Token) -> ast.ActionProperty:
        return self._prop("level", meta, name)

    def way(self, meta: Any, name: Token) -> ast.ActionProperty:
        return self._prop("way", meta, name)

    def due(self, meta: Any, expr: ast.Expr) -> ast.ActionProperty:
        return ast.ActionProperty("due", (), expr, self._span(meta))

    # escalation
    def ladder(self, meta: Any, name: Token, label: ast.Text, until: ast.Expr | None,
               citation: ast.Citation, *steps: ast.Step) -> ast.Ladder:
        return ast.Ladder(self._name(name), label, until, citation, steps, self._span(meta))

    def step(self, meta: Any, code: Token, label: ast.Text, *rest: Any) -> ast.Step:
        *props, wait, anchor, until, citation = rest
        return ast.Step(self._name(code), label, tuple(props), wait, anchor, until, citation,
                        self._span(meta))

    def until(self, meta: Any, condition: ast.Expr) -> ast.Expr:
        return condition

    def after(self, meta: Any, *rest: Any) -> ast.After:
        kinds = tuple(self._name(t) for t in rest if isinstance(t, Token))
        label, until, citation, *follow_ups = rest[len(kinds):]
        return ast.After(kinds, label, until, citation, tuple(follow_ups), self._span(meta))

    def follow_up(self, meta: Any, code: Token, label: ast.Text, *rest: Any) -> ast.FollowUp:
        *props, within, citation = rest
        return ast.FollowUp(self._name(code), label, tuple(props), within, citation,
                            self._span(meta))

    def citation(self, meta: Any, *ids: Token) -> ast.Citation:
        return ast.Citation(tuple(self._name(i) for i in ids), self._span(meta))

    # expressions
    def if_then_else(self, meta: Any, c: ast.Expr, a: ast.Expr, b: ast.Expr) -> ast.Conditional:
        return ast.Conditional(c, a, b, self._span(meta))

    def or_(self, meta: Any, a: ast.Expr, b: ast.Expr) -> ast.Binary:
        return ast.Binary("or", a, b, self._span(meta), "or")

    def and_(self, meta: Any, a: ast.Expr, b: ast.Expr) -> ast.Binary:
        return ast.Binary("and", a, b, self._span(meta), "and")

    def not_(self, meta: Any, a: ast.Expr) -> ast.Unary:
        return ast.Unary("not", a, self._span(meta))

    def compare(self, meta: Any, a: ast.Expr, op: Token, b: ast.Expr) -> ast.Binary:
        return ast.Binary(str(op), a, b, self._span(meta), str(op))

    def is_(self, meta: Any, a: ast.Expr, b: ast.Expr) -> ast.Binary:
        return ast.Binary("==", a, b, self._span(meta), "is")

    def is_not(self, meta: Any, a: ast.Expr, b: ast.Expr) -> ast.Binary:
        return ast.Binary("!=", a, b, self._span(meta), "is not")

    def is_set(self, meta: Any, a: ast.Expr) -> ast.IsSet:
        return ast.IsSet(a, False, self._span(meta))

    def is_not_set(self, meta: Any, a: ast.Expr) -> ast.IsSet:
        return ast.IsSet(a, True, self._span(meta))

    def in_(self, meta: Any, a: ast.Expr, *options: ast.Expr) -> ast.Member:
        return ast.Member(a, options, False, self._span(meta))

    def not_in(self, meta: Any, a: ast.Expr, *options: ast.Expr) -> ast.Member:
        return ast.Member(a, options, True, self._span(meta))

    def coalesce(self, meta: Any, a: ast.Expr, b: ast.Expr) -> ast.Binary:
        return ast.Binary("??", a, b, self._span(meta), "??")

    def arith(self, meta: Any, a: ast.Expr, op: Token, b: ast.Expr) -> ast.Binary:
        return ast.Binary(str(op), a, b, self._span(meta), str(op))

    def multiply(self, meta: Any, a: ast.Expr, b: ast.Expr) -> ast.Binary:
        return ast.Binary("*", a, b, self._span(meta), "*")

    def divide(self, meta: Any, a: ast.Expr, b: ast.Expr) -> ast.Binary:
        return ast.Binary("/", a, b, self._span(meta), "/")

    def negate(self, meta: Any, a: ast.Expr) -> ast.Unary:
        return ast.Unary("-", a, self._span(meta))

    def name(self, meta: Any, token: Token) -> ast.Ref:
        return ast.Ref(str(token), self._tspan(token))

    def today(self, meta: Any) -> ast.Builtin:
        return ast.Builtin("today", self._span(meta))

    def status_ref(self, meta: Any, _keyword: Token) -> ast.Builtin:
        return ast.Builtin("status", self._span(meta))

    def stage_ref(self, meta: Any, _keyword: Token) -> ast.Builtin:
        return ast.Builtin("stage", self._span(meta))

    def deadline_ref(self, meta: Any) -> ast.Builtin:
        return ast.Builtin("deadline", self._span(meta))

    def previous_ref(self, meta: Any) -> ast.Builtin:
        return ast.Builtin("previous", self._span(meta))

    # recorded measures
    def event_kinds(self, meta: Any, *kinds: Token) -> tuple[tuple[ast.Name, ...], bool]:
        names = tuple(self._name(k) for k in kinds)
        grouped = self.source.text[meta.start_pos:meta.start_pos + 1] == "("
        return names, grouped

    def _query(self, function: str, meta: Any, kinds: tuple[tuple[ast.Name, ...], bool]
               ) -> ast.EventQuery:
        names, grouped = kinds
        return ast.EventQuery(function, names, False, self._span(meta), grouped)

    def event_count(self, meta: Any, kinds: tuple[tuple[ast.Name, ...], bool]
                    ) -> ast.EventQuery:
        return self._query("count", meta, kinds)

    def event_first(self, meta: Any, kinds: tuple[tuple[ast.Name, ...], bool]
                    ) -> ast.EventQuery:
        return self._query("first", meta, kinds)

    def event_last(self, meta: Any, kinds: tuple[tuple[ast.Name, ...], bool]
                   ) -> ast.EventQuery:
        return self._query("last", meta, kinds)

    def _taken(self, meta: Any, operand: ast.Expr, negated: bool) -> ast.EventQuery:
        if not isinstance(operand, ast.Ref):
            raise PolicyError.single(
                "syntax-error", "`is taken` follows the code of a measure", self._span(meta),
                "write e.g. `reminder_letter is taken`; join several with `or`",
            )
        kind = ast.Name(operand.name, operand.span)
        return ast.EventQuery("taken", (kind,), negated, self._span(meta))

    def is_taken(self, meta: Any, operand: ast.Expr) -> ast.EventQuery:
        return self._taken(meta, operand, False)

    def is_not_taken(self, meta: Any, operand: ast.Expr) -> ast.EventQuery:
        return self._taken(meta, operand, True)

    def call(self, meta: Any, function: Token, *args: ast.Expr | None) -> ast.Call:
        present = tuple(a for a in args if a is not None)
        return ast.Call(self._name(function), present, self._span(meta))

    # literals
    def integer(self, meta: Any, token: Token) -> ast.Literal:
        return ast.Literal(self._whole(meta, token), "integer", self._span(meta))

    def _whole(self, meta: Any, token: Token) -> int:
        """A whole number of at most :data:`MAX_DIGITS` digits (beyond, Python refuses to
        convert a number of thousands of digits, and no rule means one)."""
        digits = str(token)
        if len(digits) > MAX_DIGITS:
            raise PolicyError.single(
                "number-too-large", f"a number of {len(digits):,} digits: a whole number in a "
                f"rule has at most {MAX_DIGITS}", self._span(meta))
        return int(digits)

    def decimal(self, meta: Any, token: Token) -> ast.Literal:
        return ast.Literal(Decimal(str(token)), "decimal", self._span(meta))

    def money(self, meta: Any, token: Token) -> ast.Literal:
        return ast.Literal(Decimal(str(token)), "money", self._span(meta))

    def duration(self, meta: Any, amount: Token, unit: Token) -> ast.Literal:
        word = str(unit).rstrip("s")
        unit_ = _UNITS[word]
        value = self._whole(meta, amount)
        problem = too_long(value, unit_)
        if problem is not None:
            raise PolicyError.single("duration-too-long", problem, self._span(meta),
                                     "a deadline this far ahead cannot be counted")
        return ast.Literal(Duration(value, unit_), "duration", self._span(meta))

    def date(self, meta: Any, token: Token) -> ast.Literal:
        try:
            value = date.fromisoformat(str(token))
        except ValueError:
            raise PolicyError.single(
                "bad-date", f"`{token}` is not a calendar date", self._span(meta),
                "write dates as YYYY-MM-DD, e.g. 2024-02-29",
            ) from None
        return ast.Literal(value, "date", self._span(meta))

    def true(self, meta: Any) -> ast.Literal:
        return ast.Literal(True, "bool", self._span(meta))

    def false(self, meta: Any) -> ast.Literal:
        return ast.Literal(False, "bool", self._span(meta))

    def string(self, meta: Any, text: ast.Text) -> ast.Literal:
        return ast.Literal(text.value, "text", self._span(meta))

    def word(self, meta: Any, token: Token) -> ast.Literal:
        return ast.Literal(str(token), "word", self._span(meta))


def attrs_evolve_effective(value: ast.ParamValue, effective: ast.Literal | None) -> ast.ParamValue:
    """The parameter value with the date it is in force from."""
    return ast.ParamValue(effective, value.value, value.citation, value.assumed, value.span)
