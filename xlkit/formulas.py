"""Pure evaluation of the simple formulas these forms use (F03/F04).

SUM, + - * / ^ &, unary minus, %, comparisons, IF, IFERROR, ROUND, MIN, MAX, OR, AND, NOT,
ABS, AVERAGE, cell refs and ranges on the form's own sheet. Written independently of the
fill engine's evaluator on purpose: F04 checks cached values, and checking a writer with
its own arithmetic would prove nothing. Anything else raises Unsupported, and the caller
then says nothing rather than guess.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Callable

from .model import col_letter, parse_ref

ERRORS = ("#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#N/A", "#NUM!", "#NULL!")


class XlError(str):
    """An Excel error value; it propagates through arithmetic like in Excel."""


class Unsupported(Exception):
    """The formula uses something this evaluator does not know."""


_TOKEN = re.compile(
    r"""\s*(?:
      (?P<str>"(?:[^"]|"")*")
    | (?P<err>\#(?:DIV/0!|REF!|VALUE!|NAME\?|N/A|NUM!|NULL!))
    | (?P<sheetref>(?:'(?:[^']|'')+'|[^\s'!(),:;+\-*/^&=<>"]+)!\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)
    | (?P<ref>\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)(?![\w(])
    | (?P<func>[A-Za-z_][A-Za-z0-9._]*)\s*\(
    | (?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<bool>TRUE|FALSE)(?![\w(])
    | (?P<op><>|<=|>=|[-+*/^&=<>(),%])
    )""", re.VERBOSE | re.IGNORECASE)


def tokenize(formula: str) -> list[tuple[str, str]]:
    s = formula.strip()
    if s.startswith("="):
        s = s[1:]
    out, pos = [], 0
    while pos < len(s):
        if s[pos:].strip() == "":
            break
        m = _TOKEN.match(s, pos)
        if not m or m.end() == pos:
            raise Unsupported(f"cannot read formula at {s[pos:pos + 10]!r}")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


@dataclass(frozen=True)
class Ref:
    """A cell or a range on the form's sheet ('A1' or 'A1:B3'); sheet None = same sheet."""

    first: str
    last: str | None = None
    sheet: str | None = None

    def cells(self) -> list[str]:
        r1, c1 = parse_ref(self.first)
        if self.last is None:
            return [f"{col_letter(c1)}{r1}"]
        r2, c2 = parse_ref(self.last)
        return [f"{col_letter(c)}{r}" for r in range(min(r1, r2), max(r1, r2) + 1)
                for c in range(min(c1, c2), max(c1, c2) + 1)]


def _ref(text: str, sheet: str | None = None) -> Ref:
    text = text.replace("$", "").upper()
    if ":" in text:
        a, b = text.split(":")
        return Ref(a, b, sheet)
    return Ref(text, None, sheet)


# AST: ("num", x) ("str", s) ("bool", b) ("err", e) ("ref", Ref) ("call", NAME, [args])
#      ("bin", op, a, b) ("neg", a) ("pct", a)
class _Parser:
    def __init__(self, tokens):
        self.t = tokens
        self.i = 0

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else (None, None)

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def expect(self, op):
        kind, val = self.take()
        if val != op:
            raise Unsupported(f"expected {op!r}")

    def parse(self):
        node = self.comparison()
        if self.i != len(self.t):
            raise Unsupported("trailing tokens")
        return node

    def comparison(self):
        node = self.concat()
        while self.peek()[1] in ("=", "<>", "<", ">", "<=", ">="):
            op = self.take()[1]
            node = ("bin", op, node, self.concat())
        return node

    def concat(self):
        node = self.additive()
        while self.peek()[1] == "&":
            self.take()
            node = ("bin", "&", node, self.additive())
        return node

    def additive(self):
        node = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            node = ("bin", op, node, self.term())
        return node

    def term(self):
        node = self.power()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            node = ("bin", op, node, self.power())
        return node

    def power(self):
        # Excel binds unary minus tighter than ^: =-2^2 is 4
        node = self.unary()
        while self.peek()[1] == "^":
            self.take()
            node = ("bin", "^", node, self.unary())
        return node

    def unary(self):
        if self.peek()[1] in ("-", "+"):
            op = self.take()[1]
            inner = self.unary()
            return ("neg", inner) if op == "-" else inner
        return self.postfix()

    def postfix(self):
        node = self.primary()
        while self.peek()[1] == "%":
            self.take()
            node = ("pct", node)
        return node

    def primary(self):
        kind, val = self.take()
        if kind == "num":
            return ("num", float(val))
        if kind == "str":
            return ("str", val[1:-1].replace('""', '"'))
        if kind == "bool":
            return ("bool", val.upper() == "TRUE")
        if kind == "err":
            return ("err", XlError(val.upper()))
        if kind == "ref":
            return ("ref", _ref(val))
        if kind == "sheetref":
            sheet, _, cells = val.rpartition("!")
            if sheet.startswith("'"):
                sheet = sheet[1:-1].replace("''", "'")
            return ("ref", _ref(cells, sheet))
        if kind == "func":
            name = val.upper().replace("_XLFN.", "")
            args = []
            if self.peek()[1] != ")":
                while True:
                    args.append(self.comparison())
                    if self.peek()[1] == ",":
                        self.take()
                        continue
                    break
            self.expect(")")
            return ("call", name, args)
        if val == "(":
            node = self.comparison()
            self.expect(")")
            return node
        raise Unsupported(f"unexpected token {val!r}")


def parse(formula: str):
    return _Parser(tokenize(formula)).parse()


def references(formula: str) -> list[Ref]:
    """Every cell/range a formula refers to, in order (duplicates kept: F03 counts them)."""
    out: list[Ref] = []

    def walk(node):
        tag = node[0]
        if tag == "ref":
            out.append(node[1])
        elif tag == "call":
            for a in node[2]:
                walk(a)
        elif tag == "bin":
            walk(node[2])
            walk(node[3])
        elif tag in ("neg", "pct"):
            walk(node[1])

    walk(parse(formula))
    return out


def sum_arguments(formula: str) -> list[Ref] | None:
    """The refs added up by a total formula: SUM(...) args and + terms; None for other shapes."""
    node = parse(formula)
    out: list[Ref] = []

    def walk(n) -> bool:
        if n[0] == "ref":
            out.append(n[1])
            return True
        if n[0] == "call" and n[1] == "SUM":
            return all(walk(a) for a in n[2])
        if n[0] == "bin" and n[1] == "+":
            return walk(n[2]) and walk(n[3])
        if n[0] == "num":
            return True
        return False

    return out if walk(node) else None


# --- evaluation ----------------------------------------------------------------------

Lookup = Callable[[str], Any]  # cell ('H14') -> cached value (float, str, bool, XlError, None)


def _num(v: Any) -> float | XlError:
    if isinstance(v, XlError):
        return v
    if v is None:
        return 0.0  # a blank cell is 0 in arithmetic; the empty text "" is not (#VALUE!, as Excel)
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(str(v).strip())
    except ValueError:
        return XlError("#VALUE!")


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _truth(v: Any) -> bool | XlError:
    if isinstance(v, XlError):
        return v
    if isinstance(v, str):
        u = v.strip().upper()
        if u in ("TRUE", "FALSE"):
            return u == "TRUE"
        return XlError("#VALUE!")
    n = _num(v)
    return n if isinstance(n, XlError) else n != 0


def _single(v: Any) -> Any:
    """A one-cell range used where a value is expected."""
    if isinstance(v, list):
        if len(v) != 1:
            raise Unsupported("range used as a single value")
        return v[0]
    return v


def _range_values(v: Any) -> list:
    return v if isinstance(v, list) else [v]


def _numbers_for_agg(args: list) -> list[float] | XlError:
    """SUM/MIN/MAX semantics: numbers in ranges count, text and blanks in ranges are skipped."""
    out = []
    for a in args:
        if isinstance(a, list):
            for x in a:
                if isinstance(x, XlError):
                    return x
                if isinstance(x, (int, float)) and not isinstance(x, bool):
                    out.append(float(x))
        else:
            n = _num(a)
            if isinstance(n, XlError):
                return n
            out.append(n)
    return out


def _round(x: float, digits: int) -> float:
    # Excel rounds half away from zero; Python's round() is banker's rounding.
    q = 10 ** digits
    return math.copysign(math.floor(abs(x) * q + 0.5 + 1e-9) / q, x)


def _compare(op: str, a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        a = "" if a is None else str(a).upper() if isinstance(a, str) else a
        b = "" if b is None else str(b).upper() if isinstance(b, str) else b
        if isinstance(a, str) != isinstance(b, str):
            # Excel: any text is greater than any number
            a, b = (1, 0) if isinstance(a, str) else (0, 1)
    else:
        a, b = _num(a), _num(b)
    return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


class Evaluator:
    def __init__(self, lookup: Lookup, sheet: str | None = None):
        self.lookup = lookup
        self.sheet = sheet

    def value(self, node) -> Any:
        tag = node[0]
        if tag in ("num", "str", "bool", "err"):
            return node[1]
        if tag == "ref":
            ref: Ref = node[1]
            if ref.sheet is not None and ref.sheet != self.sheet:
                raise Unsupported("reference to another sheet")
            vals = [self.lookup(c) for c in ref.cells()]
            return vals if ref.last is not None else vals[0]
        if tag == "neg":
            n = _num(self.scalar(node[1]))
            return n if isinstance(n, XlError) else -n
        if tag == "pct":
            n = _num(self.scalar(node[1]))
            return n if isinstance(n, XlError) else n / 100
        if tag == "bin":
            return self.binary(node[1], node[2], node[3])
        if tag == "call":
            return self.call(node[1], node[2])
        raise Unsupported(tag)

    def _as_range(self, node) -> list:
        v = self.value(node)
        return v if isinstance(v, list) else [v]

    def scalar(self, node) -> Any:
        v = self.value(node)
        if isinstance(v, list):
            raise Unsupported("range used as a single value")
        return v

    def binary(self, op, left, right) -> Any:
        a, b = self.scalar(left), self.scalar(right)
        for x in (a, b):
            if isinstance(x, XlError):
                return x
        if op == "&":
            return _text(a) + _text(b)
        if op in ("=", "<>", "<", ">", "<=", ">="):
            return _compare(op, a, b)
        x, y = _num(a), _num(b)
        for n in (x, y):
            if isinstance(n, XlError):
                return n
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        if op == "/":
            return XlError("#DIV/0!") if y == 0 else x / y
        if op == "^":
            return x ** y
        raise Unsupported(op)

    def call(self, name: str, args) -> Any:
        if name == "IF":
            cond = _truth(self.scalar(args[0]))
            if isinstance(cond, XlError):
                return cond
            if cond:
                return self.scalar(args[1]) if len(args) > 1 else True
            return self.scalar(args[2]) if len(args) > 2 else False
        if name == "IFERROR":
            v = self.scalar(args[0])
            return self.scalar(args[1]) if isinstance(v, XlError) else v
        # A referenced cell counts like a one-cell range (its text is skipped by SUM/MIN/MAX),
        # while a literal text argument is an error — Excel's rule.
        vals = [self._as_range(a) if a[0] == "ref" else self.value(a) for a in args]
        if name in ("SUM", "MIN", "MAX", "AVERAGE"):
            nums = _numbers_for_agg(vals)
            if isinstance(nums, XlError):
                return nums
            if name == "SUM":
                return sum(nums)
            if not nums:
                return XlError("#DIV/0!") if name == "AVERAGE" else 0.0
            return {"MIN": min, "MAX": max}.get(name, lambda n: sum(n) / len(n))(nums)
        if name in ("AND", "OR"):
            flags = []
            for v in vals:
                for x in _range_values(v):
                    if x is None or (isinstance(x, str) and isinstance(v, list)):
                        continue
                    t = _truth(x)
                    if isinstance(t, XlError):
                        return t
                    flags.append(t)
            return all(flags) if name == "AND" else any(flags)
        if name == "NOT":
            t = _truth(_single(vals[0]))
            return t if isinstance(t, XlError) else not t
        if name in ("ROUND", "ABS"):
            vals = [_single(v) for v in vals]
            x = _num(vals[0])
            if isinstance(x, XlError):
                return x
            if name == "ABS":
                return abs(x)
            d = _num(vals[1]) if len(vals) > 1 else 0.0
            return d if isinstance(d, XlError) else _round(x, int(d))
        raise Unsupported(f"function {name}")


def evaluate(formula: str, lookup: Lookup, sheet: str | None = None) -> Any:
    """Value of a formula given cached cell values. Raises Unsupported when unsure."""
    return Evaluator(lookup, sheet).scalar(parse(formula))


def same_value(a: Any, b: Any) -> bool:
    """Cached vs computed: numbers within rounding, text and errors exactly."""
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b) if isinstance(a, bool) and isinstance(b, bool) else _num(a) == _num(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if a in (None, "") and b in (None, ""):
        return True
    if isinstance(a, (int, float)) and b in (None, ""):
        return a == 0 and b is None
    return str(a) == str(b)
