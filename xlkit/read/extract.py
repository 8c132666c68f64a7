"""Grid -> form model.

The extractor walks a located form's rows once, top to bottom, recognising each block by
its labels (labels.py) and finding the columns of the 项目资金 and 绩效指标 tables from their
header rows, so that the seed's five layouts — and shifted, stacked, unmerged or
budget-system exports — are read by the same code. Every Value remembers its sheet, cell
and raw text.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..model import Form, FundRow, Indicator, ProjectEntry, Value, parse_ref
from ..quantities import is_empty_mark, normalize_text, parse_number
from . import labels as L
from .grid import Grid, cell_text
from .locate import ListRegion, Region

# A form's indicator table ends at its 总分 row; without one, at this many blank rows in a
# row or this many rows after the header (no real form has more indicators).
MAX_BLANK_RUN = 3
MAX_TABLE_ROWS = 1000
# Rows below the 项目名称 row within which the other blocks must start.
MAX_HEAD_ROWS = 60
# Lines above a form's title searched for "金额单位：元".
UNIT_LOOKUP_ROWS = 3

_HEADER_CORES = frozenset({"一级指标", "二级指标", "三级指标"})
_SPECIAL_CORES = frozenset(_HEADER_CORES | L.TOTAL_LABELS | L.PROJECT_NAME | L.SUBTOTAL_LABELS)
_FUND_KEYS = {"年度资金总额": "total", "本年财政拨款": "fiscal", "上年结转资金": "carryover", "其他资金": "other"}


class CellReader:
    """Builds Values from one grid's cells."""

    def __init__(self, grid: Grid):
        self.g = grid
        self.sheet = grid.name

    def _where(self, r: int, c: int) -> dict:
        return {"sheet": self.sheet, "cell": self.g.a1(r, c)}

    def text(self, r: int, c: int, *, merged: bool = True, empty_marks: bool = False) -> Value:
        """A text field: value is the stripped text ('140.4 万元' stays text)."""
        if merged:
            v, rr, cc = self.g.get(r, c)
        else:
            v, rr, cc = self.g.raw(r, c), r, c
        raw = cell_text(v)
        if raw == "" or not raw.strip():
            return Value(None, None, sheet=self.sheet, cell=self.g.a1(rr, cc))
        val: Any = raw.strip()
        if empty_marks and is_empty_mark(val):
            val = None
        return Value(val, raw, sheet=self.sheet, cell=self.g.a1(rr, cc))

    def number(self, r: int, c: int | None, *, merged: bool = True) -> Value:
        """A numeric field: parse_number on the cell; raw keeps what the user typed."""
        if c is None:
            return Value()
        if merged:
            v, rr, cc = self.g.get(r, c)
            if cc != c:
                # only a merge down its own column (a score over several rows) carries a number;
                # a merge from the left is a label's
                v, rr, cc = self.g.raw(r, c), r, c
        else:
            v, rr, cc = self.g.raw(r, c), r, c
        if v == "" or v is None:
            return Value(None, None, sheet=self.sheet, cell=self.g.a1(rr, cc))
        raw = cell_text(v)
        if v.__class__ is float:
            return Value(v if v == v else None, raw, sheet=self.sheet, cell=self.g.a1(rr, cc))
        if isinstance(v, bool) or not isinstance(v, (int, float, str)):
            return Value(None, raw, sheet=self.sheet, cell=self.g.a1(rr, cc))
        n = parse_number(v)
        return Value(n.value, raw, text_number=n.text_number and n.value is not None, unit=n.unit,
                     sheet=self.sheet, cell=self.g.a1(rr, cc))

    def first_right(self, r: int, c: int, stop: int | None = None) -> tuple[int, int] | None:
        """The first non-empty cell right of the (possibly merged) label at (r, c), before `stop`."""
        start = self.g.merge_end_col(r, c) + 1
        end = self.g.ncols if stop is None else stop
        for cc in range(start, end):
            v = self.g.raw(r, cc)
            if v != "" and v is not None and not (isinstance(v, str) and not v.strip()):
                if isinstance(v, str) and L.is_field_label(v):
                    return None  # an empty field followed by the next label ("项目编码")
                return r, cc
        return None


_HAS_COMPARISON = re.compile(r"[≥≤=<>≧≦]|以上|以下|以内|不少于|不低于|不超过|不高于|不大于|不小于|至少|最多|左右|约")
# 指标性质 cells -> the comparison they mean; 定性 / 定量 / blank add nothing
_NATURE_SIGNS = {"≥": "≥", ">=": "≥", "≧": "≥", ">": ">", "大于等于": "≥", "不低于": "≥", "不少于": "≥",
                 "正向": "≥", "正向指标": "≥", "≤": "≤", "<=": "≤", "≦": "≤", "<": "<", "小于等于": "≤",
                 "不高于": "≤", "不超过": "≤", "反向": "≤", "反向指标": "≤", "=": "=", "==": "=", "等于": "="}


_AMOUNT_UNIT = re.compile(r"(?:单位)[:]?(万元|元)|\((万元|元)\)")


def _declared_amount_unit(text: str) -> str | None:
    """'项目资金（元）' -> '元'; '金额单位：万元' -> '万元'; other texts -> None."""
    m = _AMOUNT_UNIT.search(L.key(text))
    return (m.group(1) or m.group(2)) if m else None


def _points(v: Value) -> Value:
    """A 分值 / 权重 written as a percentage ("15%" of the 100-point total) is 15 points."""
    if v.unit == "%" and isinstance(v.value, (int, float)):
        v.value = round(v.value * 100, 10)
    return v


def _nature_sign(v: Any) -> str | None:
    if not isinstance(v, str):
        return None
    return _NATURE_SIGNS.get(re.sub(r"\s+", "", normalize_text(v)))


def _is_num(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float)):
        return True
    if isinstance(v, str) and v.strip():
        n = parse_number(v)
        return n.ok and n.value is not None
    return False


def _blank(v: Any) -> bool:
    return v == "" or v is None or (isinstance(v, str) and not v.strip())


class FormExtractor:
    def __init__(self, grid: Grid, region: Region, source: str | None):
        self.g = grid
        self.reg = region
        self.cr = CellReader(grid)
        self.form = Form(source=source, sheet=grid.name)
        self.form.notes["located_by"] = "labels"

    # -- helpers ------------------------------------------------------------------
    def _labels(self, r: int) -> list[tuple[int, Any, str]]:
        """(col, value, core) of the text cells of row r."""
        out = []
        for c, v in self.g.iter_cells(r):
            if isinstance(v, str):
                out.append((c, v, L.core(v)))
        return out

    # -- main -------------------------------------------------------------------------
    def run(self) -> Form | None:
        g, reg, f, cr = self.g, self.reg, self.form, self.cr
        f.origin = g.a1(reg.top, min(reg.anchor_col, reg.title_col if reg.title_col is not None else reg.anchor_col))
        if reg.title_row is not None:
            f.title = cr.text(reg.title_row, reg.title_col, merged=False)
        if reg.year_row is not None:
            yv = cr.text(reg.year_row, reg.year_col, merged=False)
            year = L.find_year(yv.raw)
            f.year = Value(year, yv.raw, sheet=yv.sheet, cell=yv.cell)
        anchor_v = g.raw(reg.anchor_row, reg.anchor_col)
        inline = L.inline_value(anchor_v, L.PROJECT_NAME)
        if inline is not None:  # "项目名称：送温暖帮扶专项" in one cell
            f.project = Value(inline, anchor_v, **cr._where(reg.anchor_row, reg.anchor_col))
            self._people(reg.anchor_row, self._labels(reg.anchor_row))
        else:
            pos = cr.first_right(reg.anchor_row, reg.anchor_col)
            f.project = cr.text(*pos) if pos else Value(
                None, None, **cr._where(reg.anchor_row, g.merge_end_col(reg.anchor_row, reg.anchor_col) + 1))
        fund_hdr = ind_hdr = goal_hdr = None
        found_any = False
        r = reg.anchor_row
        head_end = min(reg.limit, reg.anchor_row + MAX_HEAD_ROWS)
        while r < head_end:
            cells = self._labels(r)
            if r != reg.anchor_row and any(co in L.PROJECT_NAME for _, _, co in cells):
                break  # another form without a title: the region's end
            # A header on the 项目名称 row itself is a data table's header row (项目名称 | 一级指标
            # | …, as in the 指标 table of `xlkit extract`), never a form: forms put their
            # blocks below the project name.
            on_anchor = r == reg.anchor_row
            ind_cols = None if on_anchor else self._ind_header(cells)
            if ind_cols is not None:
                ind_hdr = (r, ind_cols)
                break
            fund_cols = None if on_anchor else self._fund_header(cells)
            if fund_cols is not None and fund_hdr is None:
                fund_hdr = (r, fund_cols)
                r = self._read_funds(r, fund_cols, head_end)
                found_any = True
                continue
            if goal_hdr is None and self._goal_header(r, cells):
                goal_hdr = r
                found_any = True
            self._people(r, cells)
            self._grade(r, cells)
            r += 1
        people = f.department.cell is not None or f.implementer.cell is not None
        if ind_hdr is None:
            if not found_any and not (people and inline is None):
                # label lines with no table under them ("项目名称：按预算批复的名称填写" in a
                # 填报说明 sheet) are instructions, not a form
                return None
            self._year_fallback()
            return f
        hr, cols = ind_hdr
        total_row = self._read_indicators(hr, cols)
        end = total_row if total_row is not None else hr
        # grade / conclusion lines just below the 总分 row (and above it, handled above)
        for rr in range(end, min(reg.limit, end + 4)):
            self._grade(rr, self._labels(rr))
        self._year_fallback()
        return f

    def _year_fallback(self) -> None:
        """No year line or titled year: take it from the sheet name or the file name
        ("2022年度自评表.xlsx"), remembering where it came from."""
        f = self.form
        if f.year.value is not None:
            return
        for where, text in (("sheet", self.g.name), ("file", Path(f.source).name if f.source else "")):
            y = L.find_year(text)
            if y is not None:
                f.year = Value(y, None)
                f.notes["year_from"] = where
                return

    # -- 主管部门 / 实施单位 ---------------------------------------------------------------
    def _people(self, r: int, cells) -> None:
        f, cr = self.form, self.cr
        impl_col = next((c for c, v, co in cells if co in L.IMPLEMENTER), None)
        for c, v, co in cells:
            if co in L.DEPARTMENT and f.department.cell is None:
                pos = cr.first_right(r, c, stop=impl_col if impl_col is not None and impl_col > c else None)
                f.department = cr.text(*pos) if pos else Value(None, None, **cr._where(r, c + 1))
            elif co in L.IMPLEMENTER and f.implementer.cell is None:
                pos = cr.first_right(r, c)
                f.implementer = cr.text(*pos) if pos else Value(None, None, **cr._where(r, c + 1))
            elif ":" in v or "：" in v:
                # "主管部门：安庆市总工会" (label and value in one cell)
                for attr, vocab in (("department", L.DEPARTMENT), ("implementer", L.IMPLEMENTER)):
                    val = L.inline_value(v, vocab)
                    if val is not None and getattr(f, attr).cell is None:
                        setattr(f, attr, Value(val, v, **cr._where(r, c)))

    def _grade(self, r: int, cells) -> bool:
        f, cr = self.form, self.cr
        if f.grade.cell is not None:
            return False
        for c, v, co in cells:
            if co in L.GRADE_LABELS:
                pos = cr.first_right(r, c)
                if pos:
                    f.grade = cr.text(*pos)
                    return True
            elif ":" in v or "：" in v:
                val = L.inline_value(v, L.GRADE_LABELS)  # "评价等级：优"
                if val is not None:
                    f.grade = Value(val, v, sheet=cr.sheet, cell=self.g.a1(r, c))
                    return True
        return False

    # -- 项目资金 ------------------------------------------------------------------------
    def _fund_header(self, cells) -> dict[str, int] | None:
        cols: dict[str, int] = {}
        for c, v, co in cells:
            name = L.fund_column(v)
            if name and name not in cols:
                cols[name] = c
        if sum(k in cols for k in ("initial", "budget", "executed")) >= 2:
            return cols
        return None

    def _read_funds(self, hr: int, cols: dict[str, int], limit: int) -> int:
        """Read the rows below the fund header; return the first row after the block."""
        f, cr, g = self.form, self.cr, self.g
        first_col = min(cols.values())
        scale = self._amount_scale(hr, first_col)
        if scale != 1.0:
            f.notes["amount_unit"] = "元"
        seen: set[str] = set()
        r = hr + 1
        while r < min(limit, hr + 10):
            cells = self._labels(r)
            key = None
            label_cell = None
            for c, v, co in cells:
                if c >= first_col:
                    break
                k = L.fund_row(v)
                if k and k not in seen:
                    key, label_cell = k, (c, v)
                    break
            if key is None:
                if any(L.match(v, L.GOAL_TARGET) or L.core(v).startswith(L.GOAL_BLOCK_PREFIXES)
                       or L.ind_column(v) in ("level1", "level2") or L.core(v) in L.PROJECT_NAME
                       for _, v, _ in cells):
                    break
                # a blank line, or a source row the model has no field for ("中央补助资金",
                # "单位自筹资金"): keep the latter for B01, the known rows may follow
                self._extra_fund_row(r, cells, first_col, cols, scale, seen)
                r += 1
                continue
            seen.add(key)
            row: FundRow = getattr(f.funds, _FUND_KEYS[key])
            row.label = cr.text(r, label_cell[0], merged=False)
            row.initial = self._amount(cr.number(r, cols.get("initial")), scale)
            row.budget = self._amount(cr.number(r, cols.get("budget")), scale)
            row.executed = self._amount(cr.number(r, cols.get("executed")), scale)
            if key == "年度资金总额":
                f.funds.weight = _points(cr.number(r, cols.get("weight")))
                f.funds.rate = cr.number(r, cols.get("rate"))
                f.funds.score = cr.number(r, cols.get("score"))
                rate = f.funds.rate
                head = self.g.raw(hr, cols["rate"]) if "rate" in cols else ""
                if rate.value is not None and rate.unit is None and (
                        ("%" in L.key(head) and rate.value > 1.5) or rate.value > 2):
                    # "100" under "执行率(%)" (or any rate above 200 %) means 100 %, not 100x;
                    # 0.98 under "执行率(%)" is a percent-formatted fraction (98 %), not 0.98 %
                    f.notes["rate_as_percent_number"] = rate.value
                    rate.value = round(rate.value / 100, 12)
                    rate.unit = "%"
            r += 1
        return r

    def _extra_fund_row(self, r: int, cells, first_col: int, cols: dict[str, int], scale: float,
                        seen: set[str]) -> None:
        f, cr = self.form, self.cr
        if "年度资金总额" not in seen:
            return  # only rows under the total are its sources
        label = next(((c, v) for c, v, co in cells if c < first_col and co and not L.is_block_label(v)
                      and not L.core(v).startswith("项目资金")), None)
        if label is None:
            return
        row = FundRow(L.core(label[1]) or label[1].strip())
        row.label = cr.text(r, label[0], merged=False)
        row.initial = self._amount(cr.number(r, cols.get("initial")), scale)
        row.budget = self._amount(cr.number(r, cols.get("budget")), scale)
        row.executed = self._amount(cr.number(r, cols.get("executed")), scale)
        if any(v.number is not None for v in (row.initial, row.budget, row.executed)):
            f.funds.extra.append(row)

    def _amount_scale(self, hr: int, first_col: int) -> float:
        """1e-4 when the form states its amounts in 元 ("项目资金（元）", "金额单位：元" in the
        header or the lines above it); the model keeps every amount in 万元."""
        g = self.g
        texts = [v for _, v in g.iter_cells(hr) if isinstance(v, str)]
        # the block label merged down from above, and the lines between the title and this header
        v, _, _ = g.get(hr, max(first_col - 2, g.col0))
        if isinstance(v, str):
            texts.append(v)
        # "项目资金" above "（元）": the unit on the next line of the block label
        for r in (hr + 1, hr + 2):
            texts += [v for c, v in g.iter_cells(r) if c < first_col and isinstance(v, str) and not L.core(v)]
        # "金额单位：元" may sit on a notes line just above the title
        for r in range(max(g.row0, self.reg.top - UNIT_LOOKUP_ROWS), hr):
            texts += [v for _, v in g.iter_cells(r) if isinstance(v, str) and "单位" in v]
        for t in texts:
            unit = _declared_amount_unit(t)
            if unit is not None:
                return 1e-4 if unit == "元" else 1.0
        return 1.0

    def _amount(self, v: Value, scale: float) -> Value:
        """An amount in 万元: "980000元" in a cell, or a bare number under a 元 header, is divided by 10,000."""
        if v.value is None or not isinstance(v.value, (int, float)):
            return v
        if v.unit == "元" or (v.unit is None and scale != 1.0):
            v.value = round(v.value / 1e4, 10)
            self.form.notes["amount_unit"] = "元"
        return v

    # -- 年度总体目标 ----------------------------------------------------------------------
    def _goal_header(self, r: int, cells) -> bool:
        f, cr, g = self.form, self.cr, self.g
        tcol = next((c for c, v, co in cells if co in L.GOAL_TARGET), None)
        acol = next((c for c, v, co in cells if co in L.GOAL_ACHIEVED), None)
        if tcol is None and acol is None:
            block = next(((c, v) for c, v, co in cells if co.startswith(L.GOAL_BLOCK_PREFIXES)), None)
            if block is None:
                return False
            # a block label with the goal text on the same row ("年度总体目标 | text")
            pos = self.cr.first_right(r, block[0])
            if pos and not L.ind_column(g.raw(*pos)):
                f.goal = cr.text(*pos)
                return True
            return False
        # the texts sit in the next non-empty row under the two column labels
        for rr in range(r + 1, min(self.reg.limit, r + 6)):
            rcells = self._labels(rr)
            if self._ind_header(rcells) is not None:
                break
            vals = [(c, v) for c, v in g.iter_cells(rr) if c >= (tcol if tcol is not None else acol)]
            if not vals:
                continue
            if tcol is not None:
                stop = acol if acol is not None and acol > tcol else None
                pos = next(((rr, c) for c, v in vals if (stop is None or c < stop) and not _blank(v)), None)
                if pos:
                    f.goal = cr.text(*pos)
            if acol is not None:
                pos = next(((rr, c) for c, v in vals if c >= acol and not _blank(v)), None)
                if pos:
                    f.achieved = cr.text(*pos)
            break
        return True

    # -- 绩效指标 ---------------------------------------------------------------------------
    def _ind_header(self, cells) -> dict[str, int] | None:
        cols: dict[str, int] = {}
        for c, v, co in cells:
            name = L.ind_column(v)
            if name and name not in cols:
                cols[name] = c
            elif name == "reason" and "reason2" not in cols:
                cols["reason2"] = c  # "偏差原因分析" | "改进措施" in two columns
        if "name" in cols and ("level2" in cols or "level1" in cols) and ("weight" in cols or "target" in cols):
            return cols
        return None

    def _read_indicators(self, hr: int, cols: dict[str, int]) -> int | None:
        """Read indicator rows below the header row; return the 总分 row (or None)."""
        f, g, cr = self.form, self.g, self.cr
        c1 = cols.get("level1")
        c2 = cols.get("level2")
        cn = cols["name"]
        cw = cols.get("weight")
        cs = cols.get("score")
        cur_l1: Value = Value()
        cur_l1_src: tuple[int, int] | None = None
        cur_pts: float | None = None
        group: list[Indicator] = []  # indicators under the current 一级 label
        cur_l2: Value = Value()
        cur_l2_src: tuple[int, int] | None = None
        prev_shift = 0
        blank_run = 0
        limit = min(self.reg.limit, hr + 1 + MAX_TABLE_ROWS)
        for r in range(hr + 1, limit):
            row_cells = g.iter_cells(r)
            if not row_cells:
                blank_run += 1
                if blank_run >= MAX_BLANK_RUN:
                    return None
                continue
            blank_run = 0
            texts = [(c, v, L.core(v)) for c, v in row_cells if v.__class__ is str]
            if any(co in _SPECIAL_CORES or co.endswith("小计") for _, _, co in texts):  # rare: one pass for the common rows
                # 总分 row: its label sits left of the name column (or at least left of 分值)
                stop_col = cw if cw is not None else cn + 1
                if any(c < stop_col and (co in L.SUBTOTAL_LABELS or co.endswith("小计")) for c, _, co in texts):
                    continue  # a 小计 line under a 一级指标 ("产出指标小计") is not an indicator
                if any(c < stop_col and co in L.TOTAL_LABELS and self._is_group_total(r, c, c1) for c, _, co in texts):
                    continue  # "合计" of one 一级指标, inside its merged label: a subtotal
                if any(c < stop_col and co in L.TOTAL_LABELS for c, _, co in texts):
                    self._read_total(r, cols)
                    f.notes["total_row"] = r + 1
                    return r
                if any(co in L.PROJECT_NAME for _, _, co in texts):
                    return None  # a new form starts: no 总分 row in this one
                if any(c < stop_col and co in L.SUBTOTAL_LABELS for c, _, co in texts):
                    continue  # a 小计 line under a 一级指标 is not an indicator
                if any(co in _HEADER_CORES for _, _, co in texts) and self._ind_header(texts) is not None:
                    continue  # a repeated header (page break in an export)
            if len(texts) == len(row_cells) and all(
                    (not co and L.level1_parts(v)[1] is None) or L.ind_column(v) is not None for _, v, co in texts):
                continue  # a second header line ("（A）" / "（B）" under 年度指标值 / 实际完成值)
            shift = self._row_shift(r, cols, prev_shift)
            prev_shift = shift
            if shift:
                f.notes.setdefault("shifted_rows", []).append(r + 1)

            def col(c):
                return None if c is None else c - shift

            # 一级 / 二级 labels: merged ranges apply to all their rows; unmerged labels carry down
            t1 = self._label_cell(r, col(c1), merged=not shift) if c1 is not None else None
            t2 = self._label_cell(r, col(c2), merged=not shift) if c2 is not None else None
            if t1 is not None and (t1[1], t1[2]) != cur_l1_src:
                raw1 = t1[0]
                name1, pts = L.level1_parts(raw1)
                if not name1 and pts is not None:
                    # "(30分)" on a line of its own: the points of the 一级 label above
                    cur_pts = pts
                    for ind in group:
                        if ind.level1_points is None:
                            ind.level1_points = pts
                    cur_l1_src = (t1[1], t1[2])
                elif name1 in L.LEVEL2_NAMES and name1 not in L.LEVEL1_CANON.values() and t2 is None:
                    t2 = t1  # a 二级 label written one column too far left
                else:
                    cur_l1 = Value(name1, raw1, sheet=g.name, cell=g.a1(t1[1], t1[2]))
                    cur_l1_src = (t1[1], t1[2])
                    cur_pts = pts
                    group = []
                    cur_l2, cur_l2_src = Value(), None
            if t2 is not None and (t2[1], t2[2]) != cur_l2_src:
                cur_l2 = Value(L.strip_enum(t2[0].strip()), t2[0], sheet=g.name, cell=g.a1(t2[1], t2[2]))
                cur_l2_src = (t2[1], t2[2])
            name = cr.text(r, col(cn), merged=not shift)
            target = cr.text(r, col(cols["target"]), merged=False) if "target" in cols else Value()
            actual = cr.text(r, col(cols["actual"]), merged=False) if "actual" in cols else Value()
            weight = _points(cr.number(r, col(cw), merged=False))
            score = cr.number(r, col(cs), merged=False)
            reason = cr.text(r, col(cols["reason"]), merged=not shift, empty_marks=True) if "reason" in cols else Value()
            if reason.value is None and "reason2" in cols:
                more = cr.text(r, col(cols["reason2"]), merged=not shift, empty_marks=True)
                if more.value is not None:
                    reason = more
            if name.raw is None and target.raw is None and actual.raw is None and weight.raw is None and score.raw is None:
                continue  # a label-only line
            if name.raw is not None and isinstance(name.value, str):
                name.value = L.strip_indicator_prefix(name.value) or name.value
            if "unit" in cols:
                # a separate 计量单位 column: "1500" + "人" is the target "1500 人"
                u = g.raw(r, col(cols["unit"]))
                if isinstance(u, str) and u.strip() and not is_empty_mark(u):
                    for v in (target, actual):
                        if v.raw is not None and v.unit is None:
                            v.unit = u.strip()
            if "nature" in cols and isinstance(target.value, str):
                # a separate 指标性质 column: "≤" + "5" is the target "≤5"
                sign = _nature_sign(g.raw(r, col(cols["nature"])))
                if sign and not _HAS_COMPARISON.search(normalize_text(target.value)):
                    target.value = sign + target.value.strip()
            ind = Indicator(level1=cur_l1, level2=cur_l2, name=name, target=target, actual=actual,
                            weight=weight, score=score, reason=reason, level1_points=cur_pts, row=r + 1)
            f.indicators.append(ind)
            group.append(ind)
        return None

    def _is_group_total(self, r: int, c: int, c1: int | None) -> bool:
        """A 合计 label right of the 一级 column while that column's merged 一级 label still
        covers this row: the group's subtotal, not the form's 总分."""
        if c1 is None or c <= c1:
            return False
        v, rr, _ = self.g.get(r, c1)
        if rr >= r or not isinstance(v, str):
            return False
        name, _ = L.level1_parts(v)
        return name in L.LEVEL1_CANON.values()

    def _label_cell(self, r: int, c: int | None, *, merged: bool) -> tuple[str, int, int] | None:
        if c is None or c < 0:
            return None
        if merged:
            v, rr, cc = self.g.get(r, c)
        else:
            v, rr, cc = self.g.raw(r, c), r, c
        if _blank(v):
            return None
        t = cell_text(v)
        if L.is_block_label(t) or L.ind_column(t) in ("level1", "level2"):
            return None
        return t, rr, cc

    def _row_shift(self, r: int, cols: dict[str, int], prev_shift: int) -> int:
        """1 when the row's cells sit one column left of their headers (seen in exports).

        Evidence required: the 得分 column is empty while 分值 and the column before it hold
        numbers, and either the 一级 column holds a 二级 name, something sits left of the 一级
        column, or the row above was shifted too.
        """
        g = self.g
        cw, cs, c1 = cols.get("weight"), cols.get("score"), cols.get("level1")
        if cw is None or cs is None or cs != cw + 1:
            return 0
        if not _blank(g.raw(r, cs)) or not _is_num(g.raw(r, cw)) or not _is_num(g.raw(r, cw - 1)):
            return 0
        if prev_shift:
            return 1
        if c1 is not None:
            v1 = g.raw(r, c1)
            c2 = cols.get("level2")
            v2 = g.raw(r, c2) if c2 is not None else ""
            # a 二级 name in the 一级 column with a non-二级 text beside it ("成本指标" may be a
            # 一级 label in newer forms, but then a 二级 name follows it)
            if (isinstance(v1, str) and L.core(v1) in L.LEVEL2_NAMES
                    and not _blank(v2) and L.core(v2) not in L.LEVEL2_NAMES):
                return 1
            if c1 - 1 >= 0:
                v0 = g.raw(r, c1 - 1)
                if not _blank(v0) and not L.is_block_label(v0):
                    return 1
        return 0

    def _read_total(self, r: int, cols: dict[str, int]) -> None:
        f, g, cr = self.form, self.g, self.cr
        cw, cs = cols.get("weight"), cols.get("score")
        shift = 0
        if cw is not None and cs is not None and _blank(g.raw(r, cs)) and _is_num(g.raw(r, cw)) and _is_num(g.raw(r, cw - 1)):
            shift = 1
        f.total_weight = _points(cr.number(r, None if cw is None else cw - shift))
        f.total_score = cr.number(r, None if cs is None else cs - shift)
        if cs is not None and f.grade.cell is None:
            # a bare grade ("优") written right of the total score, in the reason column
            for c, v in self.g.iter_cells(r):
                if c > cs - shift and isinstance(v, str) and L.key(v) in L.GRADE_WORDS:
                    f.grade = cr.text(r, c, merged=False)
                    break


def extract_form(grid: Grid, region: Region, source: str | None = None) -> Form | None:
    """The form at `region` of `grid`, or None when the region holds no form after all."""
    return FormExtractor(grid, region, source).run()


def extract_list(grid: Grid, pl: ListRegion) -> tuple[list[ProjectEntry], str | None]:
    """The 部门绩效自评项目清单 rows and the department named in its title."""
    cr = CellReader(grid)
    out: list[ProjectEntry] = []
    blank = 0
    for r in range(pl.header_row + 1, grid.nrows):
        name = cr.text(r, pl.name_col, merged=False)
        if name.raw is None:
            blank += 1
            if blank >= 2:
                break
            continue
        blank = 0
        if L.core(name.raw) in L.PROJECT_NAME or L.core(name.raw) in L.TOTAL_LABELS:
            break
        if isinstance(name.raw, str) and ("自评表" in name.raw):
            break
        seq = cr.number(r, pl.seq_col, merged=False) if pl.seq_col is not None else Value()
        note = cr.text(r, pl.note_col, merged=False) if pl.note_col is not None else Value()
        out.append(ProjectEntry(seq=seq, name=name, note=note))
    dept = None
    if pl.title:
        t = normalize_text(pl.title).strip()
        for suffix in (L.LIST_TITLE_SUFFIX, "项目清单", "清单"):
            i = t.find(suffix)
            if i > 0:
                dept = t[:i]
                for cut in ("部门绩效自评", "部门", "绩效自评"):
                    if dept.endswith(cut):
                        dept = dept[: -len(cut)]
                dept = dept.strip() or None
                break
    return out, dept


# --- forms made by xlkit's template: read through its named anchors -------------------

def _range(a: str) -> tuple[int, int, int, int]:
    a = a.split("!")[-1].replace("$", "").strip()
    if ":" in a:
        x, y = a.split(":", 1)
    else:
        x = y = a
    r1, c1 = parse_ref(x)
    r2, c2 = parse_ref(y)
    return r1 - 1, c1 - 1, r2 - 1, c2 - 1


def extract_by_anchors(grid: Grid, anchors: dict[str, str], source: str | None, marker: str | None) -> Form | None:
    """Read a form through the template's named anchors (exact cells, whatever the labels say)."""
    cr = CellReader(grid)
    f = Form(source=source, sheet=grid.name, template=marker)
    f.notes["located_by"] = "template"
    try:
        def cell(name):
            a = anchors.get(name)
            if not a:
                return None
            r1, c1, _, _ = _range(a)
            return r1, c1

        for attr, name in (("project", "xlkit_project"), ("department", "xlkit_department"),
                           ("implementer", "xlkit_implementer"), ("goal", "xlkit_goal"),
                           ("achieved", "xlkit_achieved")):
            pos = cell(name)
            if pos is not None:
                setattr(f, attr, cr.text(*pos))
        pos = cell("xlkit_year")
        if pos is not None:
            yv = cr.text(*pos)
            year = None
            if isinstance(yv.value, str):
                year = L.find_year(yv.value)
                if year is None and yv.value.strip().isdigit():
                    year = int(yv.value.strip())
            f.year = Value(year, yv.raw, sheet=yv.sheet, cell=yv.cell)
        if anchors.get("xlkit_funds"):
            r1, c1, r2, c2 = _range(anchors["xlkit_funds"])
            for i, key in enumerate(("total", "fiscal", "carryover", "other")):
                if r1 + i > r2:
                    break
                row: FundRow = getattr(f.funds, key)
                row.initial = cr.number(r1 + i, c1)
                row.budget = cr.number(r1 + i, c1 + 1)
                row.executed = cr.number(r1 + i, c1 + 2)
                lab = c1 - 1
                if lab >= 0:
                    row.label = cr.text(r1 + i, lab)
            f.funds.weight = cr.number(r1, c1 + 3)
            f.funds.rate = cr.number(r1, c1 + 4)
            f.funds.score = cr.number(r1, c1 + 5)
        if anchors.get("xlkit_indicators"):
            r1, c1, r2, c2 = _range(anchors["xlkit_indicators"])
            cols = {"level1": c1, "level2": c1 + 1, "name": c1 + 2, "target": c1 + 3, "actual": c1 + 4,
                    "weight": c1 + 5, "score": c1 + 6, "reason": c1 + 7}
            reg = Region(r1, c1, r1, r2 + 1)
            ex = FormExtractor(grid, reg, source)
            ex.form = f
            ex._read_indicators(r1 - 1, cols)
        if anchors.get("xlkit_total"):
            r1, c1, r2, c2 = _range(anchors["xlkit_total"])
            f.total_weight = cr.number(r1, c1)
            f.total_score = cr.number(r2, c2 if c2 != c1 else c1 + 1)
    except (ValueError, KeyError, TypeError):
        return None
    f.origin = grid.a1(grid.row0, grid.col0)
    return f
