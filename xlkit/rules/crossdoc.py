"""X rules: the form against its narrative report (绩效自评报告 / 绩效评价报告).

The report facts come from :func:`xlkit.read.documents.read_report`. Every finding names
both places: the report's paragraph/table cell and the form's cell, and both numbers.

Matching is conservative on purpose: a report number is compared only when its subject
words clearly name one indicator; a number that names none (or several equally well)
gives no finding, because a false alarm on a correct report costs a clerk more than a
missed one.

The checks are plain functions of (form, facts) so they can be used without the engine;
the registered rules below wrap them for `xlkit check --report`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from ..model import BUDGET_LEVEL1, LEVEL1_NAMES, Finding, Form, Indicator, ReportFact, ReportFacts, Value
from ..quantities import fmt_num, fmt_pct, normalize_text
from ..read.documents import subject_words
from ..scoring import default_profile, stated_grade
from .registry import rule

_COUNT_UNITS = ("人次", "户次", "人", "名", "位", "户", "家", "场", "次", "个", "项", "本", "册", "份", "批", "期", "所", "篇", "条")
_UNIT_CLASS = {"人": "人", "名": "人", "位": "人"}


def _uc(unit: str | None) -> str:
    return _UNIT_CLASS.get(unit or "", unit or "")


def _n(s: str) -> str:
    return re.sub(r"\s+", "", normalize_text(s or ""))


def _where(v: Value, form: Form) -> str:
    if v.cell:
        return f"{v.sheet or form.sheet or ''}!{v.cell}".lstrip("!")
    return ""


def _finding(form: Form, code: str, sev: str, message: str, cell: str = "", actual: Any = None,
             expected: Any = None, note: str = "") -> Finding:
    return Finding(code=code, severity=sev, message=message, file=form.source or "", sheet=form.sheet or "",
                   project=form.name, cell=cell or "", actual=actual, expected=expected, note=note)


def _cell_range(values: list[Value]) -> str:
    cells = [v.cell for v in values if v.cell]
    if not cells:
        return ""
    return cells[0] if len(cells) == 1 else f"{cells[0]}:{cells[-1]}"


# --- counts (X01) -------------------------------------------------------------------

@dataclass(frozen=True)
class CountIndicator:
    indicator: Indicator
    core: str  # subject words of the 三级指标, numbers and targets removed
    value: float  # 实际完成值
    unit: str
    cell: Value  # where the 实际完成值 sits


_NUM_UNIT = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(" + "|".join(_COUNT_UNITS) + r")?")


def indicator_core(name: str) -> str:
    """'生活困难劳模帮扶 100 人以上' -> '生活困难劳模帮扶'; '指标:“两节”期间帮扶困难职工' -> '两节期间帮扶困难职工'."""
    t = _n(name)
    t = re.sub(r"^指标[:：]", "", t)
    t = re.sub(r"\d{4}年度?", "", t)
    t = re.sub(r"(?:≥|>=|≤|<=|=|>|<|不少于|不低于|不超过|至少|约)?\d+(?:\.\d+)?(?:" + "|".join(_COUNT_UNITS)
               + r"|万元|元|%)?(?:及以上|以上|以下|左右|以内)?", "", t)
    t = re.sub(r"[“”\"'‘’《》()（）\[\]【】:：,，、。;；]", "", t)
    return t


def count_indicators(form: Form) -> list[CountIndicator]:
    """Indicators whose 实际完成值 is a count of people/items ('116 人', or 1350 under a '1500 人' target)."""
    out = []
    for ind in form.indicators:
        target_unit = None
        tm = _NUM_UNIT.search(_n(ind.target.text))
        if tm and tm.group(2):
            target_unit = tm.group(2)
        value = ind.actual.number
        unit = None
        if value is None:
            at = _n(ind.actual.text)
            m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(" + "|".join(_COUNT_UNITS) + r")?", at)
            if not m:
                continue
            value = float(m.group(1).replace(",", ""))
            unit = m.group(2)
        if unit is None and ind.actual.unit in _COUNT_UNITS:
            unit = ind.actual.unit
        unit = unit or target_unit
        if not unit or unit not in _COUNT_UNITS:
            continue
        core = indicator_core(ind.name.text)
        if len(core) < 2:
            continue
        out.append(CountIndicator(ind, core, value, unit, ind.actual))
    return out


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)}


_GENERIC = re.compile(r"实际|完成|累计|共计|合计|总计|全年|本年|当年|人数|数量|共|已")


def _match_score(subject: str, core: str) -> float:
    """0 = no match; 2 = one names the other; otherwise bigram Dice when it is high."""
    s = _GENERIC.sub("", subject_words(_n(subject)))
    c = _GENERIC.sub("", core)
    if len(s) < 2 or len(c) < 2:
        return 0.0
    if s == c:
        return 3.0
    if len(c) >= 3 and c in s:
        return 2.0
    # the report's words inside a longer indicator name must be most of it: "帮扶困难职工" names
    # "两节期间帮扶困难职工", a bare "困难职工" does not
    if len(s) >= 4 and s in c and len(s) >= 0.6 * len(c):
        return 2.0
    a, b = _bigrams(s), _bigrams(c)
    if not a or not b:
        return 0.0
    dice = 2 * len(a & b) / (len(a) + len(b))
    return dice if dice >= 0.7 else 0.0


def match_count(fact: ReportFact, indicators: list[CountIndicator]) -> CountIndicator | None:
    """The one indicator a report count names, or None when none or several fit."""
    same_unit = [ci for ci in indicators if _uc(ci.unit) == _uc(fact.unit)]
    words = _GENERIC.sub("", subject_words(_n(fact.subject)))
    inside = [ci for ci in same_unit if len(words) >= 2 and words in _GENERIC.sub("", ci.core)]
    if len(inside) > 1 and not any(_GENERIC.sub("", ci.core) == words for ci in inside):
        return None  # "劳模帮扶" is part of both "生活困难劳模帮扶" and "特困劳模帮扶": say nothing
    scored = [(_match_score(fact.subject, ci.core), ci) for ci in same_unit]
    scored = [x for x in scored if x[0] > 0]
    if not scored:
        return None
    scored.sort(key=lambda x: -x[0])
    if len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.15:
        return None  # ambiguous: two indicators fit about as well
    return scored[0][1]


def _is_aggregate(value: float, unit: str, indicators: list[CountIndicator]) -> bool:
    """A report number equal to the sum of several same-unit indicators is a total, not a contradiction."""
    vals = [ci.value for ci in indicators if _uc(ci.unit) == _uc(unit)]
    return len(vals) >= 2 and abs(sum(vals) - value) < 1e-6


def _ind_label(ci: CountIndicator, form: Form) -> str:
    return f"{_where(ci.cell, form)}“{_n(ci.indicator.name.text)}”实际完成值 {fmt_num(ci.value)}{ci.unit}"


def check_counts(form: Form, facts: ReportFacts) -> list[Finding]:
    """X01: counts of people/items in the report against the indicators' 实际完成值."""
    inds = count_indicators(form)
    if not inds:
        return []
    out: list[Finding] = []
    seen: set[tuple] = set()

    def add(key: tuple, f: Finding) -> None:
        if key not in seen:
            seen.add(key)
            out.append(f)

    form_year = form.year.value if isinstance(form.year.value, int) else None
    for fact in facts.counts:
        if fact.target:
            continue
        if fact.year and form_year and fact.year != form_year:
            continue  # "2021 年帮扶 95 人" is last year's number, not this form's
        if fact.parts:
            matched = [(p, match_count(p, inds)) for p in fact.parts if not p.target]
            pairs = [(p, ci) for p, ci in matched if ci is not None]
            for p, ci in pairs:
                if abs(p.value - ci.value) > 1e-6:
                    add(("part", ci.cell.cell, p.value), _finding(
                        form, "X01", "E",
                        f"报告{p.where}称“{p.subject}”{fmt_num(p.value)}{p.unit}，"
                        f"自评表{_ind_label(ci, form)}，两者不一致",
                        cell=ci.cell.cell or "", actual=p.value, expected=ci.value,
                        note=f"报告原文：{p.sentence}"))
            distinct = {id(ci) for _, ci in pairs}
            if pairs and len(pairs) == len(fact.parts) and len(distinct) == len(pairs):
                expected = sum(ci.value for _, ci in pairs)
                if abs(expected - fact.value) > 1e-6 or any(abs(p.value - ci.value) > 1e-6 for p, ci in pairs):
                    parts_txt = "、".join(f"{p.subject} {fmt_num(p.value)}{p.unit}" for p, _ in pairs)
                    form_txt = " + ".join(f"{fmt_num(ci.value)}（{_where(ci.cell, form)}）" for _, ci in pairs)
                    add(("total", fact.where, fact.value), _finding(
                        form, "X01", "E",
                        f"报告{fact.where}称“{fact.subject}”{fmt_num(fact.value)}{fact.unit}"
                        f"（其中{parts_txt}），自评表指标实际完成值为 {form_txt} = {fmt_num(expected)}{fact.unit}",
                        cell=_cell_range([ci.cell for _, ci in pairs]), actual=fact.value, expected=expected,
                        note=f"报告原文：{fact.sentence}"))
            continue
        ci = match_count(fact, inds)
        if ci is None or abs(fact.value - ci.value) <= 1e-6:
            continue
        if _is_aggregate(fact.value, fact.unit, inds):
            continue
        add(("one", ci.cell.cell, fact.value), _finding(
            form, "X01", "E",
            f"报告{fact.where}称“{fact.subject}”{fmt_num(fact.value)}{fact.unit}，自评表{_ind_label(ci, form)}，两者不一致",
            cell=ci.cell.cell or "", actual=fact.value, expected=ci.value, note=f"报告原文：{fact.sentence}"))
    return out


# --- total and grade (X02) ------------------------------------------------------------

def _same(report_value: float, form_value: float) -> bool:
    """Equal, or the report rounded the form's number to the digits it shows (48.6 -> 49)."""
    if abs(report_value - form_value) < 0.005:
        return True
    for digits in (0, 1):
        if abs(report_value - round(report_value, digits)) < 1e-9 and abs(round(form_value, digits) - report_value) < 1e-9:
            return True
    return False


def check_total(form: Form, facts: ReportFacts, profile: Any = None) -> list[Finding]:
    """X02: the report's total score and grade against the form's 总分 and 评价等级."""
    out: list[Finding] = []
    total = form.total_score.number
    seen: set = set()
    for fact in facts.total:
        if total is None or fact.value in seen:
            continue
        seen.add(fact.value)
        if not _same(fact.value, total):
            out.append(_finding(
                form, "X02", "E",
                f"报告{fact.where}称总得分 {fmt_num(fact.value)} 分，自评表{_where(form.total_score, form)}总分得分为 "
                f"{fmt_num(total)} 分", cell=form.total_score.cell or "", actual=fact.value, expected=total,
                note=f"报告原文：{fact.sentence}"))
    form_grade = stated_grade(form.grade.text) if not form.grade.empty else None
    seen = set()
    for fact in facts.grade:
        if fact.value in seen:
            continue
        seen.add(fact.value)
        if form_grade:
            if fact.value != form_grade:
                out.append(_finding(
                    form, "X02", "E",
                    f"报告{fact.where}称评价等级“{fact.value}”，自评表{_where(form.grade, form)}评价等级为“{form_grade}”",
                    cell=form.grade.cell or form.total_score.cell or "", actual=fact.value, expected=form_grade,
                    note=f"报告原文：{fact.sentence}"))
        elif total is not None:
            implied = (profile or default_profile()).grade_for(total)
            if fact.value != implied:
                out.append(_finding(
                    form, "X02", "E",
                    f"报告{fact.where}称评价等级“{fact.value}”，自评表{_where(form.total_score, form)}总分 "
                    f"{fmt_num(total)} 分对应等级“{implied}”", cell=form.total_score.cell or "",
                    actual=fact.value, expected=implied,
                    note="自评表未写评价等级，按评分规则的等级区间推算"))
    return out


# --- score table by 一级指标 (X03) -------------------------------------------------------

def _level1_of(ind: Indicator) -> str | None:
    v = ind.level1.value if isinstance(ind.level1.value, str) else ind.level1.text
    t = _n(v)
    for name in LEVEL1_NAMES:
        if name in t or name[:2] in t:
            return name
    return None


def form_subtotals(form: Form) -> dict[str, dict[str, tuple[float | None, list[Value]]]]:
    """{'产出指标': {'score': (49, [cells]), 'weight': (50, [cells])}, ..., '预算执行率': …, '合计': …}."""
    out: dict[str, dict[str, tuple[float | None, list[Value]]]] = {}
    for name in LEVEL1_NAMES:
        inds = [i for i in form.indicators if _level1_of(i) == name]
        if not inds:
            continue
        entry = {}
        for kind, attr in (("score", "score"), ("weight", "weight")):
            vals = [getattr(i, attr) for i in inds]
            nums = [v.number for v in vals if v.number is not None]
            entry[kind] = (sum(nums) if nums else None, vals)
        out[name] = entry
    out[BUDGET_LEVEL1] = {"score": (form.funds.score.number, [form.funds.score]),
                          "weight": (form.funds.weight.number, [form.funds.weight])}
    out["合计"] = {"score": (form.total_score.number, [form.total_score]),
                 "weight": (form.total_weight.number, [form.total_weight])}
    return out


def check_score_table(form: Form, facts: ReportFacts) -> list[Finding]:
    """X03: the report's 标准分值/评价得分 by 一级指标 against the form's subtotals."""
    subtotals = form_subtotals(form)
    out: list[Finding] = []
    seen: set = set()
    for fact in [*facts.scores, *facts.weights]:
        entry = subtotals.get(fact.key)
        if not entry:
            continue
        expected, cells = entry[fact.kind]
        if expected is None or (fact.kind, fact.key, fact.value) in seen:
            continue
        seen.add((fact.kind, fact.key, fact.value))
        if _same(fact.value, expected):
            continue
        what = "评价得分" if fact.kind == "score" else "标准分值"
        form_what = "得分" if fact.kind == "score" else "分值"
        cell = _cell_range(cells)
        sheet_cell = f"{form.sheet}!{cell}" if form.sheet and cell else cell
        out.append(_finding(
            form, "X03", "E",
            f"报告{fact.where}称{fact.key}{what} {fmt_num(fact.value)} 分，自评表{sheet_cell}{fact.key}{form_what}"
            f"{'合计' if len(cells) > 1 else ''}为 {fmt_num(expected)} 分",
            cell=cell, actual=fact.value, expected=expected, note=f"报告原文：{fact.sentence}"))
    return out


# --- execution rate and amounts (X04) --------------------------------------------------

def _same_rate(report: float, form: float) -> bool:
    if abs(report - form) < 5e-5:
        return True
    pct = report * 100
    for digits in (0, 1, 2):
        if abs(pct - round(pct, digits)) < 1e-7 and abs(round(form * 100, digits) - pct) < 1e-7:
            return True
    return False


def check_budget(form: Form, facts: ReportFacts) -> list[Finding]:
    """X04: the report's execution rate and amounts against the form's 项目资金 block."""
    out: list[Finding] = []
    t = form.funds.total
    initial, budget, executed = t.initial.number, t.budget.number, t.executed.number
    stated = form.funds.rate.number
    if stated is not None and 1.5 < stated <= 150:
        stated = stated / 100  # a rate typed as 100 (meaning 100 %); B02 says so, here it only must compare
    computed = executed / budget if executed is not None and budget else None
    form_rate = stated if stated is not None else computed
    seen: set = set()
    for fact in facts.rates:
        if fact.target or form_rate is None or fact.value in seen:
            continue
        seen.add(fact.value)
        if _same_rate(fact.value, form_rate):
            continue
        if stated is None and computed is not None and _same_rate(fact.value, computed):
            continue
        basis = ""
        if executed is not None and budget:
            basis = f"（全年执行数 {fmt_num(executed)} 万元 / 全年预算数 {fmt_num(budget)} 万元）"
        hint = ""
        if executed is not None and initial and _same_rate(fact.value, executed / initial) and initial != budget:
            hint = f"；报告的 {fmt_pct(fact.value)} 是按年初预算数 {fmt_num(initial)} 万元计算的"
        cell_v = form.funds.rate if form.funds.rate.cell else t.executed
        out.append(_finding(
            form, "X04", "W",
            f"报告{fact.where}称预算执行率 {fmt_pct(fact.value)}，自评表{_where(cell_v, form)}执行率为 "
            f"{fmt_pct(form_rate)}{basis}{hint}",
            cell=cell_v.cell or "", actual=fact.value, expected=form_rate, note=f"报告原文：{fact.sentence}"))
    every = [v.number for r in form.funds.rows for v in (r.initial, r.budget, r.executed) if v.number is not None]
    roles = {
        "executed": ([t.executed], "全年执行数"),
        "initial": ([t.initial], "年初预算数"),
        "budget": ([t.initial, t.budget], "全年预算数"),
    }
    seen = set()
    for fact in facts.amounts:
        if fact.target or not fact.role or (fact.role, fact.value) in seen:
            continue
        seen.add((fact.role, fact.value))
        cells, label = roles[fact.role]
        known = [v for v in cells if v.number is not None]
        if not known:
            continue
        if any(abs(v.number - fact.value) < 0.005 for v in known):
            continue
        if any(abs(x - fact.value) < 0.005 for x in every):
            continue  # the amount is in the form, under another heading: not a contradiction worth a flag
        main = known[-1]
        out.append(_finding(
            form, "X04", "W",
            f"报告{fact.where}称{fact.subject or label} {fmt_num(fact.value)} 万元，自评表{_where(main, form)}{label}为 "
            f"{fmt_num(main.number)} 万元", cell=main.cell or "", actual=fact.value, expected=main.number,
            note=f"报告原文：{fact.sentence}"))
    return out


def check_form_against_report(form: Form, facts: ReportFacts | None, profile: Any = None) -> list[Finding]:
    """All X findings for one form and its report, sorted."""
    if facts is None:
        return []
    found = [*check_counts(form, facts), *check_total(form, facts, profile), *check_score_table(form, facts),
             *check_budget(form, facts)]
    return sorted(found, key=Finding.sort_key)


# --- registered rules ------------------------------------------------------------------

def _ctx_parts(ctx) -> tuple[Form | None, ReportFacts | None, Any]:
    return getattr(ctx, "form", None), getattr(ctx, "report", None), getattr(ctx, "profile", None)


def _in_ctx(ctx, findings: list[Finding]) -> list[Finding]:
    """Name the file the way the engine does for every other rule (ctx.file), so findings sort together."""
    file = getattr(ctx, "file", None)
    if not file:
        return findings
    from dataclasses import replace
    return [replace(f, file=file) for f in findings]


def _cross(ctx, check, *, with_profile: bool = False) -> list[Finding]:
    """Run one cross-document check when the form has a paired report (no report: nothing to say)."""
    form, facts, profile = _ctx_parts(ctx)
    if form is None or facts is None:
        return []
    return _in_ctx(ctx, check(form, facts, profile) if with_profile else check(form, facts))


@rule("X01", "E", "报告中的人数/数量与自评表指标实际完成值不一致")
def x01_counts(ctx) -> Iterable[Finding]:
    """A count of people/items in the report contradicts the form's indicators (e.g. 208 = 87 + 121 vs 116 + 131 = 247)."""
    return _cross(ctx, check_counts)


@rule("X02", "E", "报告中的总得分或评价等级与自评表不一致")
def x02_total(ctx) -> Iterable[Finding]:
    """The report's total score or grade differs from the form's 总分 / 评价等级."""
    return _cross(ctx, check_total, with_profile=True)


@rule("X03", "E", "报告中按一级指标的分值/得分与自评表小计不一致")
def x03_score_table(ctx) -> Iterable[Finding]:
    """The report's score table by 一级指标 (产出/效益/满意度/预算执行率) differs from the form's subtotals."""
    return _cross(ctx, check_score_table)


@rule("X04", "W", "报告中的预算执行率或金额与自评表不一致")
def x04_budget(ctx) -> Iterable[Finding]:
    """The report's budget execution rate or amounts differ from the form's 项目资金 block."""
    return _cross(ctx, check_budget)
