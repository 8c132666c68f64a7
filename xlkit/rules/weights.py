"""W — weights (分值)."""
from __future__ import annotations

from typing import Iterator

from ..model import BUDGET_LEVEL1, Finding, Indicator
from ..quantities import fmt_num
from .context import FormContext, cell_range
from .registry import rule

EPS = 1e-6
OUTPUT_LEVEL1 = "产出指标"
COST_LEVEL1 = "成本指标"


def level1_groups(ctx: FormContext) -> list[tuple[str, list[Indicator]]]:
    """Rows grouped by 一级指标 in form order ("产出指标" -> rows)."""
    groups: dict[str, list[Indicator]] = {}
    for ind in ctx.rows():
        key = str(ind.level1.value or ind.level1.text or "").strip()
        groups.setdefault(key, []).append(ind)
    return list(groups.items())


def weight_sum(rows: list[Indicator]) -> float:
    return sum(i.weight.number for i in rows if i.weight.number is not None)


def declared_points(rows: list[Indicator]) -> float | None:
    for i in rows:
        if i.level1_points is not None:
            return i.level1_points
    return None


@rule("W01", "E", "全部指标分值加预算执行率分值之和不等于总分分值（100）")
def w01_total(ctx: FormContext) -> Iterator[Finding]:
    """Σ 分值 of every indicator + 预算执行率 分值 must equal the 总分 分值."""
    rows = ctx.rows()
    total = ctx.form.total_weight.number
    if not rows or total is None:
        return
    budget_w = ctx.form.funds.weight.number or 0.0
    s = weight_sum(rows) + budget_w
    if abs(s - total) > EPS:
        yield ctx.finding("W01", f"指标分值合计 {fmt_num(weight_sum(rows))} 加预算执行率分值 {fmt_num(budget_w)} "
                          f"= {fmt_num(s)}，与总分分值 {fmt_num(total)} 不符",
                          ctx.form.total_weight, expected=total, actual=round(s, 4))


@rule("W02", "E", "一级指标下各行分值之和不等于其标签声明的分值（如“产出指标 (50分)”合计 40）")
def w02_level1(ctx: FormContext) -> Iterator[Finding]:
    """The rows under a 一级指标 must add up to the points in its label."""
    for name, rows in level1_groups(ctx):
        declared = declared_points(rows)
        if declared is None:
            continue
        s = weight_sum(rows)
        if abs(s - declared) > EPS:
            label = rows[0].level1
            yield ctx.finding("W02", f"「{label.text or name}」声明 {fmt_num(declared)} 分，其下 {len(rows)} 行指标分值"
                              f"合计 {fmt_num(s)} 分（{'少' if s < declared else '多'} {fmt_num(abs(s - declared))} 分）",
                              cell_range([r.weight for r in rows]) or label,
                              sheet=rows[0].weight.sheet or None, expected=declared, actual=s)


def _effective_weights(ctx: FormContext) -> dict[str, tuple[float, Indicator]]:
    out = {}
    for name, rows in level1_groups(ctx):
        declared = declared_points(rows)
        out[name] = (declared if declared is not None else weight_sum(rows), rows[0])
    return out


@rule("W03", "W", "一级指标权重与评分规则的标准不同（产出50 / 效益30 / 满意度10 / 预算执行率10）")
def w03_standard(ctx: FormContext) -> Iterator[Finding]:
    """A deliberate, different split of the 100 points: allowed in special cases, so a warning.

    The weight of a 一级指标 is the one its label declares ("(50分)"); only when no label
    declares one is the row sum used. So a form that declares 50/30/10 but whose rows add
    to 40/40 gets W02 (rows wrong), not W03 (design differs).
    """
    if not ctx.profile.standard_weights:
        return  # the profile says points are split freely (Sichuan: 90 over the indicators)
    standard = ctx.profile.weights
    eff = _effective_weights(ctx)
    cost = eff.get(COST_LEVEL1)
    if cost is not None and COST_LEVEL1 not in standard and OUTPUT_LEVEL1 in eff:
        # newer forms (财预〔2021〕101号 style) list 成本指标 as a 一级指标 of its own; the 2020
        # standard counts it inside 产出指标, so their sum is what the standard 50 is about
        w_out, first_out = eff[OUTPUT_LEVEL1]
        eff = {k: v for k, v in eff.items() if k != COST_LEVEL1}
        eff[OUTPUT_LEVEL1] = (w_out + cost[0], first_out)
    for name, (w, first) in eff.items():
        if name in standard and abs(w - standard[name]) > EPS:
            shown = f"{name}（含成本指标）" if name == OUTPUT_LEVEL1 and COST_LEVEL1 in _effective_weights(ctx) \
                and COST_LEVEL1 not in standard else name
            yield ctx.finding("W03", f"「{shown}」权重 {fmt_num(w)} 分，标准为 {fmt_num(standard[name])} 分",
                              first.level1, expected=standard[name], actual=w,
                              note=f"weights.{name}={fmt_num(standard[name])}")
    bw = ctx.form.funds.weight.number
    if bw is not None and abs(bw - standard[BUDGET_LEVEL1]) > EPS:
        yield ctx.finding("W03", f"预算执行率分值 {fmt_num(bw)} 分，标准为 {fmt_num(standard[BUDGET_LEVEL1])} 分",
                          ctx.form.funds.weight, expected=standard[BUDGET_LEVEL1], actual=bw,
                          note=f"weights.预算执行率={fmt_num(standard[BUDGET_LEVEL1])}")


@rule("W04", "E", "指标行没有分值，或分值 ≤ 0")
def w04_missing(ctx: FormContext) -> Iterator[Finding]:
    """Every indicator row needs a positive 分值."""
    for ind in ctx.rows():
        w = ind.weight.number
        if w is None:
            yield ctx.finding("W04", f"指标「{ind.name.text}」没有分值", ind.weight)
        elif w <= 0:
            yield ctx.finding("W04", f"指标「{ind.name.text}」分值为 {fmt_num(w)}，应大于 0", ind.weight, actual=w)
