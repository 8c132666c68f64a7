"""A tiny Excel formula evaluator for the formulas a form template uses.

Only what these forms need: numbers, "strings", cell refs and ranges on the same sheet,
+ - * / ^ & unary minus, comparisons, %, and IF OR AND NOT SUM MIN MAX ROUND ABS N AVERAGE.
Used by the fill engine to store cached values (openpyxl cannot), so readers that do not
recalculate see the results. Anything else evaluates to None (no cached value) rather
than guessing.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from .model import parse_ref

_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"]|"")*")'
    r"|(?P<ref>\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)(?![\w(])"
    r"|(?P<func>[A-Za-z][A-Za-z0-9.]*)\s*\("
    r"|(?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)"
    r"|(?P<bool>TRUE|FALSE)(?![\w(])"
    r"|(?P<op><>|<=|>=|[-+*/^&=<>(),%]))"
)


class XlError(str):
    """An Excel error value such as #DIV/0! (stored as t="e")."""


class Unsupported(Exception):
    pass


class _Range(list):
    pass


def tokenize(formula: str) -> list[tuple[str, str]]:
    s = formula[1:] if formula.startswith("=") else formula
    pos, out = 0, []
    while pos < len(s):
        if s[pos:].strip() == "":
            break
        m = _TOKEN.match(s, pos)
        if not m or m.end() == pos:
            raise Unsupported(s[pos:])
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class Evaluator:
    """Evaluate formulas of one sheet. get(row, col) returns a cell's value or formula
    text (a str starting with "=" and flagged by is_formula)."""

    def __init__(self, get: Callable[[int, int], Any], is_formula: Callable[[int, int], bool]):
        self._get, self._is_formula = get, is_formula
        self._memo: dict[tuple[int, int], Any] = {}
        self._busy: set[tuple[int, int]] = set()

    def cell(self, row: int, col: int) -> Any:
        key = (row, col)
        if key in self._memo:
            return self._memo[key]
        if not self._is_formula(row, col):
            return self._get(row, col)
        if key in self._busy:
            return XlError("#REF!")  # circular reference
        self._busy.add(key)
        try:
            value = self.formula(self._get(row, col))
        finally:
            self._busy.discard(key)
        self._memo[key] = value
        return value

    def formula(self, text: str) -> Any:
        """The value of a formula, or None when it uses something this evaluator lacks."""
        try:
            p = _Parser(tokenize(text), self)
            v = p.expr()
            if p.i != len(p.toks):
                return None
        except (Unsupported, IndexError, ValueError, OverflowError):
            return None
        return v.pop() if isinstance(v, _Range) and len(v) == 1 else (None if isinstance(v, _Range) else v)


class _Parser:
    def __init__(self, toks, ev: Evaluator):
        self.toks, self.i, self.ev = toks, 0, ev

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self, value=None):
        t = self.toks[self.i]
        if value is not None and t[1] != value:
            raise Unsupported(t[1])
        self.i += 1
        return t

    def expr(self):
        left = self.concat()
        while self.peek()[1] in ("=", "<>", "<", ">", "<=", ">="):
            op = self.take()[1]
            left = _compare(op, _scalar(left), _scalar(self.concat()))
        return left

    def concat(self):
        left = self.additive()
        while self.peek()[1] == "&":
            self.take()
            a, b = _scalar(left), _scalar(self.additive())
            left = a if isinstance(a, XlError) else b if isinstance(b, XlError) else _text(a) + _text(b)
        return left

    def additive(self):
        left = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            left = _arith(op, left, self.term())
        return left

    def term(self):
        left = self.power()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            left = _arith(op, left, self.power())
        return left

    def power(self):
        left = self.unary()
        while self.peek()[1] == "^":
            self.take()
            left = _arith("^", left, self.unary())
        return left

    def unary(self):
        if self.peek()[1] in ("-", "+"):
            op = self.take()[1]
            v = self.unary()
            return _arith("*", v, -1.0) if op == "-" else v
        v = self.primary()
        while self.peek()[1] == "%":
            self.take()
            v = _arith("/", v, 100.0)
        return v

    def primary(self):
        kind, text = self.take()
        if kind == "num":
            return float(text)
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "bool":
            return text.upper() == "TRUE"
        if kind == "ref":
            return self._ref(text)
        if kind == "func":
            return self._call(text.upper())
        if text == "(":
            v = self.expr()
            self.take(")")
            return v
        raise Unsupported(text)

    def _ref(self, text: str):
        if ":" not in text:
            # A one-cell range: SUM(H6) ignores text in H6 like Excel; arithmetic unwraps it.
            r, c = parse_ref(text)
            return _Range([self.ev.cell(r, c)])
        a, b = text.split(":")
        (r1, c1), (r2, c2) = parse_ref(a), parse_ref(b)
        return _Range(self.ev.cell(r, c) for r in range(min(r1, r2), max(r1, r2) + 1)
                      for c in range(min(c1, c2), max(c1, c2) + 1))

    def _args(self):
        args = []
        if self.peek()[1] == ")":
            self.take()
            return args
        while True:
            if self.peek()[1] in (",", ")"):
                args.append(None)  # an omitted argument
            else:
                args.append(self.expr())
            sep = self.take()[1]
            if sep == ")":
                return args
            if sep != ",":
                raise Unsupported(sep)

    def _call(self, name: str):
        args = self._args()
        if name == "IF":
            cond = _scalar(args[0])
            if isinstance(cond, XlError):
                return cond
            branch = args[1] if _truth(cond) else (args[2] if len(args) > 2 else False)
            return 0.0 if branch is None else _scalar(branch)
        if name in ("OR", "AND"):
            vals = [_truth(_scalar(a)) for a in args]
            return any(vals) if name == "OR" else all(vals)
        if name == "NOT":
            return not _truth(_scalar(args[0]))
        if name in ("SUM", "MIN", "MAX", "AVERAGE"):
            nums = _numbers(args)
            if isinstance(nums, XlError):
                return nums
            if name == "SUM":
                return float(sum(nums))
            if name == "AVERAGE":
                return float(sum(nums)) / len(nums) if nums else XlError("#DIV/0!")
            return float((min if name == "MIN" else max)(nums)) if nums else 0.0
        if name == "ROUND":
            x, d = _num(_scalar(args[0])), _num(_scalar(args[1]))
            return x if isinstance(x, XlError) else _round_half_up(x, int(d))
        if name == "ABS":
            x = _num(_scalar(args[0]))
            return x if isinstance(x, XlError) else abs(x)
        if name == "N":
            v = _scalar(args[0])
            return float(v) if isinstance(v, (int, float)) else 0.0
        raise Unsupported(name)


def _scalar(v):
    if isinstance(v, _Range):
        return v[0] if len(v) == 1 else XlError("#VALUE!")
    return v


def _truth(v) -> bool:
    if isinstance(v, str):
        if v.upper() in ("TRUE", "FALSE"):
            return v.upper() == "TRUE"
        raise Unsupported("text as condition")
    return bool(v) if v is not None else False


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _num(v):
    if isinstance(v, XlError):
        return v
    if v is None:
        return 0.0
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(str(v).strip())
    except ValueError:
        return XlError("#VALUE!")


def _numbers(args) -> list[float] | XlError:
    """SUM-style arguments: numbers in ranges only; direct arguments coerced."""
    out: list[float] = []
    for a in args:
        if isinstance(a, _Range):
            for v in a:
                if isinstance(v, XlError):
                    return v
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    out.append(float(v))
        elif a is not None:
            n = _num(a)
            if isinstance(n, XlError):
                return n
            out.append(n)
    return out


def _arith(op: str, a, b):
    a, b = _num(_scalar(a)), _num(_scalar(b))
    if isinstance(a, XlError):
        return a
    if isinstance(b, XlError):
        return b
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return XlError("#DIV/0!") if b == 0 else a / b
    return a ** b


def _compare(op: str, a, b):
    if isinstance(a, XlError):
        return a
    if isinstance(b, XlError):
        return b
    # Excel: an empty cell equals both "" and 0.
    if a is None:
        a = "" if isinstance(b, str) else 0.0
    if b is None:
        b = "" if isinstance(a, str) else 0.0
    if isinstance(a, str) != isinstance(b, str):
        ordering = {"=": False, "<>": True}
        if op in ordering:
            return ordering[op]
        a, b = (1, 0) if isinstance(a, str) else (0, 1)  # text sorts after numbers
    elif isinstance(a, str):
        a, b = a.lower(), b.lower()
    return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


def _round_half_up(x: float, digits: int) -> float:
    from decimal import ROUND_HALF_UP, Decimal
    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))
