"""What may be typed at the cursor: names from the policy, the shared schema and vocabulary.

The context is read from the text before the cursor, not from the syntax
tree: while a line is being typed the file rarely parses.  The names the
policy declares come from the index of the text as it last parsed, or, for a
text that has not parsed since it was opened, from its declaring lines.

- inside ``[…]``: the clause ids, with their titles;
- after ``by``, ``target`` and ``to``: the parties;
- after ``facts`` and ``fact``: the fields of the shared schema not yet declared;
- after ``action`` and ``step``: the action codes of the shared vocabulary;
- after ``count of``, ``first``, ``last`` and ``after``: the action codes a
  finding may record (the vocabulary's and the policy's own);
- after ``status is`` (``in (``, ``is not``) and the same for ``stage``: the outcomes;
- anywhere else in an expression: the facts, parameters and definitions of the
  policy, then the fields of the schema it has not declared, then the words of
  expressions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from rectilaw.dsl import ast
from rectilaw.lsp import adapter
from rectilaw.lsp.symbols import DEADLINE, Index, Symbol

__all__ = ["Candidate", "Declared", "complete"]


@attrs.frozen
class Candidate:
    """One completion: the text, what kind of name it is, a one-line detail, its rank."""

    label: str
    kind: str
    detail: str
    rank: int = 0


@attrs.frozen
class Declared:
    """The names a policy declares, by kind, each with its label (or ``""``).

    ``outcomes`` are keyed by ``status`` and ``stage``.  Built from the index of
    the text as it last parsed, or, for a text that has never parsed, read off
    the lines that declare them (:meth:`scan`).
    """

    names: Mapping[str, Mapping[str, str]]
    outcomes: Mapping[str, Mapping[str, str]]

    def of(self, kind: str) -> Mapping[str, str]:
        return self.names.get(kind, {})

    @classmethod
    def from_index(cls, index: Index) -> Declared:
        names: dict[str, dict[str, str]] = {}
        for symbol in index.symbols:
            if symbol.declares:
                names.setdefault(symbol.kind, {}).setdefault(symbol.name, _label(symbol))
        outcomes: dict[str, dict[str, str]] = {}
        for decision in index.tree.declarations:
            if isinstance(decision, ast.Decision):
                for outcome in decision.outcomes:
                    outcomes.setdefault(decision.kind, {})[outcome.name.value] = \
                        outcome.label.value
        return cls(names, outcomes)

    @classmethod
    def scan(cls, text: str) -> Declared:
        """The declarations of a text that does not parse, read line by line."""
        names: dict[str, dict[str, str]] = {}
        for line in text.splitlines():
            found = _DECLARING.match(_STRING.sub('""', line))
            if found is None:
                continue
            keyword, rest = found.group(1), found.group(2)
            kind = _DECLARED_KIND[keyword]
            for name in (rest.split(",") if keyword == "facts" else [rest]):
                word = name.strip().split(" ")[0].rstrip(":")
                if _is_name(word) or (kind == "clause" and word):
                    spec = adapter.FIELDS.get(word)
                    names.setdefault(kind, {}).setdefault(word, spec.label if spec else "")
        return cls(names, {})


def _label(symbol: Symbol) -> str:
    node = symbol.node
    if symbol.kind == "clause":
        title = getattr(node, "title", None)
        return title.value if isinstance(title, ast.Text) else ""
    label = getattr(node, "label", None)
    if isinstance(label, ast.Text):
        return label.value
    spec = adapter.FIELDS.get(symbol.name) if symbol.kind == "fact" else None
    return spec.label if spec is not None else ""


_DECLARING = re.compile(
    r"^\s*(facts|fact|param|let|deadline|party|clause|action|step)\s+([^=\"\[{]*)")
_DECLARED_KIND = {"facts": "fact", "fact": "fact", "param": "param", "let": "definition",
                  "deadline": "definition", "party": "party", "clause": "clause",
                  "action": "action", "step": "action"}

_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_COMMENT = re.compile(r"#[^\n]*")
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9A-Za-z_.]*|\S")
_PREFIX = re.compile(r"[A-Za-z0-9_.]*$")
_OUTCOME_CONTEXT = re.compile(
    r"\b(status|stage)\s+(?:is(?:\s+not)?|(?:not\s+)?in\s*\([^)]*)\s*$")

#: Words of expressions offered after the names.
_EXPRESSION_WORDS = ("today", "status", "stage", "deadline", "not", "and", "or", "is", "set",
                     "in", "if", "then", "else", "true", "false", "count", "first", "last",
                     "taken")

_NAMING = frozenset({"clause", "party", "param", "let", "deadline", "policy", "ladder"})
_EVENT_WORDS = frozenset({"of", "first", "last", "after"})


def _code_before(text: str) -> str | None:
    """The text before the cursor without its comments and strings; None inside a string."""
    lines = text.split("\n")
    current = lines[-1]
    closed = _STRING.sub('""', current)
    if closed.count('"') % 2:
        return None
    if "#" in _STRING.sub("", current):
        return None
    head = "\n".join(lines[:-1])
    return _COMMENT.sub("", _STRING.sub('""', head)) + "\n" + closed


def complete(before: str, declared: Declared) -> list[Candidate]:
    """The completions for a cursor after ``before`` (the document's text up to it)."""
    code = _code_before(before)
    if code is None:
        return []
    prefix = _PREFIX.search(code)
    typed = prefix.group(0) if prefix else ""
    rest = code[: len(code) - len(typed)]
    if rest.rfind("[") > rest.rfind("]"):
        return _named(declared, "clause", "clause")
    tokens = _TOKEN.findall(rest[-400:])
    previous = _leading_word(tokens)
    if previous in ("by", "target", "to"):
        return _named(declared, "party", "party")
    if previous in ("facts", "fact"):
        return _schema_facts(declared)
    if previous in ("action", "step"):
        return _vocabulary()
    if previous in _EVENT_WORDS:
        return _recorded(declared)
    if previous in _NAMING:
        return []
    outcome = _OUTCOME_CONTEXT.search(rest[-200:])
    if outcome is not None:
        return _outcomes(declared, outcome.group(1))
    return _expression(declared)


def _leading_word(tokens: list[str]) -> str | None:
    """The word that governs the list being typed: ``to a, b, |`` gives ``to``.

    Names and commas are stepped over while they alternate, so the word before a
    comma-separated list is found; an opening parenthesis is stepped over once
    (``count of (a, |``).
    """
    position = len(tokens) - 1
    if position >= 0 and tokens[position] == ",":
        while position >= 1 and tokens[position] == "," and _is_name(tokens[position - 1]):
            position -= 2
        if position >= 0 and tokens[position] == "(":
            position -= 1
    elif position >= 0 and tokens[position] == "(":
        position -= 1
    return tokens[position] if position >= 0 else None


def _is_name(token: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", token))


def _named(declared: Declared, kind: str, fallback: str) -> list[Candidate]:
    return [Candidate(name, kind, label or fallback, rank)
            for rank, (name, label) in enumerate(declared.of(kind).items())]


def _schema_facts(declared: Declared) -> list[Candidate]:
    own = declared.of("fact")
    return [Candidate(name, "fact", f"{spec.label} ({spec.type})", rank)
            for rank, (name, spec) in enumerate(adapter.FIELDS.items()) if name not in own]


def _vocabulary() -> list[Candidate]:
    return [Candidate(code, "action", f"{label} (shared vocabulary)", rank)
            for rank, (code, label) in enumerate(adapter.ACTIONS.items())]


def _recorded(declared: Declared) -> list[Candidate]:
    own = declared.of("action")
    first = [Candidate(code, "action", f"{label} (this policy's action)", rank)
             for rank, (code, label) in enumerate(own.items())]
    return first + [attrs.evolve(c, rank=c.rank + len(own)) for c in _vocabulary()
                    if c.label not in own]


def _outcomes(declared: Declared, kind: str) -> list[Candidate]:
    return [Candidate(code, "outcome", f"{kind}: {label}", rank)
            for rank, (code, label) in enumerate(declared.outcomes.get(kind, {}).items())]


def _expression(declared: Declared) -> list[Candidate]:
    out: list[Candidate] = []
    for kind in ("fact", "param", "definition"):
        for name, label in declared.of(kind).items():
            if name != DEADLINE:
                out.append(Candidate(name, kind, f"{label} ({kind})" if label else kind,
                                     len(out)))
    own = declared.of("fact")
    for name, spec in adapter.FIELDS.items():
        if name not in own:
            out.append(Candidate(name, "fact", f"{spec.label} ({spec.type}; shared schema, "
                                 f"not yet declared: add it to a `facts` line)", 1000 + len(out)))
    out.extend(Candidate(word, "keyword", "", 2000 + n) for n, word in
               enumerate(_EXPRESSION_WORDS))
    return out
