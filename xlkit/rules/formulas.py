"""F — formulas. ctx.formulas (a SheetFormulas) is given by the engine for .xlsx/.xlsm
files; when it is None (other formats, or F rules not loaded) only F01 runs, on the
values the reader saw."""
from __future__ import annotations

from collections import Counter
from typing import Iterator

from ..model import Finding, Value, parse_ref
from ..quantities import fmt_num
from .context import FormContext
from .registry import rule

# Error values as Excel shows them; the evaluator (xlkit.formulas) is imported only when a
# workbook has formulas, so that checking plain files starts fast.
ERRORS = ("#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#N/A", "#NUM!", "#NULL!")


def _rows_of_form(ctx: FormContext) -> tuple[int, int]:
    """First and last sheet row of the form (so that two forms on one sheet stay apart)."""
    cached = getattr(ctx, "_form_rows", None)
    if cached is not None:
        return cached
    f = ctx.form
    anchors = [f.origin, f.project.cell, f.title.cell, f.total_score.cell, f.total_weight.cell, f.grade.cell]
    anchors += [i.score.cell for i in f.indicators[-1:]]
    rows = [parse_ref(c)[0] for c in anchors if c]
    bounds = (min(rows), max(rows)) if rows else (0, 10 ** 9)
    ctx._form_rows = bounds
    return bounds


def _in_form(ctx: FormContext, cell: str, bounds: tuple[int, int]) -> bool:
    try:
        r = parse_ref(cell)[0]
    except ValueError:
        return False
    return bounds[0] <= r <= bounds[1]


def _is_error(v: Value) -> str | None:
    for x in (v.value, v.raw):
        if isinstance(x, str) and x.strip().upper() in ERRORS:
            return x.strip().upper()
    return None


def _show(v) -> str:
    if isinstance(v, float):
        return fmt_num(v, 6)
    return "空" if v in (None, "") else str(v)


@rule("F01", "E", "单元格为 Excel 错误值（#DIV/0!、#REF!、#VALUE!、#NAME?、#N/A）")
def f01_errors(ctx: FormContext) -> Iterator[Finding]:
    """Error values make every total that depends on them wrong."""
    seen = set()
    for _path, v in ctx.form.values():
        err = _is_error(v)
        if err and v.cell:
            seen.add(v.cell)
            yield ctx.finding("F01", f"单元格为错误值 {err}", v, actual=err)
    sf = ctx.formulas
    if sf is None:
        return
    bounds = _rows_of_form(ctx)
    for cell, err in sorted(sf.errors.items()):
        if cell not in seen and _in_form(ctx, cell, bounds):
            formula = sf.formulas.get(cell)
            how = f"（公式 ={formula}）" if formula else ""
            yield ctx.finding("F01", f"单元格为错误值 {err}{how}", cell, actual=err)


def template_formula_cells(ctx: FormContext) -> list[tuple[str, Value]]:
    """Cells xlkit's template computes with a formula. The 预算执行率 得分 is a judgement
    cell (typed by the clerk; B04 checks it), so it is not here."""
    f = ctx.form
    return [("执行率", f.funds.rate), ("总分分值", f.total_weight), ("总分得分", f.total_score)]


@rule("F02", "E", "模板中以公式计算的单元格（执行率、总分分值、总分得分）被改为手填常量")
def f02_constants(ctx: FormContext) -> Iterator[Finding]:
    """Only for workbooks made from xlkit's template (marker present)."""
    sf = ctx.formulas
    if not ctx.form.template or sf is None:
        return
    for label, v in template_formula_cells(ctx):
        if v.cell and not v.empty and v.cell not in sf.formulas and not v.formula:
            yield ctx.finding("F02", f"{label}应由模板公式计算，此处为手填常量 {v.text}", v, actual=v.value)


def _total_checks(ctx: FormContext) -> list[tuple[str, Value, list[Value]]]:
    rows = ctx.rows()
    f = ctx.form
    return [("总分得分", f.total_score, [i.score for i in rows] + [f.funds.score]),
            ("总分分值", f.total_weight, [i.weight for i in rows] + [f.funds.weight])]


@rule("F03", "E", "合计公式漏掉应计入的行或重复计入同一单元格（如 总分 = SUM(H10:H17) 而指标到 H18）")
def f03_ranges(ctx: FormContext) -> Iterator[Finding]:
    """A 总分 formula must add every indicator row plus the 预算执行率 cell, each once."""
    sf = ctx.formulas
    if sf is None:
        return
    from ..formulas import Unsupported, sum_arguments
    for label, total, parts in _total_checks(ctx):
        formula = sf.formulas.get(total.cell or "") or (total.formula or "").lstrip("=")
        if not formula:
            continue
        try:
            refs = sum_arguments(formula)
        except Unsupported:
            continue
        if not refs:
            continue
        counted = Counter(c for r in refs if r.sheet in (None, ctx.sheet) for c in r.cells())
        expected = [v.cell for v in parts if v.cell]
        if not any(c in counted for c in expected):
            continue  # a formula that adds other things (subtotals); not ours to judge
        missing = [c for c in expected if c not in counted]
        twice = sorted(c for c, n in counted.items() if n > 1)
        if missing or twice:
            bits = []
            if missing:
                bits.append(f"漏计 {', '.join(missing)}")
            if twice:
                bits.append(f"重复计入 {', '.join(twice)}")
            yield ctx.finding("F03", f"{label}公式 ={formula} {'，'.join(bits)}", total,
                              expected=expected, actual=formula)


@rule("F04", "W", "公式的缓存值与按公式重新计算的值不同（保存前未重新计算）")
def f04_stale(ctx: FormContext) -> Iterator[Finding]:
    """What readers, printers and other programs see is the cached value; it must be current."""
    sf = ctx.formulas
    if sf is None or not sf.formulas:
        return
    from ..formulas import Unsupported, evaluate, same_value
    bounds = _rows_of_form(ctx)
    for cell, formula in sorted(sf.formulas.items(), key=lambda kv: parse_ref(kv[0])):
        if not _in_form(ctx, cell, bounds) or cell in sf.errors:
            continue
        try:
            computed = evaluate(formula, sf.lookup, ctx.sheet)
        except (Unsupported, ZeroDivisionError, OverflowError, ValueError, IndexError):
            continue
        cached = sf.cached.get(cell)
        if not same_value(cached, computed):
            yield ctx.finding("F04", f"公式 ={formula} 的缓存值为 {_show(cached)}，按公式计算应为 {_show(computed)}；"
                              f"请在 Excel/WPS 中重新计算后保存", cell, expected=computed, actual=cached)
