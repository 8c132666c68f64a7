"""A sheet as a 2-D grid of cell values plus its merged ranges, read with python-calamine.

Coordinates are absolute and 0-based (row 0 / column 0 is A1) so that A1 references are
simply ``ref(r + 1, c + 1)``. calamine returns only the used area; the grid remembers its
offset instead of padding it with empty rows.
"""
from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass, field
from typing import Any

from ..errors import ReadError
from ..model import ref
from .open import OpenedFile


_A1: dict[tuple[int, int], str] = {}  # A1 names of the cells forms use, shared across workbooks


@dataclass(slots=True)
class Grid:
    name: str
    rows: list[list[Any]]  # the used area
    row0: int = 0  # absolute index of rows[0]
    col0: int = 0  # absolute index of rows[i][0]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r1, c1, r2, c2) inclusive
    _merge_index: dict[int, list[tuple[int, int, int, int]]] | None = None
    _ncols: int | None = None

    @property
    def nrows(self) -> int:
        """One past the last absolute row index."""
        return self.row0 + len(self.rows)

    @property
    def ncols(self) -> int:
        """One past the last absolute column index (computed once: grids can be huge)."""
        if self._ncols is None:
            self._ncols = self.col0 + max(map(len, self.rows), default=0)
        return self._ncols

    def raw(self, r: int, c: int) -> Any:
        """The cell's own value ('' when empty or outside the used area); merges ignored."""
        i = r - self.row0
        j = c - self.col0
        if i < 0 or j < 0:
            return ""
        try:
            v = self.rows[i][j]
        except IndexError:
            return ""
        return "" if v is None else v

    def row(self, r: int) -> list[Any]:
        """The used part of absolute row r, as a list indexed by (c - col0)."""
        i = r - self.row0
        if 0 <= i < len(self.rows):
            return self.rows[i]
        return []

    def merge_at(self, r: int, c: int) -> tuple[int, int, int, int] | None:
        if not self.merges:
            return None
        if self._merge_index is None:
            idx: dict[int, list[tuple[int, int, int, int]]] = {}
            for m in self.merges:
                # A form's merges span a few rows; a pathological sheet-wide merge is capped
                # so the index stays small (cells below the cap read as unmerged).
                for rr in range(m[0], min(m[2], m[0] + 5000) + 1):
                    idx.setdefault(rr, []).append(m)
            self._merge_index = idx
        for m in self._merge_index.get(r, ()):
            if m[1] <= c <= m[3]:
                return m
        return None

    def get(self, r: int, c: int) -> tuple[Any, int, int]:
        """Merge-aware value: a cell inside a merged range reads as the range's top-left cell.

        Returns (value, row, col) of the cell that actually holds the value.
        """
        v = self.raw(r, c)
        if v == "" and self.merges:
            m = self.merge_at(r, c)
            if m is not None:
                return self.raw(m[0], m[1]), m[0], m[1]
        return v, r, c

    def merge_end_col(self, r: int, c: int) -> int:
        m = self.merge_at(r, c)
        return m[3] if m is not None and m[0] == r and m[1] == c else c

    def a1(self, r: int, c: int) -> str:
        key = (r, c)
        a = _A1.get(key)
        if a is None:
            a = ref(r + 1, c + 1)
            if len(_A1) < 200_000:
                _A1[key] = a
        return a

    def iter_cells(self, r: int) -> list[tuple[int, Any]]:
        """Non-empty cells of absolute row r as (absolute col, value)."""
        c0 = self.col0
        return [(c0 + j, v) for j, v in enumerate(self.row(r)) if v != "" and v is not None]


def cell_text(v: Any) -> str:
    """A cell value as the text a person sees (numbers without a trailing .0)."""
    if v.__class__ is str:  # the common case first: this runs for every cell a form uses
        return v
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        if v != v:
            return ""
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(round(v, 10)).rstrip("0").rstrip(".") if "e" not in repr(v) else repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, _dt.datetime):
        if v.time() == _dt.time(0, 0):
            return v.date().isoformat()
        return v.isoformat(sep=" ")
    if isinstance(v, (_dt.date, _dt.time)):
        return v.isoformat()
    if isinstance(v, _dt.timedelta):
        return str(v)
    return str(v)


class Workbook:
    """A workbook opened with python-calamine; sheets are loaded on demand."""

    def __init__(self, opened: OpenedFile):
        import python_calamine as pc  # imported here: `xlkit --help` must not pay for it

        self.path = opened.path
        self.kind = opened.kind
        self._opened = opened
        self._markup: dict[str, Grid] | None = None
        if opened.kind in ("html", "xml2003"):
            self._markup = _markup_grids(opened)
            self.sheet_names = list(self._markup)
            return
        try:
            self._wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(opened.data))
            metas = self._wb.sheets_metadata
        except BaseException as e:  # calamine raises its own errors and, on some inputs, pyo3 panics
            if isinstance(e, (KeyboardInterrupt, SystemExit, MemoryError)):
                raise
            raise _calamine_error(opened, e) from None
        self.sheet_names: list[str] = []
        for m in metas:
            typ = str(getattr(m, "typ", "WorkSheet"))
            if "WorkSheet" in typ or "Worksheet" in typ:
                self.sheet_names.append(m.name)
        self._opened = opened

    def grid(self, name: str) -> Grid:
        if self._markup is not None:
            return self._markup[name]
        try:
            sh = self._wb.get_sheet_by_name(name)
            rows = sh.to_python(skip_empty_area=True)
            start = sh.start or (0, 0)
            merges = []
            for (r1, c1), (r2, c2) in (sh.merged_cell_ranges or ()):
                if (r1, c1) != (r2, c2):
                    merges.append((r1, c1, r2, c2))
        except BaseException as e:
            if isinstance(e, (KeyboardInterrupt, SystemExit, MemoryError)):
                raise
            raise _calamine_error(self._opened, e, sheet=name) from None
        if not rows or not _any_value(rows):
            return Grid(name, [], 0, 0, merges)
        return Grid(name, rows, start[0], start[1], merges)

    def close(self) -> None:
        if self._markup is not None:
            return
        try:
            self._wb.close()
        except Exception:
            pass


def _markup_grids(opened: OpenedFile) -> dict[str, Grid]:
    from . import markup

    name = str(opened.path)
    try:
        if opened.kind == "html":
            grids = markup.html_grids(opened.data, (opened.path.stem or "Sheet1")[:31])
        else:
            grids = markup.xml2003_grids(opened.data)
    except markup.MarkupTooLarge:
        raise ReadError(f"{name}：表格区域过大，为避免耗尽内存拒绝读取", path=name) from None
    except Exception as e:
        cls = type(e).__name__
        if cls in ("DTDForbidden", "EntitiesForbidden", "ExternalReferenceForbidden"):
            raise ReadError(f"{name}：文件含有 DOCTYPE/ENTITY 声明（可能是“XML 实体炸弹”），为安全起见拒绝读取", path=name) from None
        raise ReadError(f"{name}：文件已损坏（网页/XML 表格内容无法解析：{cls}），无法读取", path=name) from None
    out: dict[str, Grid] = {}
    for g in grids:
        n = g.name
        k = 2
        while n in out:
            n = f"{g.name}{k}"
            k += 1
        g.name = n
        out[n] = g
    return out


def _any_value(rows: list[list[Any]]) -> bool:
    for row in rows:
        for v in row:
            if v != "" and v is not None:
                return True
    return False


def _calamine_error(opened: OpenedFile, e: BaseException, sheet: str | None = None) -> ReadError:
    name = str(opened.path)
    cls = type(e).__name__
    msg = str(e).splitlines()[0][:200] if str(e) else cls
    where = f"工作表“{sheet}”" if sheet else ""
    if cls == "PasswordError" or "password" in msg.lower() or "encrypt" in msg.lower():
        return ReadError(f"{name}：文件已加密（设有打开密码），无法读取；请去掉打开密码后重新提交", path=name)
    if cls in ("ZipError",) or "zip" in msg.lower() or "eof" in msg.lower():
        return ReadError(f"{name}：文件已损坏（{where}压缩数据不完整），无法读取", path=name)
    if cls == "XmlError" or "xml" in msg.lower():
        return ReadError(f"{name}：文件已损坏（{where}XML 内容无法解析），无法读取", path=name)
    return ReadError(f"{name}：{where}无法读取（文件损坏或格式不受支持：{msg}）", path=name)
