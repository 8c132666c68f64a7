"""`xlkit disclose`: the 绩效评价结果信息表 of seed 000 (Shanghai's published format), one block
per project: 项目名称, 决算金额, 评价分值, 评价结论, 主要绩效, 存在问题, 整改建议, 整改情况.

Numbers come from the forms. 存在问题 / 整改建议 come from the paired report when it states
them, otherwise from the form's deductions and their 偏差原因分析及改进措施; what neither
says (整改情况 above all) is left as a visible 【请填写：…】 for the unit to complete before
publishing. The workbook is print-ready: A4 portrait, one page wide, a page per project.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..model import BUDGET_LEVEL1, LEVEL1_NAMES, Form, ReportFacts
from ..outputs import atomic_path
from ..quantities import fmt_num, fmt_pct, normalize_text
from ..textwidth import wrapped_lines

FIELDS = ("项目名称", "决算金额", "评价分值", "评价结论", "主要绩效", "存在问题", "整改建议", "整改情况")
TODO = "【请填写：{}】"


@dataclass
class DisclosureBlock:
    项目名称: str
    决算金额: str
    评价分值: str
    评价结论: str
    主要绩效: str
    存在问题: str
    整改建议: str
    整改情况: str
    form_source: str = ""
    report_source: str = ""

    def values(self) -> list[str]:
        return [getattr(self, f) for f in FIELDS]


def _t(v) -> str:
    return normalize_text(v.text).strip()


def _deductions(form: Form) -> list[tuple[str, str]]:
    """(what was deducted, the stated reason or '') for every indicator below full marks."""
    out = []
    for ind in form.indicators:
        w, s = ind.weight.number, ind.score.number
        if w is not None and s is not None and s < w - 1e-9:
            out.append((f"{_t(ind.level2)}“{_t(ind.name)}”扣 {fmt_num(w - s)} 分（实际完成值 {_t(ind.actual) or '未填'}，"
                        f"年度指标值 {_t(ind.target) or '未填'}）", _t(ind.reason)))
    fw, fs = form.funds.weight.number, form.funds.score.number
    if fw is not None and fs is not None and fs < fw - 1e-9:
        out.append((f"预算执行率指标扣 {fmt_num(fw - fs)} 分", ""))
    return out


def block_for(form: Form, report: ReportFacts | None = None, profile: Any = None) -> DisclosureBlock:
    from ..rules.crossdoc import form_subtotals
    from ..scoring import default_profile, stated_grade

    t = form.funds.total
    executed, budget = t.executed.number, t.budget.number
    total = form.total_score.number
    grade = stated_grade(form.grade.text) if not form.grade.empty else None
    if grade is None and total is not None:
        grade = (profile or default_profile()).grade_for(total)

    # 主要绩效: what the form says was achieved, and how each 一级指标 scored.
    perf = []
    achieved = _t(form.achieved)
    if achieved:
        perf.append(achieved.rstrip("。") + "。")
    money = []
    if budget is not None:
        money.append(f"全年预算数 {fmt_num(budget)} 万元")
    if executed is not None:
        money.append(f"全年执行数 {fmt_num(executed)} 万元")
    rate = form.funds.execution_rate()
    if rate is not None:
        money.append(f"预算执行率 {fmt_pct(rate)}")
    if money:
        perf.append("项目" + "，".join(money) + "。")
    subs = form_subtotals(form)
    scored = []
    for key in (*LEVEL1_NAMES, BUDGET_LEVEL1):
        e = subs.get(key)
        if e and e["score"][0] is not None and e["weight"][0] is not None:
            scored.append(f"{key}得分 {fmt_num(e['score'][0])} 分（满分 {fmt_num(e['weight'][0])} 分）")
    if scored:
        perf.append("；".join(scored) + "。")
    if report is not None and report.achievements:
        perf.append(report.achievements)

    deds = _deductions(form)
    if report is not None and report.problems:
        problems = report.problems
    elif deds:
        problems = "；".join(f"{i}、{d}" + (f"，原因：{r}" if r else "") for i, (d, r) in enumerate(deds, 1)) + "。"
    else:
        problems = TODO.format("存在问题（自评表各项指标均为满分，如确无问题请写“无”）")
    if report is not None and report.suggestions:
        advice = report.suggestions
    else:
        reasons = [r for _, r in deds if r]
        advice = ("；".join(reasons) + "。" + TODO.format("整改建议")) if reasons else TODO.format("整改建议")
    return DisclosureBlock(
        项目名称=form.name, 决算金额=f"{fmt_num(executed)}万元" if executed is not None else TODO.format("决算金额"),
        评价分值=fmt_num(total) if total is not None else TODO.format("评价分值"), 评价结论=grade or TODO.format("评价结论"),
        主要绩效="".join(perf) or TODO.format("主要绩效"), 存在问题=problems, 整改建议=advice,
        整改情况=TODO.format("整改情况"), form_source=form.source or "",
        report_source=report.source if report is not None else "")


def _height(text: str, width_chars: float) -> float:
    lines = wrapped_lines(text, width_chars * 0.95)
    return max(24.0, 15.5 * lines + 6)


def write_disclosure(blocks: Sequence[DisclosureBlock], path: str | os.PathLike, force: bool = False,
                     inputs: Iterable = (), title: str = "") -> Path:
    """One 绩效评价结果信息表 block per project on a sheet, a page per block when printed."""
    import xlsxwriter

    label_w, value_w = 14, 78
    with atomic_path(path, force=force, inputs=tuple(inputs)) as tmp:
        wb = xlsxwriter.Workbook(str(tmp))
        wb.set_properties({"title": "绩效评价结果信息表", "author": "xlkit"})
        ws = wb.add_worksheet("绩效评价结果信息表")
        big = wb.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter", "font_name": "宋体"})
        head = wb.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter",
                              "font_name": "宋体", "border": 1})
        label = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
                               "font_name": "宋体", "font_size": 11, "border": 1, "bg_color": "#F2F2F2"})
        value = wb.add_format({"valign": "vcenter", "text_wrap": True, "font_name": "宋体", "font_size": 11, "border": 1})
        todo = wb.add_format({"valign": "vcenter", "text_wrap": True, "font_name": "宋体", "font_size": 11, "border": 1,
                              "bg_color": "#FFF2CC"})
        ws.set_column(0, 0, label_w)
        ws.set_column(1, 1, value_w)
        row = 0
        if title:
            ws.merge_range(row, 0, row, 1, title, big)
            ws.set_row(row, 30)
            row += 2
        breaks = []
        for i, block in enumerate(blocks):
            if i:
                breaks.append(row)
            ws.merge_range(row, 0, row, 1, "绩效评价结果信息表", head)
            ws.set_row(row, 28)
            row += 1
            for name, text in zip(FIELDS, block.values()):
                ws.write(row, 0, name, label)
                ws.write(row, 1, text, todo if "【请填写" in text else value)
                ws.set_row(row, _height(text, value_w))
                row += 1
            row += 1
        if not blocks:
            ws.write(row, 0, "没有可披露的项目")
        ws.set_h_pagebreaks(breaks)
        ws.set_paper(9)  # A4
        ws.set_portrait()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.6, right=0.6, top=0.8, bottom=0.8)
        ws.center_horizontally()
        ws.set_footer("&C第 &P 页，共 &N 页")
        ws.print_area(0, 0, max(row - 1, 0), 1)
        wb.close()
    return Path(path)


def disclose(paths: Sequence[str], out: str | os.PathLike, *, reports: Sequence[str] = (), force: bool = False,
             profile: Any = None) -> tuple[Path, list[str]]:
    """Read forms (and reports) from files/folders, pair them, write the table.
    Returns the output path and the Chinese lines to tell the user (pairs, skipped files)."""
    from ..errors import ReadError, XlkitError
    from ..pairing import find_reports, pair_reports, read_reports
    from ..read import iter_input_files, read_workbook

    notes: list[str] = []
    forms: list[Form] = []
    files = [str(p) for p in iter_input_files(list(paths))]
    for p in files:
        try:
            bundle = read_workbook(p)
        except ReadError as e:
            notes.append(f"跳过：{e.message}")
            continue
        if not bundle.forms:
            notes.append(f"跳过：{Path(p).name} 中没有找到项目支出绩效自评表")
        for f in bundle.forms:
            # a table without amounts and without 总分 is not a filled form (e.g. a data sheet)
            if f.total_score.number is None and f.funds.total.executed.number is None:
                notes.append(f"跳过：{Path(p).name}［{f.sheet}］没有全年执行数和总分，不像已填写的自评表")
                continue
            forms.append(f)
    if not forms:
        raise XlkitError("没有读到任何项目支出绩效自评表：" + "、".join(map(str, paths)))
    explicit = [p for p in paths if Path(p).is_file() and Path(p).suffix.lower() in (".docx", ".txt", ".md", ".doc")]
    beside = [p for p in paths if Path(p).is_dir()]
    report_files = find_reports([*explicit, *reports]) + find_reports(beside, beside_forms=True)
    facts, errors = read_reports(dict.fromkeys(report_files))
    for p, msg in errors:
        notes.append(f"跳过报告：{msg}")
    pairing = pair_reports([(f.source or "", f.sheet or "", f.name) for f in forms], facts)
    if facts:
        notes.extend(pairing.describe())
    blocks = [block_for(f, pairing.facts_for(f.source or "", f.name), profile) for f in forms]
    from .summary import dept_key
    depts = {dept_key(normalize_text(f.department.text)) for f in forms if f.department.text.strip()}
    years = {f.year.value for f in forms if isinstance(f.year.value, int)}
    title = ""
    if len(depts) == 1:
        title = next(iter(depts)) + (f"{next(iter(years))}年度" if len(years) == 1 else "") + "项目支出绩效评价结果"
    inputs = tuple(files) + tuple(str(p) for p in report_files)
    return write_disclosure(blocks, out, force=force, inputs=inputs, title=title), notes
