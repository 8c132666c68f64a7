"""C — content hygiene."""
from __future__ import annotations

from typing import Iterator

from ..model import Finding
from ..quantities import fmt_num
from ..targets import looks_quantitative
from .context import FormContext, criterion_text, is_placeholder, level2_key, strip_label
from .registry import rule


@rule("C01", "W", "占位指标（“无”“指标:无”“/”“—”）却有分值 > 0")
def c01_placeholder(ctx: FormContext) -> Iterator[Finding]:
    """A placeholder row must not carry points: its points are scored without any indicator."""
    for ind in ctx.rows():
        w = ind.weight.number
        if is_placeholder(ind) and w is not None and w > 0:
            score = f"，得分 {fmt_num(ind.score.number)}" if ind.score.number is not None else ""
            yield ctx.finding("C01", f"三级指标为占位「{ind.name.text.strip()}」（{ind.level2.text.strip()}），"
                              f"却有分值 {fmt_num(w)}{score}；应设实际指标或将分值分配给其他指标",
                              ind.name, expected=0, actual=w)


@rule("C02", "W", "同一二级指标下三级指标文字重复")
def c02_duplicate(ctx: FormContext) -> Iterator[Finding]:
    """The same 三级指标 twice under one 二级指标 (placeholders are C01's business)."""
    seen: dict[tuple[str, str, str], str] = {}
    for ind in ctx.rows():
        if is_placeholder(ind):
            continue
        text = strip_label(ind.name.text).replace(" ", "")
        if not text:
            continue
        key = (str(ind.level1.value or ""), level2_key(ind.level2.text), text)
        if key in seen:
            yield ctx.finding("C02", f"「{ind.level2.text.strip()}」下三级指标「{ind.name.text.strip()}」重复出现"
                              f"（首次在 {seen[key]}）", ind.name)
        else:
            seen[key] = ind.name.cell or "上文"


@rule("C03", "E", "二级指标不属于其一级指标（如满意度指标列在产出指标下）")
def c03_level2(ctx: FormContext) -> Iterator[Finding]:
    """Only names that belong to *another* 一级指标's standard set are reported; a province's
    own 二级指标 names are not guessed at."""
    sets = {l1: {level2_key(n) for n in names} for l1, names in ctx.profile.level2.items()}
    for ind in ctx.rows():
        l1 = str(ind.level1.value or "")
        key = level2_key(ind.level2.text)
        if not key or l1 not in sets or key in sets[l1]:
            continue
        if l1 == "效益指标" and "满意度" in key:
            # the 2013–2019 绩效目标申报表 framework (still used by several provinces) lists
            # 服务对象满意度 as a 二级指标 of 效益指标: a different standard, not a misplaced row
            continue
        owners = [o for o, names in sets.items() if key in names]
        if owners:
            yield ctx.finding("C03", f"二级指标「{ind.level2.text.strip()}」属于「{owners[0]}」，却列在「{l1}」下",
                              ind.level2, expected=owners[0], actual=l1, note="level2")


@rule("C04", "I", "年度指标值看似定量（含数字）但无法解析，未重算得分")
def c04_unparsed(ctx: FormContext) -> Iterator[Finding]:
    """A target with a number that did not parse (ranges, two numbers, odd wording)."""
    for ind in ctx.rows():
        if is_placeholder(ind):
            continue
        a = ctx.analysis(ind)
        if a.target is None and looks_quantitative(criterion_text(ind.target)):
            yield ctx.finding("C04", f"年度指标值「{ind.target.text.strip()}」含数字但无法解析为“比较 + 数值 + 单位”，"
                              f"未按定量指标重算得分", ind.target)


@rule("C05", "W", "实际完成值的单位与年度指标值不同（人 vs 人次，万元 vs 元）")
def c05_units(ctx: FormContext) -> Iterator[Finding]:
    """Units must agree; 万元 vs 元 are converted, 人 vs 人次 are not."""
    for ind in ctx.rows():
        a = ctx.analysis(ind)
        if a.unit_mismatch:
            yield ctx.finding("C05", f"年度指标值「{ind.target.text.strip()}」单位为「{a.target.quantity.written_unit}」，"
                              f"实际完成值「{ind.actual.text.strip()}」单位为「{a.actual.written_unit}」，无法比较",
                              ind.actual, expected=a.target.unit, actual=a.actual.unit)
