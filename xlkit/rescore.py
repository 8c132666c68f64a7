"""Rescore: a copy of a workbook with 得分 and 总分 recomputed under a profile.

What changes: the 得分 of quantitative indicators (actual vs target, SCORING.md §3), the
预算执行率 得分 (§2) and the 总分 得分. Qualitative scores are judgements and stay as the
clerk gave them. A cell holding a formula keeps its formula (Excel recomputes it); its
cached value is refreshed so that programs that do not recalculate see the new number.

Only .xlsx/.xlsm can be edited in place by openpyxl; .xls/.ods must be saved as .xlsx
first (we do not convert silently: formats, merges and formulas would be lost).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import XlkitError
from .model import Bundle, Form
from .rules.context import FormContext
from .scoring import Profile, default_profile

EDITABLE = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Change:
    sheet: str
    cell: str
    old: Any
    new: float
    what: str  # 指标名 / 预算执行率 / 总分
    formula: bool = False  # the cell keeps a formula; `new` is its recomputed value

    def line(self) -> str:
        from .quantities import fmt_num
        old = fmt_num(self.old) if isinstance(self.old, (int, float)) else (self.old or "空")
        tag = "（公式，已更新缓存值）" if self.formula else ""
        return f"{self.sheet}!{self.cell} {old} -> {fmt_num(self.new)}  {self.what}{tag}"


def planned_changes(form: Form, profile: Profile) -> list[Change]:
    """The cells whose score differs from the profile's, with their new values."""
    ctx = FormContext(form, Bundle(), profile)
    out: list[Change] = []
    for ind in ctx.rows():
        exp = ctx.expected_indicator_score(ind)
        s = ind.score
        if exp is not None and s.cell and (s.number is None or abs(s.number - exp) > 0.005):
            out.append(Change(s.sheet or form.sheet or "", s.cell, s.number, round(exp, 2), f"指标「{ind.name.text.strip()}」"))
    b = ctx.expected_budget_score()
    fs = form.funds.score
    if b is not None and fs.cell and (fs.number is None or abs(fs.number - b[0]) > 0.005):
        out.append(Change(fs.sheet or form.sheet or "", fs.cell, fs.number, round(b[0], 2), "预算执行率得分"))
    total = ctx.recomputed_total()
    ts = form.total_score
    if total is not None and ts.cell and (ts.number is None or abs(ts.number - total) > 0.005):
        out.append(Change(ts.sheet or form.sheet or "", ts.cell, ts.number, round(total, 2), "总分得分"))
    return out


def _cached_values(wb, sheets: set[str]) -> dict[str, dict[str, Any]]:
    """Evaluate every formula of the given sheets over the edited workbook (with xlkit.formulas)."""
    from .formulas import Unsupported, XlError, evaluate

    out: dict[str, dict[str, Any]] = {}
    for name in sheets:
        ws = wb[name]
        formulas = {c.coordinate: c.value[1:] for row in ws.iter_rows() for c in row
                    if isinstance(c.value, str) and c.value.startswith("=")}
        memo: dict[str, Any] = {}
        busy: set[str] = set()

        def lookup(cell: str, ws=ws, formulas=formulas, memo=memo, busy=busy):
            if cell in formulas:
                if cell not in memo:
                    if cell in busy:
                        raise Unsupported("circular reference")
                    busy.add(cell)
                    memo[cell] = evaluate(formulas[cell], lookup, ws.title)
                    busy.discard(cell)
                return memo[cell]
            return ws[cell].value

        values = {}
        for cell in formulas:
            try:
                v = lookup(cell)
            except (Unsupported, ZeroDivisionError, RecursionError, ValueError):
                continue
            if not isinstance(v, XlError):
                values[cell] = v
        out[name] = values
    return out


def rescore(path: str | os.PathLike, out: str | os.PathLike, *, profile: Profile | None = None,
            force: bool = False) -> list[Change]:
    """Write the rescored copy to `out`; return the changed cells. The input is never touched."""
    src = Path(path)
    if not str(path).strip() or not src.exists():
        raise XlkitError(f"{path}：文件不存在" if str(path).strip() else "文件路径为空（是否漏写了文件名？）")
    if src.is_dir():
        raise XlkitError(f"{src}：这是一个文件夹；rescore 需要一个 .xlsx 或 .xlsm 文件")
    if src.suffix.lower() not in EDITABLE:
        raise XlkitError(f"rescore 需要 .xlsx 或 .xlsm 文件，{src.name} 是 {src.suffix or '无扩展名'}："
                         f"请先在 Excel/WPS 中另存为 .xlsx 再重算（xlkit check 可直接检查该文件）")
    profile = profile or default_profile()
    from .read import read_workbook
    from .read.open import load_bytes
    kind = load_bytes(src).kind  # the content decides: an .xls renamed .xlsx cannot be edited in place
    if kind != "xlsx":
        raise XlkitError(f"{src.name} 的内容实为 {kind} 格式（扩展名是 {src.suffix}）：rescore 需要真正的 .xlsx 文件，"
                         f"请先在 Excel/WPS 中另存为 .xlsx 再重算（xlkit check 可直接检查该文件）")
    bundle = read_workbook(str(src))
    if not bundle.forms:
        raise XlkitError(f"{src}：没有找到项目支出绩效自评表，无法重算")
    from .outputs import atomic_path, check_output
    check_output(out, force=force, inputs=(src,))
    changes = [c for f in bundle.forms for c in planned_changes(f, profile)]

    import openpyxl
    wb = openpyxl.load_workbook(src, keep_vba=src.suffix.lower() == ".xlsm")
    final: list[Change] = []
    for ch in changes:
        cell = wb[ch.sheet][ch.cell]
        is_formula = isinstance(cell.value, str) and cell.value.startswith("=")
        if not is_formula:
            cell.value = ch.new
        final.append(Change(ch.sheet, ch.cell, ch.old, ch.new, ch.what, formula=is_formula))
    sheets = {f.sheet for f in bundle.forms if f.sheet}
    cached = _cached_values(wb, sheets)
    with atomic_path(out, force=force, inputs=(src,)) as tmp:
        wb.save(tmp)
        try:
            from .fill import write_cached_values
        except ImportError:  # without the fill module formulas simply keep no cached value
            write_cached_values = None
        if write_cached_values and any(cached.values()):
            write_cached_values(tmp, cached)
    return final
