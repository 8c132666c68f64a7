"""Workbooks that are really markup: HTML tables and Excel 2003 XML (SpreadsheetML).

Budget systems commonly "export to Excel" by writing an HTML table or SpreadsheetML into a
file named .xls; Excel and WPS open these, so clerks submit them as they are. python-calamine
cannot read them, so they are turned into the same Grid (values + merged ranges) here and
located and extracted like any other sheet.

Values: text as shown; plain numerals ("25", "3.60", "-1.5") become numbers, as Excel does
when it opens such a file (so R04 does not flag every amount); anything else stays text.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from .grid import Grid

MAX_SPAN_COLS = 200
MAX_SPAN_ROWS = 5000
MAX_CELLS = 12_000_000
_NUMERAL = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*$")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


class MarkupTooLarge(ValueError):
    pass


def _value(text: str) -> Any:
    t = text.replace("\xa0", " ").strip()
    if _NUMERAL.match(t) and len(t) < 20 and not (len(t) > 1 and t.lstrip("-")[0] == "0" and "." not in t):
        return float(t)  # "0501" (a code) stays text; "25" / "3.60" become numbers
    return t


class _Placer:
    """Places cells with row/column spans into a dense grid, recording merged ranges."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], Any] = {}
        self.occupied: set[tuple[int, int]] = set()
        self.merges: list[tuple[int, int, int, int]] = []
        self.row = -1
        self.col = 0
        self.count = 0

    def new_row(self, index: int | None = None) -> None:
        self.row = index if index is not None else self.row + 1
        self.col = 0

    def place(self, value: Any, colspan: int = 1, rowspan: int = 1, col: int | None = None) -> None:
        if self.row < 0:
            self.new_row()
        if col is not None:
            self.col = col
        while (self.row, self.col) in self.occupied:
            self.col += 1
        colspan = max(1, min(colspan, MAX_SPAN_COLS))
        rowspan = max(1, min(rowspan, MAX_SPAN_ROWS))
        r, c = self.row, self.col
        if value != "" and value is not None:
            self.cells[(r, c)] = value
        if colspan > 1 or rowspan > 1:
            self.merges.append((r, c, r + rowspan - 1, c + colspan - 1))
            self.count += colspan * rowspan
            if self.count > MAX_CELLS:
                raise MarkupTooLarge()
            for dr in range(rowspan):
                for dc in range(colspan):
                    self.occupied.add((r + dr, c + dc))
        else:
            self.occupied.add((r, c))
        self.col = c + colspan

    def grid(self, name: str) -> Grid:
        if not self.cells:
            return Grid(name, [], 0, 0, self.merges)
        nrows = max(r for r, _ in self.cells) + 1
        ncols = max(c for _, c in self.cells) + 1
        if nrows * ncols > MAX_CELLS:
            raise MarkupTooLarge()
        rows = [[""] * ncols for _ in range(nrows)]
        for (r, c), v in self.cells.items():
            rows[r][c] = v
        return Grid(name, rows, 0, 0, [m for m in self.merges if m[0] < nrows and m[1] < ncols])


# --- HTML ---------------------------------------------------------------------------

def decode_html(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    m = _CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii").lower()
        if enc in ("gb2312", "gbk"):
            enc = "gb18030"  # a superset: GB2312-declared files often hold GBK characters
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


class _HTMLTables(HTMLParser):
    """Top-level tables become rows of one grid (a blank row between tables); headings and
    paragraphs outside tables (title, year line) become single-cell rows."""

    BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "caption", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.p = _Placer()
        self.depth = 0  # table nesting
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.block: list[str] | None = None
        self.skip = 0  # inside <script>/<style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "table":
            self.depth += 1
            if self.depth == 1:
                self._flush_block()
                if self.p.cells:
                    self.p.new_row()  # a blank row between tables
        elif self.depth == 1 and tag == "tr":
            self.p.new_row()
        elif self.depth == 1 and tag in ("td", "th"):
            a = dict(attrs)
            self.cell = []
            self.span = (_int(a.get("colspan")), _int(a.get("rowspan")))
        elif tag == "br":
            if self.cell is not None:
                self.cell.append("\n")
            elif self.block is not None:
                self.block.append("\n")
        elif self.depth == 0 and tag in self.BLOCKS and tag != "title":
            self._flush_block()
            self.block = []

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "table":
            self._end_cell()
            self.depth = max(0, self.depth - 1)
        elif self.depth == 1 and tag in ("td", "th"):
            self._end_cell()
        elif self.depth == 0 and tag in self.BLOCKS:
            self._flush_block()

    def handle_data(self, data):
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.depth == 0 and self.block is not None:
            self.block.append(data)

    def _end_cell(self):
        if self.cell is not None:
            text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v]*", "\n", "".join(self.cell)).strip()
            self.p.place(_value(text), *self.span)
            self.cell = None

    def _flush_block(self):
        if self.block is not None:
            text = " ".join("".join(self.block).split())
            self.block = None
            if text:
                self.p.new_row()
                self.p.place(text)


def _int(v) -> int:
    try:
        return int(str(v).strip())
    except (TypeError, ValueError):
        return 1


def html_grids(data: bytes, name: str) -> list[Grid]:
    parser = _HTMLTables()
    parser.feed(decode_html(data))
    parser.close()
    parser._end_cell()
    parser._flush_block()
    return [parser.p.grid(name)]


# --- SpreadsheetML (Excel 2003 XML) ----------------------------------------------------

_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def xml2003_grids(data: bytes) -> list[Grid]:
    from defusedxml import ElementTree as ET  # refuses DTDs and entities

    root = ET.fromstring(data)
    grids = []
    for i, ws in enumerate(root.iter(f"{_SS}Worksheet"), 1):
        name = ws.get(f"{_SS}Name") or f"Sheet{i}"
        p = _Placer()
        table = ws.find(f"{_SS}Table")
        if table is not None:
            for row in table.findall(f"{_SS}Row"):
                idx = row.get(f"{_SS}Index")
                p.new_row(int(idx) - 1 if idx and idx.isdigit() else None)
                for cell in row.findall(f"{_SS}Cell"):
                    cidx = cell.get(f"{_SS}Index")
                    data_el = cell.find(f"{_SS}Data")
                    value: Any = ""
                    if data_el is not None:
                        text = "".join(data_el.itertext())
                        typ = data_el.get(f"{_SS}Type", "String")
                        if typ == "Number":
                            try:
                                value = float(text)
                            except ValueError:
                                value = text.strip()
                        elif typ == "Boolean":
                            value = text.strip() == "1"
                        else:
                            value = text.strip()
                    p.place(value, 1 + _int0(cell.get(f"{_SS}MergeAcross")), 1 + _int0(cell.get(f"{_SS}MergeDown")),
                            col=int(cidx) - 1 if cidx and cidx.isdigit() else None)
        grids.append(p.grid(name))
    return grids


def _int0(v) -> int:
    try:
        return max(0, int(str(v).strip()))
    except (TypeError, ValueError):
        return 0
