"""How much room Chinese text needs in an Excel column: CJK and full-width characters are
two "0"-widths wide. Used to size rows and columns of what xlkit writes (fill, summary,
disclosure), since xlsxwriter and openpyxl cannot autofit."""
from __future__ import annotations

import math
import unicodedata
from typing import Any


def display_width(text: Any) -> int:
    """Columns a text needs in Excel: CJK and full-width characters take two."""
    s = "" if text is None else str(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def wrapped_lines(text: Any, width: float) -> int:
    """Lines a wrapped text takes in a column `width` characters wide (at least 1)."""
    s = "" if text is None else str(text)
    return sum(max(1, math.ceil(display_width(part) / max(width, 1))) for part in s.split("\n"))
