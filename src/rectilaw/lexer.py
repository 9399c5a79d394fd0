"""A Pygments lexer for rule files (``.rules``), so rule code highlights in the docs.

Registered with Pygments as a plugin (the ``pygments.lexers`` entry point, so
``pygmentize -l rectilaw`` and any Pygments user find it) and with Sphinx by
:mod:`rectilaw.sphinx`.  It follows ``dsl/grammar.lark`` closely enough that a
valid rule file never produces an error token; it does not check anything.

It claims no file name: udev, auditd and others name their files ``*.rules``
too, and a claim on the extension would colour those as policies.  It is found
by name (``rectilaw``, or ``rules`` as Markdown and Sphinx code blocks say), by
its MIME type, or by content: Pygments' guessing takes it for a text that opens
a policy (``policy name {``) and has clauses.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pygments.lexer import RegexLexer, bygroups, include, words
from pygments.token import (
    Comment,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
)

__all__ = ["RulesLexer"]

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_CLAUSE = r"(?:[0-9]+|[a-z]+\.[0-9A-Za-z]+)(?:\.[0-9A-Za-z]+)*"
_SPACE = r"[ \t\f\r\n\u3000]+"
_END = r"(?![A-Za-z0-9_])"

_DECLARING = ("fact", "param", "let", "party")
_KEYWORDS = (
    "status", "stage", "first", "match", "when", "otherwise", "unless", "encoded", "assumed",
    "from", "rollover", "no", "with", "by", "target", "to", "level", "way", "due", "if", "then",
    "else", "facts", "clause", "deadline", "policy", "ladder", "step", "wait", "after", "within",
    "until", "previous", "count", "of", "last", "taken", "decided",
)
_OPERATOR_WORDS = ("and", "or", "not", "is", "set", "in")
_CONSTANTS = ("true", "false", "today")
_TYPES = ("bool", "date", "money", "integer", "text", "duration", "events", "enum")
_HEADER_KEYS = (
    "title_en", "title", "issuer", "number", "issued", "effective", "until", "version", "source",
    "rollover",
)
_UNITS = r"(?:days?|workdays?|months?|years?|yuan)"

#: A policy's header and a clause, as a rule file opens (comments may come first).
_POLICY_HEADER = re.compile(r"^policy[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*\{", re.M)
_CLAUSE_LINE = re.compile(r"^clause[ \t]+[0-9A-Za-z.]+[ \t]*\"", re.M)



def _groups(*kinds: Any) -> Any:
    """One token type per regex group (Pygments' ``bygroups``, typed)."""
    return bygroups(*kinds)  # type: ignore[no-untyped-call]


class RulesLexer(RegexLexer):
    """Rule files of rectilaw: policies of audit rectification (审计整改) as code."""

    name = "rectilaw"
    aliases: ClassVar[list[str]] = ["rectilaw", "rules"]
    filenames: ClassVar[list[str]] = []
    mimetypes: ClassVar[list[str]] = ["text/x-rectilaw"]
    url = "https://pypi.org/project/rectilaw/"

    @staticmethod
    def analyse_text(text: str) -> float:
        """How sure that ``text`` is a rule file: a policy header, and clauses after it."""
        if _POLICY_HEADER.search(text) is None:
            return 0.0
        return 0.9 if _CLAUSE_LINE.search(text) else 0.5

    tokens: ClassVar[dict[str, list[Any]]] = {
        "common": [
            (_SPACE, Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"(?:[^"\\\n]|\\.)*"', String.Double),
        ],
        "root": [
            include("common"),
            (rf"(not)({_SPACE})(encoded){_END}", _groups(Keyword, Whitespace, Keyword)),
            (rf"(policy)({_SPACE})({_NAME})", _groups(Keyword.Declaration, Whitespace,
                                                         Name.Namespace), "header"),
            (rf"(clause)({_SPACE})({_CLAUSE})", _groups(Keyword.Declaration, Whitespace,
                                                          Name.Label)),
            (rf"(deadline)({_SPACE})(?!(?:{'|'.join(_KEYWORDS)}){_END})({_NAME})(?={_SPACE}?\")",
             _groups(Keyword.Declaration, Whitespace, Name.Variable)),
            (rf"(party)({_SPACE})({_NAME})", _groups(Keyword.Declaration, Whitespace,
                                                       Name.Entity)),
            (rf"(action|step|ladder)({_SPACE})({_NAME})", _groups(Keyword.Declaration, Whitespace,
                                                        Name.Function)),
            (rf"({'|'.join(_DECLARING)})({_SPACE})({_NAME})",
             _groups(Keyword.Declaration, Whitespace, Name.Variable)),
            (rf"(by|target|to)({_SPACE})({_NAME})", _groups(Keyword, Whitespace, Name.Entity)),
            (r"\[", Punctuation, "citation"),
            (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", Literal.Date),
            (rf"([0-9]+(?:\.[0-9]+)?)({_SPACE})({_UNITS}){_END}",
             _groups(Number, Whitespace, Keyword.Type)),
            (r"[0-9]+\.[0-9]+", Number.Float),
            (r"[0-9]+", Number.Integer),
            (words(_TYPES, suffix=_END), Keyword.Type),
            (words(_CONSTANTS, suffix=_END), Keyword.Constant),
            (words(_OPERATOR_WORDS, suffix=_END), Operator.Word),
            (words(_KEYWORDS, suffix=_END), Keyword),
            (rf"{_NAME}(?=[ \t]*\()", Name.Builtin),
            (rf"{_NAME}(?={_SPACE}\")", Name.Constant),
            (_NAME, Name),
            (r"\?\?|==|!=|<=|>=|[<>+\-*/=]", Operator),
            (r"[{}(),:]", Punctuation),
        ],
        "header": [
            include("common"),
            (r"\{", Punctuation),
            (r"\}", Punctuation, "#pop"),
            (words(_HEADER_KEYS, suffix=_END), Name.Attribute),
            (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", Literal.Date),
            (_NAME, Name.Constant),
        ],
        "citation": [
            include("common"),
            (_CLAUSE, Name.Label),
            (r",", Punctuation),
            (r"\]", Punctuation, "#pop"),
        ],
    }

