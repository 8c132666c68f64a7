"""Finding forms (and the 项目清单) in a sheet by their labels, not by fixed cells.

One pass over the sheet finds every "项目名称" label cell that starts a form (a row holding
序号 as well is the header of a project list instead). A form's region runs from its title
lines down to the next form's title, and the extractor stops it at its 总分 row — so
stacked forms never bleed into each other, and a form followed by 200,000 rows of other
data costs one cheap scan of those rows and nothing more.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import labels as L
from .grid import Grid

# How far above the 项目名称 row a title / year line may sit.
TITLE_LOOKUP_ROWS = 6


@dataclass(slots=True)
class Region:
    anchor_row: int  # the 项目名称 row (absolute, 0-based)
    anchor_col: int
    top: int  # first row of the form (its title when there is one)
    limit: int  # exclusive: the next form's top, or the end of the sheet
    title_row: int | None = None
    title_col: int | None = None
    year_row: int | None = None
    year_col: int | None = None


@dataclass(slots=True)
class ListRegion:
    header_row: int
    seq_col: int | None
    name_col: int
    note_col: int | None
    title: str | None = None
    title_cell: tuple[int, int] | None = None


def _is_name_label(v) -> bool:
    # cheap character test first: this runs on every text cell of the sheet
    return isinstance(v, str) and "称" in v and (L.core(v) in L.PROJECT_NAME
                                                 or L.inline_value(v, L.PROJECT_NAME) is not None)


def _cells_containing(grid: Grid, needle: str) -> list[tuple[int, int]]:
    """(row, col) of the cells whose text contains `needle`, in sheet order.

    The search runs at C speed: each column is joined into one string (NUL cannot occur in
    spreadsheet text) and searched with str.find, so a form followed by 200,000 rows of
    other data costs a fraction of a second instead of a Python loop over every cell.
    """
    rows = grid.rows
    if not rows:
        return []
    width = max(len(r) for r in rows[:1]) if all(len(r) == len(rows[0]) for r in rows[:64]) else 0
    if not width or any(len(r) != width for r in rows[-64:]):
        # ragged rows (not produced by calamine, but keep it correct): plain loop
        return [(grid.row0 + i, grid.col0 + j) for i, row in enumerate(rows) for j, v in enumerate(row)
                if isinstance(v, str) and needle in v]
    out = []
    for j, col in enumerate(zip(*rows)):
        text = "\0".join(map(str, col))
        pos = text.find(needle)
        while pos != -1:
            i = text.count("\0", 0, pos)
            out.append((grid.row0 + i, grid.col0 + j))
            nxt = text.find("\0", pos)
            if nxt == -1:
                break
            pos = text.find(needle, nxt)
    out.sort()
    return out


def scan(grid: Grid) -> tuple[list[Region], ListRegion | None]:
    anchors: list[tuple[int, int]] = []
    plist: ListRegion | None = None
    col0 = grid.col0
    last_row = None
    for r, c in _cells_containing(grid, "称"):
        if r == last_row:
            continue  # one anchor per row
        v = grid.raw(r, c)
        if not _is_name_label(v):
            continue
        last_row = r
        row = grid.row(r)
        seq = next((col0 + k for k, x in enumerate(row) if isinstance(x, str) and L.core(x) in {"序号", "编号"}), None)
        if seq is not None:
            if plist is None:
                note = next((col0 + k for k, x in enumerate(row) if isinstance(x, str) and L.core(x) in {"备注", "说明"}), None)
                plist = ListRegion(r, seq, c, note)
                _list_title(grid, plist)
        else:
            anchors.append((r, c))
    regions: list[Region] = []
    prev_anchor = grid.row0 - 1
    for r, c in anchors:
        reg = Region(r, c, r, grid.nrows)
        _find_title(grid, reg, prev_anchor)
        regions.append(reg)
        prev_anchor = r
    for a, b in zip(regions, regions[1:]):
        a.limit = b.top
    return regions, plist


def _find_title(grid: Grid, reg: Region, prev_anchor: int) -> None:
    lo = max(prev_anchor + 1, reg.anchor_row - TITLE_LOOKUP_ROWS, grid.row0)
    for r in range(reg.anchor_row - 1, lo - 1, -1):
        cells = grid.iter_cells(r)
        if any(isinstance(v, (int, float)) and not 1990 <= v <= 2100 for _, v in cells):
            return  # a data row (the previous form's last lines): titles hold no numbers but a year
        for c, v in cells:
            if not isinstance(v, str):
                continue
            k = L.key(v)
            if reg.year_row is None and L.is_year_line(v):
                reg.year_row, reg.year_col = r, c
                reg.top = r
            elif reg.title_row is None and ("自评" in k or "绩效" in k) and len(k) <= 60:
                reg.title_row, reg.title_col = r, c
                reg.top = r
                if reg.year_row is None and L.find_year(v):
                    reg.year_row, reg.year_col = r, c
                return  # the title is the form's first line
            elif L.core(v) in L.TOTAL_LABELS:
                return  # the previous form's 总分 row: stop looking upwards


def _list_title(grid: Grid, pl: ListRegion) -> None:
    for r in range(pl.header_row - 1, max(grid.row0, pl.header_row - 4) - 1, -1):
        for c, v in grid.iter_cells(r):
            if isinstance(v, str) and ("清单" in v or "项目" in v):
                pl.title = v.strip()
                pl.title_cell = (r, c)
                return
