"""S — scores (得分)."""
from __future__ import annotations

from typing import Iterator

from ..model import Finding, Indicator
from ..quantities import fmt_num, normalize_text
from ..scoring import stated_grade
from ..targets import AT_LEAST, DIRECTION_TEXT
from .context import FormContext, has_reason, is_placeholder
from .registry import rule

EPS = 1e-6


def _tol(ctx: FormContext) -> float:
    return ctx.profile.score_tolerance


def _label(ind: Indicator) -> str:
    return f"「{ind.name.text.strip()}」"


@rule("S01", "E", "得分高于分值或低于 0")
def s01_range(ctx: FormContext) -> Iterator[Finding]:
    """A score must lie in [0, 分值]."""
    pairs = [(f"指标{_label(i)}", i.weight, i.score) for i in ctx.rows()]
    pairs.append(("预算执行率", ctx.form.funds.weight, ctx.form.funds.score))
    for label, w, s in pairs:
        if s.number is None:
            continue
        if s.number < -EPS:
            yield ctx.finding("S01", f"{label}得分 {fmt_num(s.number)} 小于 0", s, expected=0, actual=s.number)
        elif w.number is not None and s.number > w.number + EPS:
            yield ctx.finding("S01", f"{label}得分 {fmt_num(s.number)} 高于分值 {fmt_num(w.number)}", s,
                              expected=w.number, actual=s.number)


@rule("S02", "E", "总分得分不等于各指标得分与预算执行率得分之和")
def s02_total(ctx: FormContext) -> Iterator[Finding]:
    """总分 得分 = Σ indicator 得分 + 预算执行率 得分."""
    stated = ctx.form.total_score.number
    rows = ctx.rows()
    if stated is None or not rows:
        return
    scores = [i.score.number for i in rows if i.score.number is not None]
    budget = ctx.form.funds.score.number or 0.0
    s = round(sum(scores) + budget, 4)
    if abs(s - stated) > 0.005:
        yield ctx.finding("S02", f"总分得分填 {fmt_num(stated)}，各指标得分合计 {fmt_num(sum(scores))} "
                          f"加预算执行率得分 {fmt_num(budget)} 应为 {fmt_num(s)}",
                          ctx.form.total_score, expected=s, actual=stated)


def _quant_rows(ctx: FormContext):
    for ind in ctx.rows():
        a = ctx.analysis(ind)
        if a.result is not None and ind.score.number is not None:
            yield ind, a


def _target_text(ind: Indicator, a) -> str:
    unit = a.target.unit or ""
    return f"目标「{ind.target.text.strip()}」（{DIRECTION_TEXT[a.target.direction]} {fmt_num(a.numbers[0])}{unit}）"


def _unmet_full(ind: Indicator, a) -> bool:
    w = ind.weight.number
    return (not a.result.met) and w is not None and ind.score.number >= w - EPS


@rule("S03", "E", "定量指标得分与完成情况（实际完成值对年度指标值）按评分规则计算的分数不符")
def s03_quantitative(ctx: FormContext) -> Iterator[Finding]:
    """Quantitative row: the stated 得分 must be the profile's score of actual vs target.

    "Target not met yet full marks" is reported as S06 instead, not twice.
    """
    tol = _tol(ctx)
    for ind, a in _quant_rows(ctx):
        if _unmet_full(ind, a):
            continue
        exp, got = a.result.expected, ind.score.number
        if abs(exp - got) > tol + EPS:
            how = "已完成目标，应得满分" if a.result.met else f"完成率 {fmt_num((a.result.ratio or 0) * 100, 1)}%"
            yield ctx.finding("S03", f"指标{_label(ind)}{_target_text(ind, a)}，实际「{ind.actual.text.strip()}」，"
                              f"{how}：应得 {fmt_num(exp)} 分（分值 {fmt_num(ind.weight.number)}），填 {fmt_num(got)} 分",
                              ind.score, expected=exp, actual=got,
                              note=f"score_tolerance={fmt_num(tol)}; {a.result.rule}")


@rule("S04", "W", "定性指标得分不在实际完成值所对应的档次内（达成 80–100%，部分达成 60–80%，未达成 0–60%）")
def s04_qualitative(ctx: FormContext) -> Iterator[Finding]:
    """Qualitative row: the score must fall in the band its 实际完成值 implies. No band, no finding."""
    tol = _tol(ctx)
    for ind in ctx.rows():
        a = ctx.analysis(ind)
        w, s = ind.weight.number, ind.score.number
        if a.result is not None or a.band is None or w is None or s is None or w <= 0 or is_placeholder(ind):
            continue
        lo, hi = ctx.profile.qualitative_bands[a.band]
        if s < lo * w - tol - EPS or s > hi * w + tol + EPS:
            yield ctx.finding("S04", f"指标{_label(ind)}实际完成值「{ind.actual.text.strip()}」（目标「{ind.target.text.strip()}」）"
                              f"属「{a.band}」档，得分应在 {fmt_num(lo * w)}–{fmt_num(hi * w)} 分之间，填 {fmt_num(s)} 分",
                              ind.score, expected=[round(lo * w, 4), round(hi * w, 4)], actual=s,
                              note=f"qualitative_bands.{a.band}={[lo, hi]}; score_tolerance={fmt_num(tol)}")


@rule("S05", "W", "得分低于分值，但偏差原因分析及改进措施为空")
def s05_no_reason(ctx: FormContext) -> Iterator[Finding]:
    """A deduction needs an explanation; "0", "无", "/" do not count."""
    tol = _tol(ctx)
    for ind in ctx.rows():
        w, s = ind.weight.number, ind.score.number
        if w is None or s is None or s >= w - tol - EPS or has_reason(ind):
            continue
        yield ctx.finding("S05", f"指标{_label(ind)}扣 {fmt_num(w - s)} 分（{fmt_num(s)}/{fmt_num(w)}），"
                          f"但未填写偏差原因分析及改进措施", ind.reason if ind.reason.cell else ind.score,
                          expected="偏差原因及改进措施", actual=ind.reason.text or None,
                          note=f"score_tolerance={fmt_num(tol)}")


@rule("S06", "E", "定量指标未完成目标却给了满分")
def s06_unmet_full(ctx: FormContext) -> Iterator[Finding]:
    """Target not met (e.g. 87 of "100 人以上") yet the full 分值 was given."""
    tol = _tol(ctx)
    for ind, a in _quant_rows(ctx):
        if not _unmet_full(ind, a) or ind.weight.number - a.result.expected <= tol + EPS:
            continue
        yield ctx.finding("S06", f"指标{_label(ind)}{_target_text(ind, a)}未完成，实际「{ind.actual.text.strip()}」"
                          f"（完成率 {fmt_num((a.result.ratio or 0) * 100, 1)}%），却给满分 {fmt_num(ind.score.number)}；"
                          f"应得 {fmt_num(a.result.expected)} 分",
                          ind.score, expected=a.result.expected, actual=ind.score.number,
                          note=f"score_tolerance={fmt_num(tol)}; {a.result.rule}")


@rule("S07", "W", "实际完成值远超年度指标值（≥ 评分规则阈值，默认 120%）：目标可能定得过低，应说明")
def s07_overshoot(ctx: FormContext) -> Iterator[Finding]:
    """At-least targets exceeded by the profile's factor (办法 第十六条). Rates (%) are skipped:
    100 % against "≥80 %" is the norm, not a badly set target."""
    k = ctx.profile.overshoot_warn
    for ind in ctx.rows():
        a = ctx.analysis(ind)
        if a.numbers is None or a.target.direction != AT_LEAST or a.target.unit == "%":
            continue
        t, v = a.numbers
        if t > 0 and v >= k * t - EPS:
            yield ctx.finding("S07", f"指标{_label(ind)}实际 {fmt_num(v)} 为目标 {fmt_num(t)} 的 {fmt_num(v / t * 100, 1)}%"
                              f"（≥ {fmt_num(k * 100)}%），年度指标值可能设定偏低，应说明原因",
                              ind.actual, expected=f"< {fmt_num(k * t)}", actual=v,
                              note=f"overshoot_warn={fmt_num(k)}")


@rule("S08", "E", "所填评价等级（优/良/中/差）与总分按等级档次不符")
def s08_grade(ctx: FormContext) -> Iterator[Finding]:
    """The stated grade must match the stated 总分 under the profile's grade bands."""
    g = stated_grade(ctx.form.grade.text)
    total = ctx.form.total_score.number
    if g is None or total is None:
        return
    want = ctx.profile.grade_for(total)
    if want and want != g:
        bands = "/".join(f"{gr}≥{fmt_num(lo)}" for lo, gr in ctx.profile.grades)
        yield ctx.finding("S08", f"评价等级填「{ctx.form.grade.text.strip()}」，总分 {fmt_num(total)} 应为「{want}」",
                          ctx.form.grade, expected=want, actual=g, note=f"grades: {bands}")
