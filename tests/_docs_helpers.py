"""Forms built directly as model objects, with cells laid out like the official template,
so the report/annotate/summary tests do not depend on the reader.

Layout (columns A–I): funds on row 6 (C 年初, D 全年预算, E 全年执行, F 分值, G 执行率, H 得分),
indicators from row 13 (B 一级, C 二级, D 三级, E 年度指标值, F 实际完成值, G 分值, H 得分, I 偏差原因),
总分 on the row after the last indicator (G 分值, H 得分).
"""
from __future__ import annotations

from xlkit.model import Form, Funds, FundRow, Indicator, Value
from xlkit.quantities import parse_number

FIRST_IND_ROW = 13


def _num_value(raw, sheet, cell):
    if raw is None:
        return Value(None, None, sheet=sheet, cell=cell)
    n = parse_number(raw)
    if n.ok and n.value is not None:
        return Value(n.value, raw if isinstance(raw, str) else None, sheet=sheet, cell=cell,
                     text_number=n.text_number, unit=n.unit)
    return Value(raw, raw if isinstance(raw, str) else str(raw), sheet=sheet, cell=cell)


def _text(raw, sheet, cell):
    return Value(raw, raw, sheet=sheet, cell=cell) if raw is not None else Value(None, None, sheet=sheet, cell=cell)


def make_form(project, department, implementer, funds, indicators, total=(100, None), goal="", achieved="",
              grade=None, sheet="Sheet1", source="form.xlsx", year=2022):
    """funds: (年初, 全年预算, 全年执行, 分值, 执行率, 得分).
    indicators: rows (一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分[, 偏差原因]).
    total: (分值, 得分); 得分 None -> sum of the scores."""
    s = sheet
    init, bud, exe, weight, rate, score = funds
    fr = Funds(
        total=FundRow("年度资金总额", initial=_num_value(init, s, "C6"), budget=_num_value(bud, s, "D6"),
                      executed=_num_value(exe, s, "E6")),
        fiscal=FundRow("本年财政拨款", initial=_num_value(init, s, "C7"), budget=_num_value(bud, s, "D7"),
                       executed=_num_value(exe, s, "E7")),
        weight=_num_value(weight, s, "F6"), rate=_num_value(rate, s, "G6"), score=_num_value(score, s, "H6"),
    )
    inds = []
    for i, row in enumerate(indicators):
        r = FIRST_IND_ROW + i
        l1, l2, name, target, actual, w, sc = row[:7]
        reason = row[7] if len(row) > 7 else None
        canon = next((x for x in ("产出指标", "效益指标", "满意度指标") if x[:2] in l1), l1)
        inds.append(Indicator(
            level1=Value(canon, l1, sheet=s, cell=f"B{r}"), level2=_text(l2, s, f"C{r}"),
            name=_text(name, s, f"D{r}"), target=_text(target, s, f"E{r}"), actual=_num_value(actual, s, f"F{r}"),
            weight=_num_value(w, s, f"G{r}"), score=_num_value(sc, s, f"H{r}"), reason=_text(reason, s, f"I{r}"),
            row=r))
    total_row = FIRST_IND_ROW + len(indicators)
    tw, ts = total
    if ts is None:
        ts = sum(float(x[6]) for x in indicators) + float(score)
    form = Form(project=_text(project, s, "B3"), department=_text(department, s, "B4"),
                implementer=_text(implementer, s, "G4"), year=Value(year, f"（{year}年度）", sheet=s, cell="A2"),
                funds=fr, goal=_text(goal, s, "B11"), achieved=_text(achieved, s, "F11"), indicators=inds,
                total_weight=_num_value(tw, s, f"G{total_row}"), total_score=_num_value(ts, s, f"H{total_row}"),
                grade=_text(grade, s, f"I{total_row}") if grade else Value(None), source=source, sheet=s, origin="A1")
    return form


def kunnan_form(**kw):
    """Seed 002's 困难劳模帮扶专项 form, as submitted (116 + 131 helped, rate 1, 94 points)."""
    return make_form(
        "困难劳模帮扶专项", "安庆市总工会", "劳动和经济工作部",
        ("100万元", "62.38万元", "62.38万元", 10, 1, 5),
        [
            ("产出指标 (50分)", "数量指标", "生活困难劳模帮扶 100 人以上", "100 人", "116 人", 10, 9),
            ("产出指标 (50分)", "数量指标", "特困劳模帮扶 100 人以上", "100 人", "131 人", 10, 10),
            ("产出指标 (50分)", "质量指标", "生活困难的劳模得到政府的帮扶", "有改善", "有改善", 10, 10),
            ("产出指标 (50分)", "时效指标", "2022 年 12 月底前完成帮扶救助", "当年完成", "当年完成", 10, 10),
            ("产出指标 (50分)", "成本指标", "困难劳模帮扶专项经费实现打卡发放", "全部打卡发放", "100%打卡发放", 10, 10),
            ("效益指标 (30分)", "经济效益指标", "改善劳模生活实际困难", "有改善", "有改善", 10, 10),
            ("效益指标 (30分)", "社会效益指标", "促进社会和谐", "有改善", "有改善", 10, 10),
            ("效益指标 (30分)", "可持续影响指标", "在全社会形成尊重劳模、关爱劳模的氛围", "有改善", "有改善", 10, 10),
            ("满意度指标 (10分)", "服务对象满意度指标", "困难劳模对帮扶工作满意", "满意", "较为满意", 10, 10),
        ],
        total=(100, 94),
        goal="帮扶市级生活困难劳模和特困劳模 200 人以上,让困难劳模感受到党和政府的关心和温暖。",
        achieved="困难劳模帮扶专项 100 万元,全年执行数 62.38 万元,生活困难帮扶 116 人,特困帮扶 131 人。",
        **kw)


def songwennuan_form(**kw):
    """Seed 002's 送温暖帮扶专项 form (1350 of 1500 helped, 98 points)."""
    return make_form(
        "送温暖帮扶专项", "安庆市总工会", "权益保障部",
        ("140.4 万元", "140.4 万元", "140.4 万元", 10, 1, 10),
        [
            ("产出指标 (50分)", "数量指标", "“两节”期间帮扶困难职工", "1500 人", 1350, 20, 18, "受困难职工人数动态变化影响"),
            ("产出指标 (50分)", "质量指标", "困难职工在节日期间过上幸福的节日生活", "有改善", "有改善", 10, 10),
            ("产出指标 (50分)", "时效指标", "在 2022 年春节前完成送温暖任务", "春节前完成", "春节前完成", 10, 10),
            ("产出指标 (50分)", "成本指标", "对困难职工实现打卡发发送温暖帮扶经费", "打卡发放", "打卡发放", 10, 10),
            ("效益指标 (30分)", "经济效益指标", "促进社会和谐稳定", "有改善", "有改善", 10, 10),
            ("效益指标 (30分)", "社会效益指标", "让困难职工感受到党和政府的关心和温暖", "有改善", "有改善", 10, 10),
            ("效益指标 (30分)", "可持续影响指标", "每年坚持对困难职工开展送温暖活动", "有改善", "有改善", 10, 10),
            ("满意度指标 (10分)", "服务对象满意度指标", "经第三方测评, 困难职工对送温暖工作表示满意", "职工较为满意", "职工表示满意", 10, 10),
        ],
        total=(100, 98),
        goal="“两节”期间开展集中送温暖活动, 计划慰问困难职工 1500 人以上。",
        achieved="预算资金 140.4 万元使用 140.4 万元; 慰问困难职工 1350 人",
        **kw)


# --- reports ------------------------------------------------------------------------

from pathlib import Path  # noqa: E402

DATA = Path(__file__).parent / "data"
SEED_REPORT = DATA / "seed002_report.txt"


def seed_report_lines() -> list[str]:
    return [line for line in SEED_REPORT.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_docx(path, lines, table_as_word_table=True):
    """A .docx with one paragraph per line; tab-separated lines become a Word table
    (table_as_word_table) or stay paragraphs with the tabs in them."""
    import docx

    d = docx.Document()
    i = 0
    while i < len(lines):
        line = lines[i]
        if table_as_word_table and "\t" in line:
            block = []
            while i < len(lines) and "\t" in lines[i]:
                block.append(lines[i].split("\t"))
                i += 1
            t = d.add_table(rows=len(block), cols=max(len(r) for r in block))
            for ri, row in enumerate(block):
                for ci, text in enumerate(row):
                    t.cell(ri, ci).text = text
            continue
        d.add_paragraph(line)
        i += 1
    d.save(str(path))
    return path


def agreeing_report_lines() -> list[str]:
    """The seed report corrected to agree with the form: 247 = 116 + 131, rate 100 %."""
    out = []
    for line in seed_report_lines():
        line = line.replace("208 人，其中生活困难劳模帮扶 87 人、特困劳模帮扶 121 人", "247 人，其中生活困难劳模帮扶 116 人、特困劳模帮扶 131 人")
        line = line.replace("此项指标完成预算的 62.38%", "此项指标预算执行率 100%")
        out.append(line)
    return out
