"""Reading submitted 自评表 workbooks into the form model.

    from xlkit.read import read_workbook, iter_input_files, SPREADSHEET_SUFFIXES
    bundle = read_workbook("自评表.xlsx")        # -> xlkit.model.Bundle
    files = iter_input_files(["收到的/", "a.xls"])  # -> sorted list of spreadsheet paths

read_workbook raises :class:`xlkit.errors.ReadError` (one Chinese line naming the file, R01)
for any file that cannot be read, and never another exception for a bad file. A workbook
without any form gives a Bundle with ``forms == []`` (the engine reports R02).

Pipeline: open.py (magic bytes, safety limits) -> grid.py (python-calamine, merged ranges)
-> locate.py (forms by their labels) -> extract.py (grid -> model). Workbooks made from
xlkit's own template are read through the template's named anchors when present.
"""
from __future__ import annotations

import io
import os
from collections import Counter
from pathlib import Path
from typing import Iterable

from ..errors import ReadError
from ..model import Bundle, Form
from .extract import extract_by_anchors, extract_form, extract_list
from .grid import Grid, Workbook
from .labels import split_code
from .locate import scan
from .open import load_bytes

__all__ = ["read_workbook", "iter_input_files", "SPREADSHEET_SUFFIXES", "read_grids", "split_code"]

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb", ".et")


def read_workbook(path: str | os.PathLike, *, sheets: Iterable[str] | None = None,
                  use_template: bool = True) -> Bundle:
    """Read every form (and the 项目清单) of the workbook at `path`.

    sheets: only read these sheet names (default: all worksheets).
    use_template: read workbooks made by xlkit's template through its named anchors
        (False: by labels only, as for any other workbook).
    """
    opened = load_bytes(path)
    wb = Workbook(opened)
    try:
        return _read(wb, opened, str(path), sheets, use_template)
    finally:
        wb.close()


def _read(wb: Workbook, opened, source: str, sheets, use_template: bool = True) -> Bundle:
    bundle = Bundle(source=source)
    wanted = set(sheets) if sheets is not None else None
    marker, anchors = _template_info(opened) if use_template else (None, {})
    list_holder: list = []
    for name in wb.sheet_names:
        if wanted is not None and name not in wanted:
            continue
        grid = wb.grid(name)
        if not grid.rows:
            continue
        try:
            _read_sheet(bundle, grid, name, source, marker, anchors, list_holder)
        except ReadError:
            raise
        except Exception as e:  # a bug of ours on an odd sheet: one line for this file, not a traceback
            if os.environ.get("XLKIT_DEBUG"):
                raise
            raise ReadError(f"{source}：工作表“{name}”无法解析（内部错误 {type(e).__name__}: {e}；"
                            f"请设置 XLKIT_DEBUG=1 重试并报告此问题）", path=source) from None
    list_dept = list_holder[0] if list_holder else None
    for f in bundle.forms:
        f.notes["file_format"] = opened.kind  # "html"/"xml2003": exported by a system, renamed .xls
    _finish(bundle, list_dept)
    return bundle


def _read_sheet(bundle: Bundle, grid: Grid, name: str, source: str, marker, anchors, list_holder: list) -> None:
    """The forms (and the first 项目清单) of one sheet, appended to `bundle`."""
    regions, plist = scan(grid)
    if plist is not None and not bundle.project_list:
        entries, dept = extract_list(grid, plist)
        if entries:
            bundle.project_list = entries
            bundle.list_sheet = name
            list_holder.append(dept)
    forms: list[Form] = []
    for reg in regions:
        form = extract_form(grid, reg, source)
        if form is not None:
            forms.append(form)
    sheet_anchors = anchors.get(name) if anchors else None
    if sheet_anchors:
        tform = extract_by_anchors(grid, sheet_anchors, source, marker)
        if tform is not None:
            if forms:
                # the template's cells are exact; labels add what anchors do not name
                lf = forms[0]
                for attr in ("grade", "title", "year"):
                    if getattr(tform, attr).cell is None and getattr(lf, attr).cell is not None:
                        setattr(tform, attr, getattr(lf, attr))
                tform.origin = lf.origin
                if lf.notes.get("total_row") and lf.indicators and len(lf.indicators) != len(tform.indicators):
                    # rows inserted just above 总分 in Excel do not widen the named indicator
                    # range: the labels, which run down to the 总分 row, see them all
                    tform.indicators = lf.indicators
                    tform.total_weight, tform.total_score = lf.total_weight, lf.total_score
                    tform.notes["anchors_stale"] = "indicators"
                forms[0] = tform
            else:
                forms = [tform]
    elif marker:
        for f in forms:
            f.template = marker
    bundle.forms.extend(forms)


def _finish(bundle: Bundle, list_dept: str | None) -> None:
    years = Counter(f.year.value for f in bundle.forms if isinstance(f.year.value, int))
    if years:
        bundle.year = years.most_common(1)[0][0]
    if list_dept:
        bundle.department = list_dept
    else:
        depts = Counter(f.department.value for f in bundle.forms if isinstance(f.department.value, str))
        if depts:
            bundle.department = depts.most_common(1)[0][0]


def _template_info(opened) -> tuple[str | None, dict[str, dict[str, str]]]:
    """The xlkit template marker and named anchors, when the workbook was made by xlkit.

    Consulted only when the workbook's defined names or properties mention xlkit at all, and
    read from the bytes already in memory (and already checked for bombs), not from disk again.
    """
    if opened.kind != "xlsx" or not opened.xlkit_hint:
        return None, {}
    from .. import template as tpl  # zipfile + defusedxml only; openpyxl is never imported here
    marker = None
    try:
        marker = tpl.read_marker(io.BytesIO(opened.data))
        anchors = tpl.read_anchors(io.BytesIO(opened.data))
    except Exception:  # a damaged template marker must not stop label-based reading
        return marker, {}
    return marker, anchors


def read_grids(path: str | os.PathLike) -> list[Grid]:
    """Every worksheet of `path` as a Grid (for rules that look at cells directly)."""
    opened = load_bytes(path)
    wb = Workbook(opened)
    try:
        return [wb.grid(n) for n in wb.sheet_names]
    finally:
        wb.close()


def _hidden(p: Path) -> bool:
    return p.name.startswith((".", "~$"))


def iter_input_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files and directories -> sorted spreadsheet files (lock files ~$… and hidden files skipped).

    A path given explicitly is kept whatever its suffix (the reader sniffs the content);
    directories are searched recursively for SPREADSHEET_SUFFIXES. A missing path is a ReadError.
    """
    out: set[Path] = set()
    for raw in paths:
        if not str(raw).strip():  # Path("") is ".": an empty "$DIR" must not check the current folder
            raise ReadError("文件路径为空（是否漏写了文件名，或变量为空？）", path="")
        p = Path(raw)
        if not p.exists():
            raise ReadError(f"{p}：文件或文件夹不存在", path=str(p))
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for fn in files:
                    fp = Path(root) / fn
                    if _hidden(fp) or fp.suffix.lower() not in SPREADSHEET_SUFFIXES:
                        continue
                    out.add(fp)
        else:
            if p.name.startswith("~$"):
                continue
            out.add(p)
    return sorted(out, key=lambda x: str(x))
