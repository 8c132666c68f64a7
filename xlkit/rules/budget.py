"""B — budget (项目资金)."""
from __future__ import annotations

from typing import Iterator

from ..model import FUND_COLUMNS, Finding
from ..quantities import fmt_num, fmt_pct
from .context import FormContext
from .registry import rule

EPS = 1e-9


@rule("B01", "E", "年度资金总额 ≠ 本年财政拨款 + 上年结转资金 + 其他资金（年初预算数 / 全年预算数 / 全年执行数 任一列）")
def b01_sources(ctx: FormContext) -> Iterator[Finding]:
    """The sources must add up to the total in each amount column. Columns where no source
    is filled are skipped: many forms leave the breakdown blank."""
    funds = ctx.form.funds
    tol = ctx.profile.amount_tolerance
    known_rows = (funds.fiscal, funds.carryover, funds.other)
    for col in FUND_COLUMNS:
        total = funds.total.column(col)
        parts = [r.column(col) for r in known_rows]
        extras = [r.column(col) for r in funds.extra]
        if total.number is None or all(p.number is None for p in parts + extras):
            continue
        s = sum(p.number for p in parts if p.number is not None)
        if any(p.number is not None for p in parts) and abs(s - total.number) <= tol + EPS:
            continue
        if extras:
            # rows the standard form does not have ("中央补助资金", "单位自筹资金") are either
            # further sources or a breakdown of 财政拨款: accept the total when it matches with them
            s_all = s + sum(p.number for p in extras if p.number is not None)
            if abs(s_all - total.number) <= tol + EPS:
                continue
        names = ["本年财政拨款", "上年结转", "其他资金"] + [r.key for r in funds.extra]
        nums = [p.number or 0 for p in parts + extras]
        s = sum(nums)
        shown = " + ".join(fmt_num(n, 4) for n in nums)
        yield ctx.finding("B01", f"{col}：年度资金总额 {fmt_num(total.number, 4)} 万元，但 {' + '.join(names)} = "
                          f"{shown} = {fmt_num(s, 4)} 万元", total, expected=round(s, 6), actual=total.number,
                          note=f"amount_tolerance={fmt_num(tol, 4)}")


@rule("B02", "E", "所填执行率与 全年执行数 / 全年预算数（B/A）不符")
def b02_rate(ctx: FormContext) -> Iterator[Finding]:
    """执行率 = B/A."""
    total = ctx.form.funds.total
    a, b, stated = total.budget.number, total.executed.number, ctx.form.funds.rate.number
    if a is None or b is None or stated is None or a <= 0:
        return
    rate = b / a
    tol = ctx.profile.rate_tolerance
    # "100" in a rate cell means 100 % in some budget-system exports: accept either reading
    readings = [stated] + ([stated / 100] if stated > 1.5 else [])
    if all(abs(rate - r) > tol + EPS for r in readings):
        yield ctx.finding("B02", f"执行率填 {fmt_pct(stated)}，全年执行数 {fmt_num(b, 4)} / 全年预算数 {fmt_num(a, 4)} = {fmt_pct(rate)}",
                          ctx.form.funds.rate, expected=round(rate, 6), actual=stated,
                          note=f"rate_tolerance={fmt_num(tol, 4)}")


@rule("B03", "W", "全年执行数超过全年预算数")
def b03_overspent(ctx: FormContext) -> Iterator[Finding]:
    """Spending above the adjusted budget needs a look (and caps the rate at 100 %)."""
    total = ctx.form.funds.total
    a, b = total.budget.number, total.executed.number
    if a is None or b is None or b <= a + ctx.profile.amount_tolerance:
        return
    yield ctx.finding("B03", f"全年执行数 {fmt_num(b, 4)} 万元超过全年预算数 {fmt_num(a, 4)} 万元（超 {fmt_num(b - a, 4)} 万元）",
                      total.executed, expected=f"≤ {fmt_num(a, 4)}", actual=b)


@rule("B04", "E", "预算执行率得分与执行率按评分规则计算的分数不符（如执行率 100% 却得 5/10）")
def b04_budget_score(ctx: FormContext) -> Iterator[Finding]:
    """预算执行率 得分 must follow the profile (default: 分值 × min(B/A, 1))."""
    score = ctx.form.funds.score
    exp = ctx.expected_budget_score()
    if exp is None or score.number is None:
        return
    expected, rule_used = exp
    tol = ctx.profile.score_tolerance
    if abs(expected - score.number) > tol + EPS:
        rate = ctx.execution_rate()
        total = ctx.form.funds.total
        how = ""
        if total.budget.number and total.executed.number is not None:
            how = f"（全年执行数 {fmt_num(total.executed.number, 4)} / 全年预算数 {fmt_num(total.budget.number, 4)}）"
        yield ctx.finding("B04", f"执行率 {fmt_pct(rate)}{how}，预算执行率分值 {fmt_num(ctx.form.funds.weight.number)}，"
                          f"应得 {fmt_num(expected)} 分，填 {fmt_num(score.number)} 分", score,
                          expected=expected, actual=score.number,
                          note=f"{rule_used}; score_tolerance={fmt_num(tol)}")


@rule("B05", "I", "全年预算数与年初预算数不同（年中调整预算）：说明差额及按两者计算的执行率")
def b05_adjusted(ctx: FormContext) -> Iterator[Finding]:
    """The budget was adjusted during the year; the rate against each budget is shown,
    because forms and reports often mix them (seed 002: 62.38/62.38 scored as 62.38/100)."""
    total = ctx.form.funds.total
    init, a, b = total.initial.number, total.budget.number, total.executed.number
    if init is None or a is None or abs(init - a) <= ctx.profile.amount_tolerance:
        return
    change = a - init
    how = "调增" if change > 0 else "调减"
    rates = ""
    if b is not None and a > 0 and init > 0:
        rates = f"；执行率按全年预算 {fmt_pct(b / a)}，按年初预算 {fmt_pct(b / init)}"
    yield ctx.finding("B05", f"全年预算数 {fmt_num(a, 4)} 万元与年初预算数 {fmt_num(init, 4)} 万元不同（{how} "
                      f"{fmt_num(abs(change), 4)} 万元）{rates}", total.budget, expected=init, actual=a)
