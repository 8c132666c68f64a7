"""`xlkit report`: a draft 绩效自评报告 (.docx) written from a form.

The structure follows the reports of seeds 002 and 004 (项目基本情况, 绩效目标, 评价工作开展情况,
综合评价结论 with the score table, 指标分析 per 二级指标, 存在的问题, 建议). Every number is
taken from the form, computed the same way the X rules compute it, so `xlkit check FORM
--report draft.docx` finds no X finding. Places that need a person's words are marked
【请填写：…】 and highlighted, so nobody submits the draft unread.
"""
from __future__ import annotations

import os
from collections import OrderedDict
from typing import Any

from ..model import BUDGET_LEVEL1, LEVEL1_NAMES, Form, Indicator
from ..outputs import atomic_path
from ..quantities import fmt_num, fmt_pct, normalize_text

PLACEHOLDER = "【请填写：{}】"
LEVEL1_TITLES = {"产出指标": "项目产出情况", "效益指标": "项目效益情况", "满意度指标": "满意度情况"}
SHORT = {"产出指标": "产出", "效益指标": "效益", "满意度指标": "满意度", BUDGET_LEVEL1: "预算执行率"}
FONT = "宋体"


def _t(v) -> str:
    return normalize_text(v.text).strip() if v is not None else ""


def _level1(ind: Indicator) -> str | None:
    from ..rules.crossdoc import _level1_of
    return _level1_of(ind)


def draft_paragraphs(form: Form, profile: Any = None) -> list[tuple[str, Any]]:
    """The draft as (style, content) pieces: ("title"|"h1"|"h2"|"p"|"table", text or rows).

    Kept separate from the .docx writing so the content can be tested and reused (e.g. as text).
    """
    from ..rules.crossdoc import form_subtotals
    from ..scoring import default_profile, stated_grade

    out: list[tuple[str, Any]] = []
    name = form.name or "（未命名项目）"
    year = form.year.value if isinstance(form.year.value, int) else None
    year_txt = f"{year}年度" if year else ""
    dept, impl = _t(form.department), _t(form.implementer)
    t = form.funds.total
    initial, budget, executed = t.initial.number, t.budget.number, t.executed.number
    rate = form.funds.execution_rate()  # B/A, as the checker computes it; a typed "100" is 100 %

    out.append(("title", f"{year_txt}{name}绩效自评报告"))

    # 一、项目基本情况
    out.append(("h1", "一、项目基本情况"))
    out.append(("h2", "（一）项目概况"))
    who = "，".join(x for x in (f"主管部门为{dept}" if dept else "", f"实施单位为{impl}" if impl else "") if x)
    out.append(("p", f"{name}{('，' + who) if who else ''}。" + PLACEHOLDER.format("项目背景、立项依据、资金用途和实施内容")))
    money = []
    if initial is not None:
        money.append(f"年初预算数 {fmt_num(initial)} 万元")
    if budget is not None:
        money.append(f"全年预算数 {fmt_num(budget)} 万元")
    if executed is not None:
        money.append(f"全年执行数 {fmt_num(executed)} 万元")
    if money:
        sentence = f"项目资金：{'，'.join(money)}"
        if rate is not None:
            sentence += f"，预算执行率为 {fmt_pct(rate)}"
        out.append(("p", sentence + "。"))
    if initial is not None and budget is not None and abs(initial - budget) > 0.005:
        out.append(("p", PLACEHOLDER.format(
            f"全年预算数由年初预算数 {fmt_num(initial)} 万元调整为 {fmt_num(budget)} 万元，请说明调整原因")))
    achieved = _t(form.achieved)
    if achieved:
        out.append(("p", f"年度实际完成情况：{achieved}"))

    # 项目绩效目标
    out.append(("h2", "（二）项目绩效目标"))
    goal = _t(form.goal)
    out.append(("p", f"年度绩效目标：{goal}" if goal else "年度绩效目标：" + PLACEHOLDER.format("项目年度绩效目标")))
    inds = [i for i in form.indicators if _t(i.name) or i.weight.number is not None]
    if inds:
        out.append(("p", "绩效指标设置：" + "；".join(
            f"{_t(i.level2) or '指标'}“{_t(i.name)}”，指标值 {_t(i.target) or '未填'}" for i in inds) + "。"))

    # 二、绩效评价工作开展情况
    out.append(("h1", "二、绩效评价工作开展情况"))
    out.append(("p", f"{impl or dept or '项目单位'}采取单位自评的方式，对照年初设定的绩效目标和指标，对项目资金使用和产出、效益、满意度完成情况进行评价。"))
    out.append(("p", PLACEHOLDER.format("评价目的、对象和范围，评价方法，评价工作过程（前期准备、组织实施、分析评价）")))

    # 三、综合评价情况及评价结论
    subs = form_subtotals(form)
    total = form.total_score.number
    grade = stated_grade(form.grade.text) if not form.grade.empty else None
    if grade is None and total is not None:
        grade = (profile or default_profile()).grade_for(total)
    out.append(("h1", "三、综合评价情况及评价结论"))
    if total is not None:
        parts = []
        for key in (*LEVEL1_NAMES, BUDGET_LEVEL1):
            score = subs.get(key, {}).get("score", (None,))[0]
            if score is not None:
                parts.append(f"{SHORT[key]}{fmt_num(score)}分")
        text = f"经单位自评，该项目最终评价得分为：{fmt_num(total)}分，评价等级“{grade}”。"
        if parts:
            text += "其中：" + "；".join(parts) + "。"
        out.append(("p", text + "评价得分情况如下表所示："))
    else:
        out.append(("p", PLACEHOLDER.format("自评表未填总分，请先完成自评表")))
    header = ["项目"]
    wrow, srow = ["标准分值"], ["评价得分"]
    for key in (*LEVEL1_NAMES, BUDGET_LEVEL1, "合计"):
        entry = subs.get(key)
        if not entry:
            continue
        w, s = entry["weight"][0], entry["score"][0]
        header.append("得分合计" if key == "合计" else key)
        wrow.append(fmt_num(w) if w is not None else "")
        srow.append(fmt_num(s) if s is not None else "")
    out.append(("table", [header, wrow, srow]))

    # 四、绩效指标分析
    out.append(("h1", "四、绩效评价指标分析"))
    groups: "OrderedDict[str, OrderedDict[str, list[Indicator]]]" = OrderedDict()
    for ind in inds:
        l1 = _level1(ind) or _t(ind.level1) or "其他指标"
        groups.setdefault(l1, OrderedDict()).setdefault(_t(ind.level2) or "其他", []).append(ind)
    cn = "一二三四五六七八九十"
    k = 0
    for l1, level2s in groups.items():
        out.append(("h2", f"（{cn[k % 10]}）{LEVEL1_TITLES.get(l1, l1)}"))
        k += 1
        for j, (l2, rows) in enumerate(level2s.items(), start=1):
            w = sum(i.weight.number for i in rows if i.weight.number is not None)
            s = sum(i.score.number for i in rows if i.score.number is not None)
            out.append(("p", f"{j}. {l2}（总分 {fmt_num(w)} 分，评价得分 {fmt_num(s)} 分）"))
            for ind in rows:
                text = (f"“{_t(ind.name)}”：年度指标值 {_t(ind.target) or '未填'}，实际完成值 "
                        f"{_t(ind.actual) or '未填'}，分值 {fmt_num(ind.weight.number)} 分，"
                        f"得分 {fmt_num(ind.score.number)} 分。")
                if _deducted(ind):
                    reason = _t(ind.reason)
                    text += (f"扣 {fmt_num(ind.weight.number - ind.score.number)} 分，原因："
                             + (reason if reason else PLACEHOLDER.format("扣分原因及改进措施（自评表未填写偏差原因）")))
                out.append(("p", text))
    out.append(("h2", f"（{cn[k % 10]}）预算执行情况"))
    bw, bs = form.funds.weight.number, form.funds.score.number
    budget_text = f"预算执行率指标（总分 {fmt_num(bw)} 分，评价得分 {fmt_num(bs)} 分）"
    if rate is not None:
        budget_text += f"：预算执行率为 {fmt_pct(rate)}"
    out.append(("p", budget_text + "。"))

    # 五、存在的问题 / 六、建议
    out.append(("h1", "五、存在的问题及原因分析"))
    problems = []
    for ind in inds:
        if _deducted(ind):
            reason = _t(ind.reason)
            problems.append(f"{_t(ind.level2)}“{_t(ind.name)}”未达到满分（分值 {fmt_num(ind.weight.number)} 分，"
                            f"得分 {fmt_num(ind.score.number)} 分）" + (f"，原因：{reason}" if reason else ""))
    if bw is not None and bs is not None and bs < bw - 1e-9:
        problems.append(f"预算执行率指标未达到满分（分值 {fmt_num(bw)} 分，得分 {fmt_num(bs)} 分）")
    for i, p in enumerate(problems, start=1):
        out.append(("p", f"{i}. {p}。"))
    out.append(("p", PLACEHOLDER.format("存在的问题及原因分析" + ("（可在上述扣分情况基础上补充）" if problems else ""))))
    out.append(("h1", "六、意见和建议"))
    out.append(("p", PLACEHOLDER.format("针对存在的问题提出改进措施和建议")))
    out.append(("h1", "七、其他需说明的问题"))
    out.append(("p", PLACEHOLDER.format("其他需说明的问题；没有请写“无”")))
    if inds:
        # the scoring table the reports refer to ("附相关评分表"), row for row from the form
        out.append(("h2", "附表：绩效指标完成情况"))
        rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]]
        for ind in inds:
            rows.append([_level1(ind) or _t(ind.level1), _t(ind.level2), _t(ind.name), _t(ind.target), _t(ind.actual),
                         fmt_num(ind.weight.number) if ind.weight.number is not None else "",
                         fmt_num(ind.score.number) if ind.score.number is not None else "", _t(ind.reason)])
        rows.append(["预算执行率", "", "", "", fmt_pct(rate) if rate is not None else "",
                     fmt_num(bw) if bw is not None else "", fmt_num(bs) if bs is not None else "", ""])
        out.append(("table", rows))
    return out


def _deducted(ind: Indicator) -> bool:
    w, s = ind.weight.number, ind.score.number
    return w is not None and s is not None and s < w - 1e-9


def _set_font(run, size: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), FONT)  # without this Word shows Chinese in its default font
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


def _add_text(paragraph, text: str, size: float = 12, bold: bool = False) -> None:
    """Add text, highlighting every 【请填写：…】 so it cannot be missed."""
    import re

    from docx.enum.text import WD_COLOR_INDEX

    for piece in re.split(r"(【请填写：[^】]*】)", text):
        if not piece:
            continue
        run = paragraph.add_run(piece)
        _set_font(run, size, bold)
        if piece.startswith("【请填写"):
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def build_document(form: Form, profile: Any = None):
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = docx.Document()
    for piece_style, content in draft_paragraphs(form, profile):
        if piece_style == "title":
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _add_text(p, content, size=18, bold=True)
        elif piece_style == "h1":
            p = d.add_paragraph()
            _add_text(p, content, size=14, bold=True)
        elif piece_style == "h2":
            p = d.add_paragraph()
            _add_text(p, content, size=12, bold=True)
        elif piece_style == "table":
            rows = content
            table = d.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for ri, row in enumerate(rows):
                for ci, text in enumerate(row):
                    cell = table.cell(ri, ci)
                    cell.text = ""
                    para = cell.paragraphs[0]
                    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    _add_text(para, text, size=10.5, bold=(ri == 0))
        else:
            p = d.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(24)
            _add_text(p, content)
    return d


def write_report_docx(form: Form, path: str | os.PathLike, force: bool = False, inputs: tuple = (),
                      profile: Any = None) -> None:
    """Write the draft report of `form` to `path` (.docx), atomically."""
    document = build_document(form, profile)
    with atomic_path(path, force=force, inputs=inputs) as tmp:
        document.save(str(tmp))
