"""Pure parsing of the numbers people type into these forms.

"140.4 万元", "100.00%", "10 分", "１２０", "1,350", "—" -> numbers (or empty), remembering
that they were text. Target phrases ("≥55万元", "100 人以上") are parsed by
:func:`parse_target` (see SCORING.md §3). No Excel library here.
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Cells that mean "nothing here" in these forms.
EMPTY_MARKS = frozenset({"", "-", "—", "——", "－", "--", "---", "/", "／", "\\", "–", "−", "无数据", "N/A", "n/a"})

_NUM = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+"
_NUMBER_WITH_UNIT = re.compile(rf"^\s*(?P<num>{_NUM})\s*(?P<unit>[^\d\s]{{0,6}}?)\s*$")

# Units that may follow an amount or score in a numeric cell.
NUMERIC_CELL_UNITS = frozenset({"", "%", "万元", "万", "元", "分", "亿元", "千元"})
_UNIT_SCALE = {"%": 0.01}


def normalize_text(s: str) -> str:
    """Full-width to half-width (NFKC), non-breaking and ideographic spaces to plain ones.

    NFKC turns "１２０" into "120", "％" into "%", "（" into "(", "：" into ":".
    """
    s = unicodedata.normalize("NFKC", s)
    return s.replace("\u00a0", " ").replace("\u3000", " ")


class Number(NamedTuple):
    value: float | None  # None: empty or not a number
    text_number: bool  # came from text / had unit, percent sign, full-width digits or separators
    unit: str | None
    ok: bool  # False when the text is not empty but is not a number


def parse_number(raw: object) -> Number:
    """Read a numeric cell the way a person reads it.

    >>> parse_number("140.4 万元")
    Number(value=140.4, text_number=True, unit='万元', ok=True)
    >>> parse_number("100.00%").value
    1.0
    >>> parse_number("—")
    Number(value=None, text_number=False, unit=None, ok=True)
    """
    if raw is None:
        return Number(None, False, None, True)
    if isinstance(raw, bool):
        return Number(None, False, None, False)
    if isinstance(raw, (int, float)):
        f = float(raw)
        if f != f:  # NaN from pandas
            return Number(None, False, None, True)
        return Number(f, False, None, True)
    s = str(raw)
    t = normalize_text(s).strip()
    if t in EMPTY_MARKS:
        return Number(None, False, None, True)
    m = _NUMBER_WITH_UNIT.match(t)
    if not m:
        return Number(None, True, None, False)
    unit = m.group("unit").strip()
    if unit not in NUMERIC_CELL_UNITS:
        return Number(None, True, unit or None, False)
    num = m.group("num").replace(",", "")
    value = float(num) * _UNIT_SCALE.get(unit, 1.0)
    if unit == "%":
        # 100.00% -> 1.0 exactly, not 1.0000000000000002
        value = round(value, 12)
    return Number(value, True, unit or None, True)


def is_empty_mark(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return normalize_text(raw).strip() in EMPTY_MARKS
    return False


def fmt_num(x: float | None, digits: int = 2) -> str:
    """Numbers in messages: 18 not 18.0, 62.38 not 62.380000001."""
    if x is None:
        return "空"
    r = round(float(x), digits)
    if r == int(r):
        return str(int(r))
    return f"{r:.{digits}f}".rstrip("0").rstrip(".")


def fmt_pct(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "空"
    return fmt_num(x * 100, digits) + "%"
