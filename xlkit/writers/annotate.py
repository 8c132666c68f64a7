"""Annotated copies: each input workbook copied to OUTDIR with every finding as a cell
comment (Chinese, with its code and numbers), the cell filled by severity, and a first sheet
校验结果 that lists every finding with a link to its cell.

The copy is made by loading the workbook with openpyxl (not read-only) and saving it:
that keeps values, formulas, merged cells, styles, column widths, row heights, data
validations, conditional formats, defined names and print settings. (openpyxl drops
charts and images it cannot round-trip; these forms have none.) Inputs are never written.

.xls / .ods / .et inputs cannot be edited by openpyxl: they are converted to .xlsx with
LibreOffice when it is installed (formats and merges survive), otherwise the copy is
rebuilt from the reader's cell values and merged ranges (values only; the result says so).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..errors import XlkitError
from ..model import Finding, parse_ref, ref
from ..outputs import atomic_path

SHEET_NAME = "校验结果"
FILLS = {"E": "FFC7CE", "W": "FFE699", "I": "DDEBF7"}  # red-ish, orange/yellow, blue-ish
SEV_ORDER = {"E": 0, "W": 1, "I": 2}
SEV_NAME = {"E": "错误", "W": "警告", "I": "提示"}
OPENPYXL_SUFFIXES = (".xlsx", ".xlsm")
CONVERT_SUFFIXES = (".xls", ".ods", ".et", ".xlsb")
MAX_FILL_CELLS = 400  # a finding about a huge range gets its first cell filled, not thousands


@dataclass(frozen=True)
class AnnotateResult:
    source: str
    path: Path
    method: str  # "openpyxl" (edited copy), "libreoffice" (converted, then edited), "values" (rebuilt)
    comments: int
    findings: int


def _comment_text(findings: list[Finding]) -> str:
    parts = []
    for f in findings:
        line = f"[{SEV_NAME.get(f.severity, f.severity)}] {f.code} {f.message}"
        if f.expected is not None or f.actual is not None:
            line += f"（应为：{_fmt(f.expected)}；实为：{_fmt(f.actual)}）"
        if f.note:
            line += f"\n说明：{f.note}"
        parts.append(line)
    return "\n\n".join(parts)


def _fmt(v: Any) -> str:
    from ..quantities import fmt_num
    if v is None:
        return "—"
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float)):
        return fmt_num(v, 4)
    return str(v)


def _cells_of(rng: str) -> list[tuple[int, int]]:
    """'F13:F14' -> [(13, 6), (14, 6)]; 'H6' -> [(6, 8)]; unparsable -> []."""
    if not rng:
        return []
    try:
        if ":" in rng:
            a, b = rng.split(":", 1)
            (r1, c1), (r2, c2) = parse_ref(a), parse_ref(b)
            r1, r2 = sorted((r1, r2))
            c1, c2 = sorted((c1, c2))
            cells = [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
            return cells[:MAX_FILL_CELLS]
        return [parse_ref(rng)]
    except ValueError:
        return []


def _anchor(ws, row: int, col: int) -> tuple[int, int]:
    """The top-left cell of the merged range holding (row, col): only it can take a comment."""
    for mr in ws.merged_cells.ranges:
        if mr.min_row <= row <= mr.max_row and mr.min_col <= col <= mr.max_col:
            return mr.min_row, mr.min_col
    return row, col


def _annotate_loaded(wb, findings: Sequence[Finding]) -> int:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    by_cell: dict[tuple[str, int, int], list[Finding]] = {}
    fills: dict[tuple[str, int, int], str] = {}
    for f in findings:
        if not f.sheet or f.sheet not in wb.sheetnames:
            continue
        ws = wb[f.sheet]
        cells = _cells_of(f.cell)
        if not cells:
            continue
        for r, c in cells:
            key = (f.sheet, *_anchor(ws, r, c))
            old = fills.get(key)
            if old is None or SEV_ORDER.get(f.severity, 9) < SEV_ORDER.get(old, 9):
                fills[key] = f.severity
        first = (f.sheet, *_anchor(ws, *cells[0]))
        by_cell.setdefault(first, []).append(f)
    for (sheet, r, c), sev in fills.items():
        wb[sheet].cell(row=r, column=c).fill = PatternFill("solid", fgColor=FILLS.get(sev, FILLS["I"]))
    for (sheet, r, c), items in by_cell.items():
        cell = wb[sheet].cell(row=r, column=c)
        text = _comment_text(items)
        if cell.comment is not None and cell.comment.text:
            text = cell.comment.text.rstrip() + "\n\n" + text  # keep the author's own comment
        lines = sum(1 + len(t) // 28 for t in text.split("\n"))
        comment = Comment(text, "xlkit")
        comment.width = 360
        comment.height = min(60 + 16 * lines, 600)
        cell.comment = comment
    return len(by_cell)


def _results_sheet(wb, findings: Sequence[Finding], source: str, method: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    name = SHEET_NAME
    n = 2
    while name in wb.sheetnames:
        name = f"{SHEET_NAME}{n}"
        n += 1
    ws = wb.create_sheet(name, 0)
    for other in wb.worksheets:
        other.sheet_view.tabSelected = False  # two selected tabs would open as a group in Excel
    ws.sheet_view.tabSelected = True
    wb.active = 0
    headers = ["序号", "级别", "代码", "工作表", "单元格", "项目", "问题说明", "应为", "实为", "说明"]
    ws.append(headers)
    bold = Font(bold=True)
    for c in range(1, len(headers) + 1):
        ws.cell(row=1, column=c).font = bold
        ws.cell(row=1, column=c).fill = PatternFill("solid", fgColor="D9D9D9")
    ordered = sorted(findings, key=lambda f: (SEV_ORDER.get(f.severity, 9), f.sheet, *_rc(f.cell), f.code))
    link_font = Font(color="0563C1", underline="single")
    for i, f in enumerate(ordered, start=1):
        ws.append([i, SEV_NAME.get(f.severity, f.severity), f.code, f.sheet, f.cell, f.project, f.message,
                   _fmt(f.expected) if f.expected is not None else "", _fmt(f.actual) if f.actual is not None else "",
                   f.note])
        row = i + 1
        ws.cell(row=row, column=2).fill = PatternFill("solid", fgColor=FILLS.get(f.severity, FILLS["I"]))
        first = f.cell.split(":")[0] if f.cell else ""
        if f.sheet and first and f.sheet in wb.sheetnames:
            target = ws.cell(row=row, column=5)
            sheet_ref = f.sheet.replace("'", "''")
            # an internal link (location), not a "#…" external target: Excel and WPS both follow it
            target.hyperlink = Hyperlink(ref=target.coordinate, location=f"'{sheet_ref}'!{first}")
            target.font = link_font
        for c in (6, 7, 10):
            ws.cell(row=row, column=c).alignment = Alignment(wrap_text=True, vertical="top")
    if not ordered:
        ws.append(["", "", "", "", "", "", "未发现问题"])
    tail = ws.max_row + 2
    ws.cell(row=tail, column=1, value=f"原文件：{source}")
    if method == "values":
        ws.cell(row=tail + 1, column=1, value="注：原文件为 .xls/.ods，未安装 LibreOffice，本副本仅按读取到的数值重建（不含原格式）")
    elif method == "libreoffice":
        ws.cell(row=tail + 1, column=1, value="注：原文件为 .xls/.ods，本副本由 LibreOffice 转换为 .xlsx 后标注")
    for col, width in zip(range(1, len(headers) + 1), (6, 6, 7, 18, 10, 24, 80, 12, 12, 40)):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(ordered) + 1 if ordered else 2}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _rc(cell: str) -> tuple[int, int]:
    try:
        return parse_ref(cell.split(":")[0]) if cell else (0, 0)
    except ValueError:
        return (0, 0)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(src: Path, workdir: Path) -> Path | None:
    """src -> workdir/<stem>.xlsx with LibreOffice; None when it is not installed or fails."""
    exe = _soffice()
    if not exe:
        return None
    profile = workdir / "lo-profile"
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", "xlsx", "--outdir", str(workdir), str(src)]
    try:
        subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    except (subprocess.SubprocessError, OSError):
        return None
    out = workdir / (src.stem + ".xlsx")
    return out if out.is_file() else None


def rebuild_from_values(src: Path):
    """An openpyxl workbook with the reader's cell values and merged ranges at their own cells."""
    from openpyxl import Workbook

    from ..read.grid import Workbook as GridBook
    from ..read.open import load_bytes

    opened = load_bytes(src)
    book = GridBook(opened)
    wb = Workbook()
    wb.remove(wb.active)
    try:
        for name in book.sheet_names:
            grid = book.grid(name)
            ws = wb.create_sheet(name[:31])
            for i, row in enumerate(grid.rows):
                for j, v in enumerate(row):
                    if v is None or v == "":
                        continue
                    if not isinstance(v, (int, float, str, bool)):
                        v = str(v)
                    ws.cell(row=grid.row0 + i + 1, column=grid.col0 + j + 1, value=v)
            for r1, c1, r2, c2 in grid.merges:
                if (r1, c1) != (r2, c2):
                    ws.merge_cells(f"{ref(r1 + 1, c1 + 1)}:{ref(r2 + 1, c2 + 1)}")
    finally:
        book.close()
    if not wb.worksheets:
        wb.create_sheet("Sheet1")
    return wb


def _keep_cached_values(src: Path, saved: Path, sheets: list[str]) -> None:
    """openpyxl saves formulas without their cached values; put the source's back, so that
    readers that do not recalculate (and `xlkit check` of the copy) see the numbers of the original."""
    from ..fill import write_cached_values
    from ..formula_cells import load_formula_cells
    from ..formulas import XlError

    cached = {}
    for name, sf in load_formula_cells(str(src), sheets).items():
        vals = {cell: (XlError(sf.errors[cell]) if cell in sf.errors else sf.cached.get(cell))
                for cell in sf.formulas}
        if vals:
            cached[name] = vals
    if cached:
        write_cached_values(saved, cached)


def annotate_workbook(src: str | os.PathLike, findings: Iterable[Finding], out: str | os.PathLike,
                      force: bool = False, use_libreoffice: bool = True) -> AnnotateResult:
    """Write an annotated .xlsx copy of `src` to `out`. `findings` are those of this file."""
    from openpyxl import load_workbook

    src_p = Path(src)
    findings = [f for f in findings]
    suffix = src_p.suffix.lower()
    tmpdir = Path(tempfile.mkdtemp(prefix="xlkit-annotate-"))
    try:
        if suffix in OPENPYXL_SUFFIXES:
            from ..read.open import load_bytes
            if load_bytes(src_p).kind != "xlsx":  # e.g. an .xls or budget-system HTML named .xlsx
                suffix = ".xls"
        if suffix in OPENPYXL_SUFFIXES:
            try:
                wb = load_workbook(src_p, keep_vba=False, keep_links=True, rich_text=True)
            except TypeError:  # older openpyxl without rich_text
                wb = load_workbook(src_p, keep_links=True)
            method = "openpyxl"
        else:
            converted = convert_with_libreoffice(src_p, tmpdir) if use_libreoffice else None
            if converted is not None:
                wb = load_workbook(converted)
                method = "libreoffice"
            else:
                wb = rebuild_from_values(src_p)
                method = "values"
        comments = _annotate_loaded(wb, findings)
        _results_sheet(wb, findings, str(src_p), method)
        if suffix == ".xlsm":
            wb.vba_archive = None
        loaded_from = src_p if method == "openpyxl" else (converted if method == "libreoffice" else None)
        with atomic_path(out, force=force, inputs=(src_p,)) as tmp:
            wb.save(tmp)
            if loaded_from is not None:
                try:
                    _keep_cached_values(loaded_from, tmp, [ws.title for ws in wb.worksheets])
                except Exception:  # best effort: without it the copy is still valid, only uncached
                    pass
    except XlkitError:
        raise
    except Exception as e:  # a workbook openpyxl cannot load: say which, no traceback
        raise XlkitError(f"无法生成标注副本：{src_p}（{type(e).__name__}: {e}）", path=str(src_p)) from e
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return AnnotateResult(str(src), Path(out), method, comments, len(findings))  # the path as the caller named it


def _out_name(src: Path, used: set[str]) -> str:
    name = src.stem + ".xlsx"
    if name in used:
        name = f"{src.stem}（{src.suffix.lstrip('.')}）.xlsx"
    n = 2
    base = name[:-5]
    while name in used:
        name = f"{base}-{n}.xlsx"
        n += 1
    used.add(name)
    return name


def annotate_workbooks(check_report: Any, outdir: str | os.PathLike, force: bool = False,
                       use_libreoffice: bool = True) -> list[AnnotateResult]:
    """One annotated copy per readable input of an engine CheckReport (files with .path,
    .status, .findings). Unreadable files (status "error") get no copy: there is nothing to mark."""
    out_dir = Path(outdir)
    out_dir.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    results = []
    for fr in getattr(check_report, "files", check_report):
        if getattr(fr, "status", "ok") == "error":
            continue
        src = Path(fr.path)
        target = out_dir / _out_name(src, used)
        results.append(annotate_workbook(src, fr.findings, target, force=force, use_libreoffice=use_libreoffice))
    return results
