"""The fill engine: form data (model) + template workbook -> filled, print-ready workbook.

The placeholder mechanism is described in :mod:`xlkit.template`. In short: the sheet that
holds ``{项目名称}`` is the form; ``{名称}`` cells get project values, the one row of
``{.名称}`` cells is repeated per 三级指标, everything below moves down (merges, heights,
validations, conditional formats, formulas, print area and titles follow), 一级/二级 labels
are merged over exactly their rows, and formulas get cached values computed by
:mod:`xlkit.formulas` (written into the sheet XML after openpyxl saves, because openpyxl
cannot store a formula's value).

Public entry points: :func:`fill` (data files -> workbook) and :func:`fill_bundle`
(a Bundle -> workbook).
"""
from __future__ import annotations

import os
import re
import zipfile
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from xml.sax.saxutils import escape

from . import columns as C
from .formula_cells import sheet_paths
from .formulas import Unsupported, XlError, evaluate
from .data import level1_label, load_data
from .errors import TemplateError, XlkitError
from .model import Bundle, Form, Indicator, ProjectEntry, Value, col_letter, parse_ref, ref
from .outputs import atomic_path
from .textwidth import wrapped_lines
from .template import LIST_SHEET, TEMPLATE_SHEET, set_anchor, set_marker, sheet_names_for

PLACEHOLDER = re.compile(r"\{(\.?)([^{}\s]+)\}")
SCALAR_KEYS = frozenset(C.PROJECT_HEADERS)
ROW_KEYS = frozenset(h for h in C.INDICATOR_HEADERS if h != C.I_PROJECT)
NUMERIC_SCALARS = frozenset((*C.FUND_HEADERS, C.P_BUDGET_WEIGHT, C.P_RATE, C.P_BUDGET_SCORE,
                             C.P_TOTAL_WEIGHT, C.P_TOTAL_SCORE))
NUMERIC_ROW = frozenset((C.I_WEIGHT, C.I_SCORE, C.I_LEVEL1_POINTS))

# A1 references in formulas, skipping "strings"; sheet-qualified refs are left alone.
_FORMULA_REF = re.compile(
    r'("(?:[^"]|"")*")'
    r"|((?:'[^']+'|[A-Za-z_][\w.]*)!\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)"
    r"|(?<![\w.$])(\$?[A-Za-z]{1,3}\$?\d+)(?::(\$?[A-Za-z]{1,3}\$?\d+))?(?![\w(!])"
)


# --- template layout -----------------------------------------------------------------

@dataclass
class Layout:
    """Where the placeholders of the template's form sheet are (template coordinates)."""

    scalars: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    texts: list[tuple[int, int]] = field(default_factory=list)  # text with embedded {名称}
    text_keys: dict[tuple[int, int], set[str]] = field(default_factory=dict)
    row: int | None = None  # the repeated indicator row
    row_cols: dict[str, int] = field(default_factory=dict)
    roles: dict[str, tuple[int, int]] = field(default_factory=dict)  # rate/budget_score/total_*

    def first(self, key: str) -> tuple[int, int] | None:
        cells = self.scalars.get(key)
        return cells[0] if cells else None


def find_form_sheet(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and "{" + C.P_NAME + "}" in c.value:
                    return ws
    raise TemplateError("模板中找不到占位符 {项目名称}：请在项目名称单元格中写入 {项目名称}")


def scan_layout(ws) -> Layout:
    lay = Layout()
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.data_type != "f" and "{" in c.value:
                _scan_cell(lay, c.row, c.column, c.value)
    if lay.row is None:
        raise TemplateError("模板缺少指标行：请在一行中写入 {.一级指标} {.二级指标} {.三级指标} 等占位符")
    for key in (C.I_LEVEL1, C.I_LEVEL2, C.I_NAME):
        if key not in lay.row_cols:
            raise TemplateError(f"模板的指标行缺少占位符 {{.{key}}}")
    lay.roles = _formula_roles(ws, lay)
    return lay


def _scan_cell(lay: Layout, r: int, c: int, text: str) -> None:
    matches = list(PLACEHOLDER.finditer(text))
    whole = len(matches) == 1 and matches[0].group(0) == text.strip()
    for m in matches:
        dot, key = m.group(1), m.group(2)
        where = ref(r, c)
        if dot:
            if key not in ROW_KEYS:
                raise TemplateError(f"模板单元格 {where} 的占位符 {{.{key}}} 不认识（可用：{'、'.join(sorted(ROW_KEYS))}）")
            if not whole:
                raise TemplateError(f"模板单元格 {where}：指标行占位符 {{.{key}}} 须单独占一个单元格")
            if lay.row is not None and lay.row != r:
                raise TemplateError(f"模板的指标行占位符须在同一行：第 {lay.row} 行和第 {r} 行都有")
            lay.row = r
            lay.row_cols[key] = c
        elif key not in SCALAR_KEYS:
            raise TemplateError(f"模板单元格 {where} 的占位符 {{{key}}} 不认识（可用：{'、'.join(C.PROJECT_HEADERS)}）")
        elif whole:
            lay.scalars.setdefault(key, []).append((r, c))
    if not whole and matches and not matches[0].group(1):
        lay.texts.append((r, c))
        lay.text_keys[(r, c)] = {m.group(2) for m in matches}


def _formula_cells(ws) -> dict[tuple[int, int], str]:
    return {(c.row, c.column): c.value for row in ws.iter_rows() for c in row
            if c.data_type == "f" and isinstance(c.value, str)}


def _refs(formula: str) -> set[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    for m in _FORMULA_REF.finditer(formula):
        if not m.group(3):
            continue
        r1, c1 = parse_ref(m.group(3))
        r2, c2 = parse_ref(m.group(4)) if m.group(4) else (r1, c1)
        for r in range(min(r1, r2), max(r1, r2) + 1):
            for c in range(min(c1, c2), max(c1, c2) + 1):
                out.add((r, c))
    return out


def _formula_roles(ws, lay: Layout) -> dict[str, tuple[int, int]]:
    """Which template formula is the 执行率, its 得分 and the two totals (see template docs)."""
    formulas = {pos: _refs(f) for pos, f in _formula_cells(ws).items() if pos[0] != lay.row}
    roles: dict[str, tuple[int, int]] = {}
    for role, key in (("total_score", C.I_SCORE), ("total_weight", C.I_WEIGHT)):
        col = lay.row_cols.get(key)
        hit = next((p for p, refs in formulas.items() if col and (lay.row, col) in refs), None)
        if hit:
            roles[role] = hit
    executed = lay.first(C.fund_header("年度资金总额", "全年执行数"))
    rate = next((p for p, refs in formulas.items() if executed in refs and p not in roles.values()), None)
    if rate:
        roles["rate"] = rate
        score = next((p for p, refs in formulas.items() if rate in refs and p not in roles.values()), None)
        if score:
            roles["budget_score"] = score
    return roles


# --- row shifting ----------------------------------------------------------------------

@dataclass(frozen=True)
class Shift:
    """The template's repeated row R becomes k rows; rows below move by k - 1."""

    row: int
    k: int

    @property
    def delta(self) -> int:
        return self.k - 1

    def map(self, r: int) -> int:
        return r + self.delta if r > self.row else r

    def span(self, r1: int, r2: int) -> tuple[int, int] | None:
        """A row span after the shift; a span touching R grows (or shrinks) with it."""
        if r2 < self.row:
            return r1, r2
        if r1 > self.row:
            return r1 + self.delta, r2 + self.delta
        r2 += self.delta
        return (r1, r2) if r2 >= r1 else None

    def range(self, rng: str) -> str | None:
        a, _, b = rng.replace("$", "").partition(":")
        (r1, c1), (r2, c2) = parse_ref(a), parse_ref(b or a)
        sp = self.span(r1, r2)
        if sp is None:
            return None
        first, last = ref(sp[0], c1), ref(sp[1], c2)
        return first if first == last else f"{first}:{last}"

    def formula(self, text: str, copy_index: int | None = None) -> str:
        """Translate a formula's references; copy_index i: the formula sits in the i-th copy of R."""
        def one(m: re.Match) -> str:
            if not m.group(3):
                return m.group(0)
            a, b = m.group(3), m.group(4)
            if copy_index is not None and b is None and parse_ref(a)[0] == self.row:
                return _with_row(a, self.row + copy_index)
            new = self.range(f"{a}:{b}" if b else a)
            if new is None:
                return "0"  # the referenced indicator rows are gone (0 indicators)
            if b and ":" not in new:
                new = f"{new}:{new}"  # SUM(G13:G13) stays a range a person can drag
            return _keep_dollars(a, b, new)
        return _FORMULA_REF.sub(one, text)


def _with_row(a1: str, row: int) -> str:
    m = re.match(r"(\$?[A-Za-z]{1,3}\$?)\d+", a1)
    return f"{m.group(1)}{row}"


def _keep_dollars(a: str, b: str | None, new: str) -> str:
    parts = new.split(":")
    src = [a, b] if b else [a]
    if len(parts) == 2 and len(src) == 1:
        src = [a, a]
    out = []
    for s, n in zip(src, parts):
        r, c = parse_ref(n)
        col = ("$" if s.startswith("$") else "") + col_letter(c)
        row = ("$" if "$" in s.lstrip("$") else "") + str(r)
        out.append(col + row)
    return ":".join(out)


# --- rendering one form sheet ---------------------------------------------------------------

@dataclass
class Rendered:
    anchors: dict[str, str]
    cached: dict[str, Any]  # cell ref -> value of every formula cell


def render(tws, ows, form: Form, lay: Layout) -> Rendered:
    """Write `form` into the empty sheet `ows` following the template sheet `tws`."""
    k = len(form.indicators)
    sh = Shift(lay.row, k)
    _copy_cells(tws, ows, sh)
    _copy_sheet_settings(tws, ows, sh)
    _fill_scalars(ows, form, lay, sh)
    _fill_indicators(ows, form.indicators, lay)
    _copy_merges(tws, ows, sh)
    _merge_labels(ows, form.indicators, lay)
    _copy_validations(tws, ows, sh)
    _fit_heights(ows, _text_rows(lay, sh))
    roles = {name: (sh.map(r), c) for name, (r, c) in lay.roles.items()}
    cached = _apply_formulas(ows, form, roles)
    return Rendered(anchors=_anchors(lay, sh, roles), cached=cached)


def _copy_cells(tws, ows, sh: Shift) -> None:
    for (r, c), src in tws._cells.items():
        if r == sh.row:
            targets = [(sh.row + i, i) for i in range(sh.k)]
        else:
            targets = [(sh.map(r), None)]
        for tr, idx in targets:
            dst = ows.cell(row=tr, column=c)
            if src.has_style:
                dst._style = copy(src._style)
            if r == sh.row and src.data_type != "f" and (
                    not isinstance(src.value, str) or PLACEHOLDER.search(src.value)):
                continue  # indicator values are written per row later
            if src.data_type == "f" and isinstance(src.value, str):
                dst.value = "=" + sh.formula(src.value[1:], idx)
            else:
                dst._value = src._value
                dst.data_type = src.data_type
            if src.hyperlink:
                dst._hyperlink = copy(src.hyperlink)


def _copy_sheet_settings(tws, ows, sh: Shift) -> None:
    for key, dim in tws.column_dimensions.items():
        ows.column_dimensions[key] = copy(dim)
        ows.column_dimensions[key].worksheet = ows
    for r, dim in tws.row_dimensions.items():
        rows = [sh.row + i for i in range(sh.k)] if r == sh.row else [sh.map(r)]
        for tr in rows:
            nd = copy(dim)
            nd.index = tr
            nd.worksheet = ows
            ows.row_dimensions[tr] = nd
    ows.sheet_format = copy(tws.sheet_format)
    ows.sheet_properties = copy(tws.sheet_properties)
    ows.page_margins = copy(tws.page_margins)
    ows.page_setup = copy(tws.page_setup)
    ows.print_options = copy(tws.print_options)
    ows.HeaderFooter = copy(tws.HeaderFooter)
    ows.protection = copy(tws.protection)
    ows.sheet_view.showGridLines = tws.sheet_view.showGridLines
    ows.sheet_view.zoomScale = tws.sheet_view.zoomScale
    if tws.freeze_panes:
        r, c = parse_ref(tws.freeze_panes)
        ows.freeze_panes = ref(sh.map(r), c)
    if tws.print_area:
        areas = [sh.range(a.split("!")[-1]) for a in _split_areas(tws.print_area)]
        areas = [a for a in areas if a]
        if areas:
            ows.print_area = areas
    if tws.print_title_rows:
        r1, _, r2 = tws.print_title_rows.replace("$", "").partition(":")
        sp = sh.span(int(r1), int(r2 or r1))
        if sp:
            ows.print_title_rows = f"{sp[0]}:{sp[1]}"
    if tws.print_title_cols:
        ows.print_title_cols = tws.print_title_cols
    for cf in tws.conditional_formatting:
        rngs = [sh.range(str(x)) for x in cf.sqref.ranges]
        rngs = [x for x in rngs if x]
        for rule in cf.rules:
            if rngs:
                ows.conditional_formatting.add(" ".join(rngs), rule)


def _split_areas(print_area: str) -> list[str]:
    # "'表'!$A$1:$I$15,'表'!$K$1:$L$2" -> ["'表'!$A$1:$I$15", "'表'!$K$1:$L$2"]
    return [a for a in print_area.split(",") if a.strip()]


def _copy_merges(tws, ows, sh: Shift) -> None:
    for mr in tws.merged_cells.ranges:
        if mr.min_row == mr.max_row == sh.row:  # a merge inside the indicator row: one per copy
            for i in range(sh.k):
                _merge(ows, sh.row + i, mr.min_col, sh.row + i, mr.max_col)
            continue
        sp = sh.span(mr.min_row, mr.max_row)
        if sp:
            _merge(ows, sp[0], mr.min_col, sp[1], mr.max_col)


def _merge(ws, r1: int, c1: int, r2: int, c2: int) -> None:
    if (r1, c1) == (r2, c2):
        return
    ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def _copy_validations(tws, ows, sh: Shift) -> None:
    for dv in tws.data_validations.dataValidation:
        rngs = [sh.range(str(x)) for x in dv.sqref.ranges]
        rngs = [x for x in rngs if x]
        if not rngs:
            continue
        nd = copy(dv)
        nd.sqref = " ".join(rngs)
        ows.add_data_validation(nd)


# --- values ----------------------------------------------------------------------------------

def _set_text(cell, text: str | None) -> None:
    """Text stays text: "=2 场", "+5%", "-", "@x" must never become formulas."""
    cell.value = text
    if text is not None:
        cell.data_type = "s"


def _set_number(cell, v: Value) -> None:
    n = v.number
    if n is not None:
        cell.value = int(n) if float(n).is_integer() and abs(n) < 1e15 else n
    elif v.text.strip():
        _set_text(cell, v.text)  # a non-numeric note such as "—" is kept as typed
    else:
        cell.value = None


def _scalar_values(form: Form) -> dict[str, Value]:
    vals = {C.P_NAME: form.project, C.P_DEPT: form.department, C.P_IMPL: form.implementer,
            C.P_YEAR: form.year, C.P_GOAL: form.goal, C.P_ACHIEVED: form.achieved,
            C.P_BUDGET_WEIGHT: form.funds.weight, C.P_RATE: form.funds.rate,
            C.P_BUDGET_SCORE: form.funds.score, C.P_TOTAL_WEIGHT: form.total_weight,
            C.P_TOTAL_SCORE: form.total_score, C.P_GRADE: form.grade,
            C.P_NOTE: Value(form.notes.get(C.P_NOTE)), C.P_SEQ: Value(form.notes.get(C.P_SEQ))}
    for fr in form.funds.rows:
        for col in C.FUND_COLS:
            vals[C.fund_header(fr.key, col)] = fr.column(col)
    return vals


def _fill_scalars(ws, form: Form, lay: Layout, sh: Shift) -> None:
    vals = _scalar_values(form)
    for key, cells in lay.scalars.items():
        for r, c in cells:
            cell = ws.cell(row=sh.map(r), column=c)
            v = vals.get(key, Value())
            if key in NUMERIC_SCALARS or key == C.P_YEAR:
                _set_number(cell, v)
            else:
                _set_text(cell, v.text or None)
    for r, c in lay.texts:
        cell = ws.cell(row=sh.map(r), column=c)
        text = PLACEHOLDER.sub(lambda m: _inline(vals, m.group(2)), str(cell.value))
        _set_text(cell, text)


def _inline(vals: dict[str, Value], key: str) -> str:
    v = vals.get(key, Value())
    if key == C.P_YEAR and v.empty:
        return "    "  # a blank year line reads "（    年度）", ready to write by hand
    n = v.number
    if n is not None and key in NUMERIC_SCALARS | {C.P_YEAR}:
        return str(int(n)) if float(n).is_integer() else repr(n)
    return v.text


def _row_values(ind: Indicator) -> dict[str, Value]:
    name1 = ind.level1.value if isinstance(ind.level1.value, str) else ind.level1.text
    return {C.I_LEVEL1: Value(level1_label(name1, ind.level1_points)),
            C.I_LEVEL1_POINTS: Value(ind.level1_points), C.I_LEVEL2: ind.level2, C.I_NAME: ind.name,
            C.I_TARGET: ind.target, C.I_ACTUAL: ind.actual, C.I_WEIGHT: ind.weight,
            C.I_SCORE: ind.score, C.I_REASON: ind.reason}


def _fill_indicators(ws, indicators: list[Indicator], lay: Layout) -> None:
    starts1 = {s for s, _ in _runs(indicators, _key1)}
    starts2 = {s for s, _ in _runs(indicators, _key2)}
    for i, ind in enumerate(indicators):
        r = lay.row + i
        vals = _row_values(ind)
        for key, c in lay.row_cols.items():
            cell = ws.cell(row=r, column=c)
            if (key == C.I_LEVEL1 and i not in starts1) or (key == C.I_LEVEL2 and i not in starts2):
                cell.value = None  # covered by the merged label above
            elif key in NUMERIC_ROW:
                _set_number(cell, vals[key])
            else:
                _set_text(cell, vals[key].text or None)


def _key1(ind: Indicator) -> Any:
    return ind.level1.value or ind.level1.text


def _key2(ind: Indicator) -> Any:
    return (_key1(ind), ind.level2.text)


def _runs(items: list[Indicator], key) -> list[tuple[int, int]]:
    """(start, length) of consecutive items with the same key."""
    runs: list[tuple[int, int]] = []
    for i, it in enumerate(items):
        if runs and key(items[runs[-1][0]]) == key(it):
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((i, 1))
    return runs


def _merge_labels(ws, indicators: list[Indicator], lay: Layout) -> None:
    taken = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
    for key, keyfn in ((C.I_LEVEL1, _key1), (C.I_LEVEL2, _key2)):
        c = lay.row_cols[key]
        for start, n in _runs(indicators, keyfn):
            r1, r2 = lay.row + start, lay.row + start + n - 1
            if n > 1 and not any(a <= r2 and r1 <= b and cc <= c <= dd for a, cc, b, dd in taken):
                ws.merge_cells(start_row=r1, start_column=c, end_row=r2, end_column=c)


# --- row heights ------------------------------------------------------------------------------

_LINE_PT = 14.5  # one line of 11 pt 宋体, with leading


def _text_rows(lay: Layout, sh: Shift) -> set[int]:
    rows = {lay.row + i for i in range(sh.k)}
    rows |= {sh.map(r) for cells in lay.scalars.values() for r, _ in cells}
    return rows | {sh.map(r) for r, _ in lay.texts}


def _fit_heights(ws, rows: set[int]) -> None:
    """Grow rows so wrapped text shows in full: Excel never grows a row whose height the
    template fixed, and WPS/LibreOffice do not grow merged cells at all."""
    spans = {}
    for m in ws.merged_cells.ranges:
        if m.min_row == m.max_row:
            spans[(m.min_row, m.min_col)] = range(m.min_col, m.max_col + 1)
    for r in rows:
        lines = 1
        for c in range(1, ws.max_column + 1):
            cell = ws._cells.get((r, c))
            if cell is None or not isinstance(cell.value, str) or cell.data_type == "f":
                continue
            cols = spans.get((r, c), range(c, c + 1))
            width = sum(ws.column_dimensions[col_letter(i)].width or 8.43 for i in cols) - 1
            lines = max(lines, wrapped_lines(cell.value, width))
        current = ws.row_dimensions[r].height or 15
        if lines * _LINE_PT + 4 > current:
            ws.row_dimensions[r].height = lines * _LINE_PT + 4


# --- formulas and their cached values -----------------------------------------------------

def _stated(form: Form) -> dict[str, float | None]:
    return {"rate": form.funds.rate.number, "budget_score": form.funds.score.number,
            "total_weight": form.total_weight.number, "total_score": form.total_score.number}


class _SheetValues:
    """The values of a sheet being filled, formulas evaluated on demand (memoised, so a
    total that refers to the rate cell evaluates it once; a cycle yields #REF! as in Excel)."""

    def __init__(self, ws):
        self.ws = ws
        self.memo: dict[tuple[int, int], Any] = {}
        self.busy: set[tuple[int, int]] = set()

    def cell(self, row: int, col: int) -> Any:
        key = (row, col)
        if key in self.memo:
            return self.memo[key]
        cell = self.ws._cells.get(key)
        if cell is None:
            return None
        if cell.data_type != "f":
            return cell.value
        if key in self.busy:
            return XlError("#REF!")
        self.busy.add(key)
        try:
            value = evaluate(str(cell.value), lambda a1: self.cell(*parse_ref(a1)))
        except (Unsupported, ValueError, IndexError, KeyError, TypeError, OverflowError):
            value = None  # no cached value rather than a guess; Excel recalculates on load
        finally:
            self.busy.discard(key)
        self.memo[key] = value
        return value


def _evaluator(ws) -> _SheetValues:
    return _SheetValues(ws)


def _apply_formulas(ws, form: Form, roles: dict[str, tuple[int, int]]) -> dict[str, Any]:
    """Data wins over a formula only when it states a different value (the clerk's number)."""
    stated = _stated(form)
    for role in ("rate", "budget_score", "total_weight", "total_score"):
        pos, want = roles.get(role), stated[role]
        if pos is None or want is None:
            continue
        got = _evaluator(ws).cell(*pos)
        if not (isinstance(got, (int, float)) and not isinstance(got, bool) and abs(got - want) <= 1e-9):
            cell = ws.cell(row=pos[0], column=pos[1])
            cell.value = int(want) if float(want).is_integer() else want
    ev = _evaluator(ws)
    return {ref(r, c): ev.cell(r, c) for (r, c), cell in list(ws._cells.items()) if cell.data_type == "f"}


def _anchors(lay: Layout, sh: Shift, roles: dict[str, tuple[int, int]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, key in (("xlkit_project", C.P_NAME), ("xlkit_department", C.P_DEPT),
                      ("xlkit_implementer", C.P_IMPL), ("xlkit_goal", C.P_GOAL), ("xlkit_achieved", C.P_ACHIEVED)):
        pos = lay.first(key)
        if pos:
            out[name] = ref(sh.map(pos[0]), pos[1])
    year = lay.first(C.P_YEAR) or next((p for p in lay.texts if C.P_YEAR in lay.text_keys[p]), None)
    if year:
        out["xlkit_year"] = ref(sh.map(year[0]), year[1])
    top = lay.first(C.fund_header("年度资金总额", "年初预算数"))
    if top:
        last = lay.first(C.fund_header("其他资金", "年初预算数"))
        r2 = sh.map(last[0]) if last else sh.map(top[0]) + 3
        out["xlkit_funds"] = f"{ref(sh.map(top[0]), top[1])}:{ref(r2, top[1] + 5)}"
    if sh.k:
        cols = lay.row_cols.values()
        out["xlkit_indicators"] = f"{ref(lay.row, min(cols))}:{ref(lay.row + sh.k - 1, max(cols))}"
    totals = [roles[r] for r in ("total_weight", "total_score") if r in roles]
    if totals:
        a, b = ref(*totals[0]), ref(*totals[-1])
        out["xlkit_total"] = a if a == b else f"{a}:{b}"
    return out


# --- workbook level -------------------------------------------------------------------------

def fill(paths: Iterable[str | os.PathLike] | str | os.PathLike, out: str | os.PathLike, *,
         template: str | os.PathLike | None = None, force: bool = False) -> Path:
    """`xlkit fill`: read data files (see xlkit.data) and write the filled workbook."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = list(paths)
    bundle = load_data(paths)
    return fill_bundle(bundle, out, template=template, force=force, inputs=tuple(paths))


def fill_bundle(bundle: Bundle, out: str | os.PathLike, *, template: str | os.PathLike | None = None,
                force: bool = False, inputs: tuple = ()) -> Path:
    """Write a bundle: one form -> one sheet; a department bundle -> 项目清单 sheet + one sheet per form."""
    from .outputs import check_output

    if not bundle.forms:
        raise TemplateError("没有要填写的项目")
    if Path(out).suffix.lower() != ".xlsx":
        raise XlkitError(f"输出文件应以 .xlsx 结尾：{out}")
    tpl = Path(template) if template is not None else _default_template()
    check_output(out, force=force, inputs=inputs + ((tpl,) if template is not None else ()))
    wb, tws, lay = _open_template(tpl)
    is_bundle = len(bundle.forms) > 1 or bool(bundle.project_list)
    others = [ws.title for ws in wb.worksheets if ws is not tws]
    titles = [f.name or TEMPLATE_SHEET for f in bundle.forms]
    names = sheet_names_for(titles, reserved=others + ([LIST_SHEET] if is_bundle else []))
    tws.title = "__xlkit_template__"  # frees its name for the first filled sheet
    cached: dict[str, dict[str, Any]] = {}
    for i, (form, name) in enumerate(zip(bundle.forms, names)):
        ows = wb.create_sheet(title=name, index=i)
        res = render(tws, ows, form, lay)
        for anchor, rng in res.anchors.items():
            set_anchor(ows, anchor, rng)
        cached[name] = res.cached
    wb.remove(tws)
    if is_bundle:
        _list_sheet(wb, bundle, names)
    wb.active = 0
    set_marker(wb)
    wb.calculation.fullCalcOnLoad = True
    with atomic_path(out, force=force, inputs=inputs) as tmp:
        wb.save(tmp)
        write_cached_values(tmp, cached)
    return Path(out)


def _default_template() -> Path:
    from .resources import template_path
    return template_path()


def _open_template(path: Path):
    from openpyxl import load_workbook

    if not path.is_file():
        raise TemplateError(f"找不到模板文件：{path}")
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".xltx", ".xltm"):
        raise TemplateError(f"模板须为 .xlsx 或 .xlsm 工作簿：{path}（.xls/.ods 请先在 Excel/WPS 中另存为 .xlsx）")
    from .read.open import check_package
    check_package(path)  # a province's template is user input too: same bomb limits as a form
    try:
        wb = load_workbook(path)
    except Exception as e:
        if isinstance(e, zipfile.BadZipFile):
            raise TemplateError(f"模板无法打开：{path}（不是有效的 .xlsx 工作簿）") from e
        raise TemplateError(f"模板无法打开：{path}（{type(e).__name__}: {e}）") from e
    tws = find_form_sheet(wb)
    return wb, tws, scan_layout(tws)


def _list_sheet(wb, bundle: Bundle, sheet_names: list[str]) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.worksheet.hyperlink import Hyperlink

    ws = wb.create_sheet(title=LIST_SHEET, index=0)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.merge_cells("A1:C1")
    ws["A1"].value = f"{bundle.department or ''}部门绩效自评项目清单"
    ws["A1"].font = Font(name="黑体", size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 32
    for col, (text, width) in enumerate(((C.P_SEQ, 8), (C.P_NAME, 46), (C.P_NOTE, 30)), 1):
        c = ws.cell(row=2, column=col, value=text)
        c.font = Font(name="宋体", size=11, bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center")
        c.border = box
        ws.column_dimensions[col_letter(col)].width = width
    ws.row_dimensions[2].height = 22
    by_name = {f.name: s for f, s in zip(bundle.forms, sheet_names)}
    entries = bundle.project_list or [ProjectEntry(seq=Value(i), name=Value(f.name, f.name))
                                      for i, f in enumerate(bundle.forms, 1)]
    for r, e in enumerate(entries, 3):
        seq = ws.cell(row=r, column=1)
        _set_number(seq, e.seq)
        name = ws.cell(row=r, column=2)
        _set_text(name, e.name.text or None)
        _set_text(ws.cell(row=r, column=3), e.note.text or None)
        target = by_name.get(e.name.text) or _loose_match(e.name.text, by_name)
        if target:  # click a project name to jump to its form
            name.hyperlink = Hyperlink(ref=name.coordinate, location=f"{_quote(target)}!A1")
        ws.row_dimensions[r].height = 22
        for c in range(1, 4):
            cell = ws.cell(row=r, column=c)
            cell.font = Font(name="宋体", size=11, underline="single" if c == 2 and target else None,
                             color="0563C1" if c == 2 and target else None)
            cell.alignment = Alignment(horizontal="center" if c == 1 else "left", vertical="center", wrap_text=True)
            cell.border = box
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_area = f"A1:C{max(2, len(entries) + 2)}"


def _loose_match(name: str, by_name: dict[str, str]) -> str | None:
    # Lists often add or drop a trailing 专项 ("工会专项工作经费专项" vs the form's "工会专项工作经费").
    hits = [s for n, s in by_name.items() if n and name and (name.startswith(n) or n.startswith(name))]
    return hits[0] if len(hits) == 1 else None


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


# --- cached values in the saved file ----------------------------------------------------------

_CELL_F = re.compile(r'<c r="(?P<ref>[A-Z]+\d+)"(?P<attrs>[^>]*)>(?P<f><f>[^<]*</f>|<f [^>]*>[^<]*</f>)'
                     r"(?:<v\s*/>|<v>[^<]*</v>)?</c>")


def write_cached_values(path: str | os.PathLike, cached: dict[str, dict[str, Any]]) -> None:
    """Put each formula's computed value into the saved sheet XML (<v>), in place."""
    path = Path(path)
    with zipfile.ZipFile(path) as z:
        sheet_files = {part: name for name, part in sheet_paths(z).items()}
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    patched = []
    for info, data in items:
        title = sheet_files.get(info.filename)
        if title in cached and cached[title]:
            data = _patch_sheet(data.decode("utf-8"), cached[title]).encode("utf-8")
        patched.append((info, data))
    tmp = path.with_suffix(path.suffix + ".v")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in patched:
            z.writestr(info, data)
    os.replace(tmp, path)  # the new file has the default mode, unlike mkstemp's 0600


def _patch_sheet(xml: str, values: dict[str, Any]) -> str:
    def one(m: re.Match) -> str:
        if m.group("ref") not in values:
            return m.group(0)
        v = values[m.group("ref")]
        attrs = re.sub(r'\s+t="[^"]*"', "", m.group("attrs"))
        if v is None:
            return f'<c r="{m.group("ref")}"{attrs}>{m.group("f")}</c>'
        if isinstance(v, XlError):
            t, text = ' t="e"', escape(str(v))
        elif isinstance(v, bool):
            t, text = ' t="b"', "1" if v else "0"
        elif isinstance(v, (int, float)):
            t, text = "", repr(float(v)) if not float(v).is_integer() else str(int(v))
        else:
            t, text = ' t="str"', escape(str(v))
        return f'<c r="{m.group("ref")}"{attrs}{t}>{m.group("f")}<v>{text}</v></c>'
    return _CELL_F.sub(one, xml)
