"""Read one object literal out of a JavaScript file without running any JavaScript.

A small tokenizer walks the file (comments, strings, template strings, regular expressions,
numbers, names, punctuation) to find ``const NAME = {...}`` (``export`` and a Flow or
TypeScript type annotation allowed), then parses that literal as data: objects, arrays,
strings, numbers, ``true``/``false``/``null``, trailing commas. Anything that would need
running code — a variable, a call, a spread, ``${}`` in a template — is refused with its line.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

#: How deep a literal may nest.
MAX_DEPTH = 64


class JSProblem(Exception):
    """The file is not JavaScript ladder can read: the line and why."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


class Token(NamedTuple):
    kind: str  # "name", "string", "number", "punct", "template", "regex"
    value: Any
    line: int


_NAME = re.compile(r"[A-Za-z_$][\w$]*")
_NUMBER = re.compile(
    r"(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?)n?"
)
_PUNCT = re.compile(
    r"\?\?=|\?\.|\.\.\.|===|!==|\*\*=|<<=|>>>=|>>=|=>|==|!=|<=|>=|&&|\|\||\?\?|\+\+|--|[-+*/%&|^]=|<<|>>>|>>|\{\||\|\}|[{}()\[\];,<>+\-*/%&|^!~?:=.@#]"
)
#: After these, ``/`` starts a regular expression rather than a division.
# fmt: off
_REGEX_AFTER = frozenset({
    *"(,=:[!&|?{};+-*%<>~^", "", "=>", "==", "===", "!=", "!==", "&&", "||", "??",
    "return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw",
})
# fmt: on
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def tokens(text: str) -> list[Token]:
    """The tokens of ``text``.

    Raises:
        JSProblem: An unterminated string, comment or template, or a character JavaScript
            does not have.
    """
    out: list[Token] = []
    i, line, n = 0, 1, len(text)
    prev = ""  # the last token, as far as telling a regular expression from a division goes
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
            continue
        if c in " \t\r\f\v\u00a0\ufeff\u2028\u2029":
            i += 1
            continue
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise JSProblem(line, "a /* comment is never closed")
            line += text.count("\n", i, end)
            i = end + 2
            continue
        start_line = line
        if c in "\"'":
            value, i, line = _string(text, i, line)
            out.append(Token("string", value, start_line))
            prev = "string"
            continue
        if c == "`":
            body, i, line = _template(text, i, line)
            out.append(Token("template", body, start_line))  # None: it has ${…}
            prev = "template"
            continue
        if c == "/" and prev in _REGEX_AFTER:
            i, line = _regex(text, i, line)
            out.append(Token("regex", None, start_line))
            prev = "regex"
            continue
        if c in "[],}" or (c == "{" and text[i + 1 : i + 2] != "|"):  # most of a literal
            out.append(Token("punct", c, line))
            prev = c if c in _REGEX_AFTER else "punct"
            i += 1
            continue
        m = _NAME.match(text, i)
        if m:
            out.append(Token("name", m.group(), line))
            prev = m.group() if m.group() in _REGEX_AFTER else "name"
            i = m.end()
            continue
        m = (
            _NUMBER.match(text, i)
            if c.isdigit() or (c == "." and text[i + 1 : i + 2].isdigit())
            else None
        )
        if m:
            out.append(Token("number", m.group(), line))
            prev = "number"
            i = m.end()
            continue
        m = _PUNCT.match(text, i)
        if m:
            out.append(Token("punct", m.group(), line))
            prev = m.group() if m.group() in _REGEX_AFTER else "punct"
            i = m.end()
            continue
        raise JSProblem(line, f"{c!r} is not JavaScript here")
    return out


def _string(text: str, i: int, line: int) -> tuple[str, int, int]:
    quote, start_line = text[i], line
    i += 1
    parts: list[str] = []
    n = len(text)
    while i < n:
        c = text[i]
        if c == quote:
            return "".join(parts), i + 1, line
        if c == "\n":
            raise JSProblem(start_line, f"a string opened with {quote} is not closed on its line")
        if c == "\\":
            esc, i, line = _escape(text, i, line)
            parts.append(esc)
            continue
        parts.append(c)
        i += 1
    raise JSProblem(start_line, f"a string opened with {quote} is never closed")


def _escape(text: str, i: int, line: int) -> tuple[str, int, int]:
    nxt = text[i + 1 : i + 2]
    if nxt == "\n":
        return "", i + 2, line + 1
    if nxt == "u":
        if text[i + 2 : i + 3] == "{":
            end = text.find("}", i + 3)
            digits = text[i + 3 : end] if end > 0 else ""
            after = end + 1
        else:
            digits, after = text[i + 2 : i + 6], i + 6
        if not re.fullmatch(r"[0-9a-fA-F]{1,6}", digits) or int(digits, 16) > 0x10FFFF:
            raise JSProblem(line, "a \\u escape needs hexadecimal digits")
        code = int(digits, 16)
        if 0xD800 <= code <= 0xDFFF:
            raise JSProblem(line, f"\\u{digits} is half of a surrogate pair, not a character")
        return chr(code), after, line
    if nxt == "x":
        digits = text[i + 2 : i + 4]
        if not re.fullmatch(r"[0-9a-fA-F]{2}", digits):
            raise JSProblem(line, "a \\x escape needs two hexadecimal digits")
        return chr(int(digits, 16)), i + 4, line
    if nxt == "":
        raise JSProblem(line, "the file ends inside a string")
    return _ESCAPES.get(nxt, nxt), i + 2, line


def _template(text: str, i: int, line: int) -> tuple[str | None, int, int]:
    """A template string: its text, or None when it has ``${}`` substitutions."""
    start_line = line
    i += 1
    parts: list[str] = []
    plain = True
    depth = 0
    n = len(text)
    while i < n:
        c = text[i]
        if depth == 0 and c == "`":
            return ("".join(parts) if plain else None), i + 1, line
        if c == "\n":
            line += 1
        if c == "\\":
            esc, i, line = _escape(text, i, line)
            parts.append(esc)
            continue
        if depth == 0 and text.startswith("${", i):
            plain = False
            depth = 1
            i += 2
            continue
        if depth:
            depth += {"{": 1, "}": -1}.get(c, 0)
        else:
            parts.append(c)
        i += 1
    raise JSProblem(start_line, "a template string (`) is never closed")


def _regex(text: str, i: int, line: int) -> tuple[int, int]:
    start_line = line
    i += 1
    in_class = False
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            raise JSProblem(start_line, "a regular expression (/…/) is not closed on its line")
        if c == "\\":
            i += 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        elif c == "/" and not in_class:
            i += 1
            while i < n and (text[i].isalnum() or text[i] == "_"):
                i += 1
            return i, line
        i += 1
    raise JSProblem(start_line, "a regular expression (/…/) is never closed")


def find_literal(text: str, name: str) -> tuple[Any, int]:
    """The value of ``const NAME = <literal>`` (or ``let``/``var``) and the line it starts on.

    Raises:
        JSProblem: The file is not JavaScript ladder can read, has no such declaration, or the
            value is not a plain literal.
    """
    toks = tokens(text)
    for k, tok in enumerate(toks):
        if not (tok.kind == "name" and tok.value == name and k > 0):
            continue
        before = toks[k - 1]
        if not (before.kind == "name" and before.value in ("const", "let", "var")):
            continue
        j = k + 1
        if j < len(toks) and toks[j].value == ":" and toks[j].kind == "punct":  # a type annotation
            depth = 0
            j += 1
            while j < len(toks) and not (
                depth == 0 and toks[j].value == "=" and toks[j].kind == "punct"
            ):
                if toks[j].kind == "punct" and toks[j].value in ("{", "[", "(", "<", "{|"):
                    depth += 1
                elif toks[j].kind == "punct" and toks[j].value in ("}", "]", ")", ">", "|}"):
                    depth -= 1
                j += 1
        if j >= len(toks) or toks[j].value != "=":
            continue
        parser = _Parser(toks, j + 1)
        value = parser.value(0)
        return value, toks[j].line
    raise JSProblem(1, f"no `const {name} = …` in this file")


class _Parser:
    def __init__(self, toks: list[Token], pos: int) -> None:
        self.toks = toks
        self.pos = pos

    def peek(self) -> Token:
        if self.pos >= len(self.toks):
            last = self.toks[-1].line if self.toks else 1
            raise JSProblem(last, "the file ends inside the literal")
        return self.toks[self.pos]

    def take(self, value: str) -> None:
        tok = self.peek()
        if tok.kind != "punct" or tok.value != value:
            raise JSProblem(tok.line, f"expected {value!r}, found {_show(tok)}")
        self.pos += 1

    def value(self, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise JSProblem(self.peek().line, f"nested more than {MAX_DEPTH} levels deep")
        tok = self.peek()
        if tok.kind == "punct" and tok.value == "{":
            return self.obj(depth)
        if tok.kind == "punct" and tok.value == "[":
            return self.arr(depth)
        self.pos += 1
        if tok.kind == "string":
            return tok.value
        if tok.kind == "template":
            if tok.value is None:
                raise JSProblem(tok.line, "a template string with ${…} needs running code; refused")
            return tok.value
        if tok.kind == "number":
            return _number(tok)
        if tok.kind == "punct" and tok.value == "-" and self.peek().kind == "number":
            return -_number(self.toks[self._next()])
        if tok.kind == "name" and tok.value in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[tok.value]
        raise JSProblem(
            tok.line, f"{_show(tok)} is not a literal value (only data is read, no code is run)"
        )

    def _next(self) -> int:
        self.pos += 1
        return self.pos - 1

    def obj(self, depth: int) -> dict[str, Any]:
        self.take("{")
        out: dict[str, Any] = {}
        while True:
            tok = self.peek()
            if tok.kind == "punct" and tok.value == "}":
                self.pos += 1
                return out
            if tok.kind in ("string", "name", "number"):
                key = str(tok.value)
            elif tok.kind == "template" and tok.value is not None:
                key = tok.value
            else:
                raise JSProblem(tok.line, f"expected a key, found {_show(tok)}")
            self.pos += 1
            if key in out:
                raise JSProblem(tok.line, f"key {key!r} repeats in one object")
            self.take(":")
            out[key] = self.value(depth + 1)
            tok = self.peek()
            if tok.kind == "punct" and tok.value == ",":
                self.pos += 1
            elif not (tok.kind == "punct" and tok.value == "}"):
                raise JSProblem(tok.line, f"expected ',' or '}}', found {_show(tok)}")

    def arr(self, depth: int) -> list[Any]:
        self.take("[")
        out: list[Any] = []
        while True:
            tok = self.peek()
            if tok.kind == "punct" and tok.value == "]":
                self.pos += 1
                return out
            out.append(self.value(depth + 1))
            tok = self.peek()
            if tok.kind == "punct" and tok.value == ",":
                self.pos += 1
            elif not (tok.kind == "punct" and tok.value == "]"):
                raise JSProblem(tok.line, f"expected ',' or ']', found {_show(tok)}")


def _number(tok: Token) -> float | int:
    raw = str(tok.value).replace("_", "").rstrip("n")
    try:
        if raw[:2].lower() in ("0x", "0o", "0b"):
            return int(raw, 0)
        f = float(raw)
    except ValueError:
        raise JSProblem(tok.line, f"{tok.value!r} is not a number") from None
    return int(f) if f.is_integer() and "." not in raw and "e" not in raw.lower() else f


def _show(tok: Token) -> str:
    if tok.kind in ("string", "template"):
        return "a string"
    if tok.kind == "regex":
        return "a regular expression"
    return f"`{str(tok.value)[:40]}`"
