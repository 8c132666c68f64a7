"""Builders of CLEAN 项目支出绩效自评表 workbooks in layouts of other provinces / budget systems.

None of these come from seed 002: they reproduce variants seen across provinces (the national
财预〔2020〕10号 attachment without "(50分)", 年度指标值（A）/实际完成值（B）, 权重 / 分值（权重）,
separate 计量单位 and 指标性质 columns, 项目负责人/联系电话/项目编码 rows, 项目属性/资金来源 rows,
amounts in 元, 合计 as the total label, 评价等级 rows, notes above and a 填表人 footer below …).

A form is described by a ``Spec`` (a plain dataclass); ``write_spec(ws, spec)`` writes it and
returns a dict of the cells where things landed (so tests can assert cells of findings),
``build(path, spec)`` writes a one-sheet workbook. Every builder function ``variant_*()``
returns a clean Spec whose numbers are consistent under SCORING.md's default profile.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter


@dataclass
class Ind:
    l1: str  # 一级指标 name as it is written in its (first) label cell
    l2: str
    name: str
    target: Any
    actual: Any
    weight: Any
    score: Any
    reason: Any = None
    unit: Any = None  # only written when the spec has a 计量单位 column
    nature: Any = None  # only written when the spec has a 指标性质 column
    reason2: Any = None  # only written when the spec has a second reason column (改进措施)


@dataclass
class Spec:
    project: str = "农村饮水安全巩固提升工程"
    department: str = "某某县水利局"
    implementer: str = "某某县农村供水管理站"
    title: str | None = "项目支出绩效自评表"
    year_line: str | None = "（2023年度）"
    notes_above: list[str] = field(default_factory=list)  # logo / notes lines above the title
    footer: list[list[Any]] = field(default_factory=list)  # rows written below the 总分 row
    extra_rows: list[list[Any]] = field(default_factory=list)  # header rows after 主管部门 (label, value, label, value)
    fund_block_label: str = "项目资金（万元）"
    fund_headers: tuple = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    fund_labels: tuple = ("年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金")
    # (initial, budget, executed) per fund row; None -> empty
    funds: tuple = ((100, 100, 98), (100, 100, 98), (None, None, None), (None, None, None))
    fund_weight: Any = 10
    rate: Any = 0.98
    rate_format: str | None = "0.00%"
    fund_score: Any = 9.8
    goal_block_label: str = "年度总体目标"
    goal_headers: tuple = ("预期目标", "实际完成情况")
    goal: str = "完成农村饮水安全巩固提升工程建设，保障农村居民饮水安全。"
    achieved: str = "已完成工程建设，农村居民饮水安全得到保障。"
    ind_block_label: str = "绩效指标"
    # indicator table columns (key, header); keys: level1 level2 name nature target unit actual weight score reason
    ind_columns: tuple = (("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"),
                          ("target", "年度指标值"), ("actual", "实际完成值"), ("weight", "分值"),
                          ("score", "得分"), ("reason", "偏差原因分析及改进措施"))
    l1_labels: dict = field(default_factory=dict)  # 一级 name -> label text ("产出指标（50分）")
    indicators: list[Ind] = field(default_factory=list)
    total_label: str = "总分"
    total_weight: Any = 100
    total_score: Any = None  # None: computed from the indicators and the fund score
    grade_row: tuple | None = None  # ("评价等级", "优")
    merged: bool = True
    col0: int = 1  # 1-based first column of the form
    actual_formats: dict = field(default_factory=dict)  # indicator index -> number format of its 实际完成值


def default_indicators() -> list[Ind]:
    """A clean national-style indicator set: 产出 50 / 效益 30 / 满意度 10."""
    return [
        Ind("产出指标", "数量指标", "新建集中供水工程", "≥12处", "12处", 15, 15),
        Ind("产出指标", "数量指标", "受益人口", "≥8000人", "8650人", 10, 10),
        Ind("产出指标", "质量指标", "工程验收合格率", "100%", "100%", 10, 10),
        Ind("产出指标", "时效指标", "工程完工时间", "2023年12月31日前", "按期完成", 5, 5),
        Ind("产出指标", "成本指标", "单处工程平均造价", "≤50万元", "48.6万元", 10, 10),
        Ind("效益指标", "社会效益指标", "农村自来水普及率", "≥90%", "92%", 15, 15),
        Ind("效益指标", "可持续影响指标", "工程长效运行管护机制", "建立健全", "已建立", 15, 15),
        Ind("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "95%", 10, 10),
    ]


def total_of(spec: Spec) -> float:
    s = sum(float(i.score) for i in spec.indicators) + float(spec.fund_score or 0)
    return round(s, 4)


def write_spec(ws, spec: Spec, top: int = 1) -> dict[str, Any]:
    """Write the form described by `spec` from row `top`; return where things are."""
    where: dict[str, Any] = {"ind_rows": []}
    keys = [k for k, _ in spec.ind_columns]
    width = max(len(keys) + 1, 3 + len(spec.fund_headers))
    c0 = spec.col0
    last = c0 + width - 1
    cl = lambda j: get_column_letter(c0 + j)  # noqa: E731

    def put(r, j, v):
        if v is not None:
            cell = ws.cell(r, c0 + j, v)
            if isinstance(v, str) and v.startswith("="):
                cell.data_type = "s"  # "=100%" typed as text, not a formula
        return f"{cl(j)}{r}"

    def merge(r1, j1, r2, j2):
        if spec.merged and (r1 != r2 or j1 != j2):
            ws.merge_cells(start_row=r1, start_column=c0 + j1, end_row=r2, end_column=c0 + j2)

    r = top
    for line in spec.notes_above:
        put(r, 0, line)
        r += 1
    if spec.title:
        put(r, 0, spec.title)
        merge(r, 0, r, width - 1)
        r += 1
    if spec.year_line:
        put(r, 0, spec.year_line)
        merge(r, 0, r, width - 1)
        r += 1
    where["top"] = top
    # 项目名称
    put(r, 0, "项目名称")
    where["project"] = put(r, 1, spec.project)
    merge(r, 1, r, width - 1)
    r += 1
    half = max(2, (width - 1) // 2)
    put(r, 0, "主管部门")
    where["department"] = put(r, 1, spec.department) if spec.department is not None else f"{cl(1)}{r}"
    merge(r, 1, r, half)
    put(r, half + 1, "实施单位")
    where["implementer"] = put(r, half + 2, spec.implementer)
    merge(r, half + 2, r, width - 1)
    r += 1
    for extra in spec.extra_rows:
        for j, v in enumerate(extra):
            jj = [0, 1, half + 1, half + 2][j] if len(extra) <= 4 else j
            put(r, jj, v)
        if len(extra) == 4:
            merge(r, 1, r, half)
            merge(r, half + 2, r, width - 1)
        elif len(extra) == 2:
            merge(r, 1, r, width - 1)
        r += 1
    # 项目资金
    fund_top = r
    put(r, 0, spec.fund_block_label)
    for j, h in enumerate(spec.fund_headers):
        put(r, 2 + j, h)
    hdr = {h: 2 + j for j, h in enumerate(spec.fund_headers)}
    r += 1
    where["fund_rows"] = []
    for i, (lab, vals) in enumerate(zip(spec.fund_labels, spec.funds)):
        put(r, 1, lab)
        for j, v in enumerate(vals):
            put(r, 2 + j, v)
        if i == 0:
            if len(spec.fund_headers) > 3:
                where["fund_weight"] = put(r, 5, spec.fund_weight)
                where["rate"] = put(r, 6, spec.rate)
                if spec.rate_format and isinstance(spec.rate, (int, float)):
                    ws.cell(r, c0 + 6).number_format = spec.rate_format
                where["fund_score"] = put(r, 7, spec.fund_score)
        elif len(spec.fund_headers) > 3:
            put(r, 5, "—")
            put(r, 7, "—")
        where["fund_rows"].append(r)
        r += 1
    merge(fund_top, 0, r - 1, 0)
    del hdr
    # 年度总体目标
    goal_top = r
    put(r, 0, spec.goal_block_label)
    put(r, 1, spec.goal_headers[0])
    put(r, half + 1, spec.goal_headers[1])
    merge(r, 1, r, half)
    merge(r, half + 1, r, last - c0)
    r += 1
    where["goal"] = put(r, 1, spec.goal)
    where["achieved"] = put(r, half + 1, spec.achieved)
    merge(r, 1, r, half)
    merge(r, half + 1, r, last - c0)
    merge(goal_top, 0, r, 0)
    r += 1
    # 绩效指标
    ind_top = r
    put(r, 0, spec.ind_block_label)
    for j, (_, h) in enumerate(spec.ind_columns):
        put(r, 1 + j, h)
    col = {k: 1 + j for j, k in enumerate(keys)}
    where["ind_cols"] = {k: cl(j) for k, j in col.items()}
    r += 1
    groups: list[tuple[str, int, int]] = []  # (l1, first row, last row)
    l2_groups: list[tuple[str, str, int, int]] = []
    for ind in spec.indicators:
        if not groups or groups[-1][0] != ind.l1:
            groups.append((ind.l1, r, r))
            put(r, col["level1"], spec.l1_labels.get(ind.l1, ind.l1))
        else:
            groups[-1] = (groups[-1][0], groups[-1][1], r)
            if not spec.merged:
                pass  # unmerged export: label once, blank below
        if not l2_groups or (l2_groups[-1][0], l2_groups[-1][1]) != (ind.l1, ind.l2):
            l2_groups.append((ind.l1, ind.l2, r, r))
            put(r, col["level2"], ind.l2)
        else:
            l2_groups[-1] = (*l2_groups[-1][:3], r)
        for k in ("name", "nature", "target", "unit", "actual", "weight", "score", "reason", "reason2"):
            if k in col:
                put(r, col[k], getattr(ind, k))
        if "rate" in col and isinstance(ind.actual, (int, float)) and not isinstance(ind.actual, bool):
            pass  # a 完成率 column some provinces add is left blank (it is not read)
        fmt = spec.actual_formats.get(len(where["ind_rows"]))
        if fmt:
            ws.cell(r, c0 + col["actual"]).number_format = fmt
        where["ind_rows"].append(r)
        r += 1
    for _, a, b in groups:
        merge(a, col["level1"], b, col["level1"])
    for _, _, a, b in l2_groups:
        merge(a, col["level2"], b, col["level2"])
    merge(ind_top, 0, r - 1, 0)
    # 总分
    put(r, 0, spec.total_label)
    merge(r, 0, r, col["weight"] - 1)
    where["total_weight"] = put(r, col["weight"], spec.total_weight)
    ts = spec.total_score if spec.total_score is not None else total_of(spec)
    where["total_score"] = put(r, col["score"], ts)
    where["total_row"] = r
    r += 1
    if spec.grade_row:
        put(r, 0, spec.grade_row[0])
        where["grade"] = put(r, 1, spec.grade_row[1])
        merge(r, 1, r, width - 1)
        r += 1
    for line in spec.footer:
        for j, v in enumerate(line):
            put(r, j, v)
        r += 1
    where["next_row"] = r
    return where


def build(path: str | Path, spec: Spec, *, sheet: str = "Sheet1", top: int = 1,
          junk: bool = False) -> dict[str, Any]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    where = write_spec(ws, spec, top=top)
    wb.save(path)
    return where


# --- clean variants ----------------------------------------------------------------------

def _spec(**kw) -> Spec:
    s = Spec(indicators=default_indicators())
    for k, v in kw.items():
        setattr(s, k, v)
    return s


def variant_national() -> Spec:
    """财预〔2020〕10号 attachment: no "(50分)" in the 一级 labels, 全年预算数（A）/全年执行数（B）."""
    return _spec(fund_headers=("年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"))


def variant_ab_headers() -> Spec:
    """年度指标值（A）/实际完成值（B）, "(50分)" labels, 分值（权重）."""
    s = _spec(l1_labels={"产出指标": "产出指标（50分）", "效益指标": "效益指标（30分）", "满意度指标": "满意度指标（10分）"})
    s.ind_columns = (("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"),
                     ("target", "年度指标值（A）"), ("actual", "实际完成值（B）"), ("weight", "分值（权重）"),
                     ("score", "得分"), ("reason", "偏差原因分析及改进措施"))
    return s


def variant_weight_header() -> Spec:
    """权重 instead of 分值 in both tables, 年度资金总额（万元）, 合计 as the total label."""
    s = _spec(fund_headers=("年初预算数", "全年预算数", "全年执行数", "权重", "执行率", "得分"),
              fund_labels=("年度资金总额（万元）", "其中：财政拨款", "上年结转资金", "其他资金"), total_label="合计")
    s.ind_columns = tuple((k, "权重") if k == "weight" else (k, h) for k, h in s.ind_columns)
    return s


def variant_unit_nature() -> Spec:
    """指标性质 (≥/≤/=) and 计量单位 in columns of their own; 指标值 holds the bare number."""
    s = _spec()
    s.ind_columns = (("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"), ("nature", "指标性质"),
                     ("target", "指标值"), ("unit", "计量单位"), ("actual", "实际完成值"), ("weight", "分值"),
                     ("score", "得分"), ("reason", "偏差原因分析及改进措施"))
    s.indicators = [
        Ind("产出指标", "数量指标", "新建集中供水工程", 12, 12, 15, 15, unit="处", nature="≥"),
        Ind("产出指标", "数量指标", "受益人口", 8000, 8650, 10, 10, unit="人", nature="≥"),
        Ind("产出指标", "质量指标", "工程返工率", 5, 2, 10, 10, unit="%", nature="≤"),
        Ind("产出指标", "时效指标", "完工时间", "2023年12月31日前", "按期完成", 5, 5, nature="定性"),
        Ind("产出指标", "成本指标", "单处工程平均造价", 50, 48.6, 10, 10, unit="万元", nature="≤"),
        Ind("效益指标", "社会效益指标", "水质达标率", 100, 100, 15, 15, unit="%", nature="="),
        Ind("效益指标", "可持续影响指标", "工程使用年限", 20, 20, 15, 15, unit="年", nature="≥"),
        Ind("满意度指标", "服务对象满意度指标", "受益群众满意度", 90, 95, 10, 10, unit="%", nature="≥"),
    ]
    return s


def variant_people_rows() -> Spec:
    """项目负责人/联系电话 and 项目编码 rows, "资金总额", a 评价等级 row, amounts in 元."""
    return _spec(extra_rows=[["项目编码", "51010023000001", "项目负责人", "张三"],
                             ["联系电话", "028-12345678", "填报日期", "2024-01-15"]],
                 fund_block_label="项目资金（元）",
                 fund_labels=("资金总额", "其中：财政拨款", "上年结转资金", "其他资金"),
                 funds=((1000000, 1000000, 980000), (1000000, 1000000, 980000), (0, 0, 0), (0, 0, 0)),
                 grade_row=("评价等级", "优"))


def variant_attr_source() -> Spec:
    """项目属性 / 资金来源 rows, 年度绩效目标 header, decimal scores (9.5, 18.75)."""
    s = _spec(extra_rows=[["项目属性", "经常性项目", "资金来源", "一般公共预算"]], goal_block_label="年度绩效目标")
    s.indicators = [
        Ind("产出指标", "数量指标", "培训基层干部", "≥400人次", "380人次", 20, 19, reason="部分学员因疫情未能参训，下年度加强组织"),
        Ind("产出指标", "质量指标", "培训考核合格率", "≥95%", "96%", 10, 10),
        Ind("产出指标", "时效指标", "培训完成时间", "2023年11月底前", "按时完成", 10, 10),
        Ind("产出指标", "成本指标", "人均培训成本", "≤800元", "760元", 10, 10),
        Ind("效益指标", "社会效益指标", "基层干部履职能力", "明显提升", "达到预期", 18.75, 18.75),
        Ind("效益指标", "可持续影响指标", "培训成果转化", "持续发挥作用", "良好", 11.25, 11.25),
        Ind("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "95%", 10, 10),
    ]
    # rate 98 % -> 9.8; total 19 + 40 + 30 + 10 + 9.8 = 98.8
    return s


def variant_sichuan() -> Spec:
    """Sichuan: the 90 points are split freely over the indicators (一级 sums 60 / 20 / 10)."""
    s = _spec(l1_labels={})
    s.indicators = [
        Ind("产出指标", "数量指标", "维修校舍面积", "≥3000平方米", "3200平方米", 20, 20),
        Ind("产出指标", "质量指标", "工程验收合格率", "=100%", "100%", 20, 20),
        Ind("产出指标", "时效指标", "开工及时率", "100%", "100%", 10, 10),
        Ind("产出指标", "成本指标", "维修单价", "≤600元/平方米", "580元/平方米", 10, 10),
        Ind("效益指标", "社会效益指标", "消除校舍安全隐患", "有效消除", "是", 20, 20),
        Ind("满意度指标", "服务对象满意度指标", "师生满意度", "≥90%", "95%", 10, 10),
    ]
    return s


def variant_rate_percent_number() -> Spec:
    """执行率 typed as 98.5 (meaning %), one-decimal scores; qualitative actuals 基本达成 / 完成."""
    s = _spec(funds=((200, 200, 197), (200, 200, 197), (None, None, None), (None, None, None)),
              rate=98.5, rate_format=None, fund_score=9.85)
    s.indicators = [
        Ind("产出指标", "数量指标", "开展巡查次数", "≥24次", "24次", 20, 20),
        Ind("产出指标", "质量指标", "问题整改率", "100%", "100%", 10, 10),
        Ind("产出指标", "时效指标", "整改完成时限", "当年完成", "完成", 10, 10),
        Ind("产出指标", "成本指标", "项目总成本", "≤200万元", "197万元", 10, 10),
        Ind("效益指标", "生态效益指标", "河道水质改善", "有改善", "基本达成", 15, 10.5,
            reason="部分河段治理工程次年完工，水质尚未全面改善"),
        Ind("效益指标", "可持续影响指标", "河长制长效机制", "建立", "是", 15, 15),
        Ind("满意度指标", "服务对象满意度指标", "沿河群众满意度", "≥85%", "良好", 10, 9,
            reason="个别群众对施工期间出行不便有意见，下年度加强沟通"),
    ]
    return s


def variant_percent_text_rate() -> Spec:
    """执行率 typed "98.50%" in a number-formatted cell (a real number), 评价等级 below 合计."""
    s = _spec(funds=((200, 200, 197), (180, 180, 177), (20, 20, 20), (None, None, None)),
              rate=0.985, rate_format="0.00%", fund_score=9.85, total_label="合计", grade_row=("自评等级", "优"))
    return s


def variant_framed() -> Spec:
    """Logo/notes line above the title, the form starting in column B, a 填表人/联系电话 footer."""
    return _spec(notes_above=["附件2", "XX省财政厅制（单位：万元）"], col0=2,
                 footer=[["填表人：李四", None, "联系电话：0551-87654321", None, "填报日期：2024年3月1日"],
                         ["注：1. 本表由项目实施单位填报。2. 偏差原因须据实说明。"]])


def variant_unmerged_export() -> Spec:
    """A budget-system export: no merged cells at all, 一级/二级 labels written once."""
    return _spec(merged=False, l1_labels={"产出指标": "产出指标(50分)", "效益指标": "效益指标(30分)",
                                          "满意度指标": "满意度指标(10分)"})


def variant_cost_level1() -> Spec:
    """Newer (财预〔2021〕101号 style) forms: 成本指标 is a 一级指标 of its own, with 经济成本指标
    under it; 产出 40 + 成本 10 is the standard 50."""
    s = _spec(l1_labels={"产出指标": "产出指标（40分）", "成本指标": "成本指标（10分）",
                         "效益指标": "效益指标（30分）", "满意度指标": "满意度指标（10分）"})
    s.indicators = [
        Ind("产出指标", "数量指标", "新建集中供水工程", "≥12处", "12处", 20, 20),
        Ind("产出指标", "质量指标", "工程验收合格率", "100%", "100%", 10, 10),
        Ind("产出指标", "时效指标", "工程完工时间", "2023年12月31日前", "2023年12月20日", 10, 10),
        Ind("成本指标", "经济成本指标", "单处工程平均造价", "≤50万元/处", "48.6万元/处", 10, 10),
        Ind("效益指标", "社会效益指标", "农村自来水普及率", "≥90%", "92%", 30, 30),
        Ind("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "95%", 10, 10),
    ]
    return s


def variant_year_in_title() -> Spec:
    """"2023年度项目支出绩效自评表" with no year line, a 完成率 column nobody reads, and
    实际完成值 typed as numbers formatted as percentages (0.95 shown "95%")."""
    s = _spec(title="2023年度项目支出绩效自评表", year_line=None)
    s.ind_columns = (("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"),
                     ("target", "年度指标值"), ("actual", "实际完成值"), ("rate", "完成率（%）"),
                     ("weight", "分值"), ("score", "得分"), ("reason", "偏差原因分析及改进措施"))
    s.indicators[2].actual = 1
    s.indicators[-1].actual = 0.95
    s.actual_formats = {2: "0.00%", len(s.indicators) - 1: "0%"}
    return s


def variant_enum_labels() -> Spec:
    """Unmerged export with numbered labels: "一、产出指标", "1.数量指标", 评价等级 inline ("评价等级：优")."""
    s = _spec(merged=False, l1_labels={"产出指标": "一、产出指标", "效益指标": "二、效益指标",
                                       "满意度指标": "三、满意度指标"})
    s.grade_row = ("评价等级：优", None)
    return s


def variant_split_reason() -> Spec:
    """项目资金（元） with amounts in 元, and the explanation split over two columns
    "偏差原因分析" | "改进措施" (the deduction is explained in the second one only)."""
    s = variant_attr_source()
    s.fund_block_label = "项目资金（元）"
    s.funds = ((1000000, 1000000, 980000), (1000000, 1000000, 980000), (0, 0, 0), (0, 0, 0))
    s.achieved = "项目预算100万元，实际使用资金98万元，培训基层干部380人次。"
    s.ind_columns = tuple(x for x in s.ind_columns if x[0] != "reason") + (("reason", "偏差原因分析"),
                                                                         ("reason2", "改进措施"))
    s.indicators[0].reason2, s.indicators[0].reason = s.indicators[0].reason, None
    return s


def variant_budget_row_in_table() -> Spec:
    """预算执行率 (10分) as the last row of the 绩效指标 table; the 项目资金 block only has
    年初预算数 / 全年预算数 / 全年执行数 (no 分值 / 执行率 / 得分 columns)."""
    s = _spec(fund_headers=("年初预算数", "全年预算数", "全年执行数"), fund_weight=None, rate=None, fund_score=None)
    s.indicators.append(Ind("预算执行率", "预算执行率", "预算执行率", "100%", "98%", 10, 9.8,
                            reason="部分工程尾款次年支付"))
    return s


def variant_transfer_sources() -> Spec:
    """A 转移支付 form: the sources are 中央补助资金 / 省级财政资金 / 市县配套资金 / 其他资金,
    not the 财政拨款 / 上年结转 rows of the national layout."""
    return _spec(fund_labels=("年度资金总额", "其中：中央补助资金", "省级财政资金", "市县配套资金", "其他资金"),
                 funds=((100, 100, 98), (60, 60, 60), (30, 30, 28), (10, 10, 10), (0, 0, 0)))


def variant_fiscal_breakdown() -> Spec:
    """财政拨款 broken down further (其中：中央资金 / 省级资金) below it, then 上年结转 / 其他资金."""
    return _spec(fund_labels=("年度资金总额", "其中：财政拨款", "其中：中央资金", "省级资金", "上年结转资金", "其他资金"),
                 funds=((100, 100, 98), (100, 100, 98), (70, 70, 70), (30, 30, 28), (0, 0, 0), (0, 0, 0)))


CLEAN_VARIANTS = {
    "transfer_sources": variant_transfer_sources,
    "fiscal_breakdown": variant_fiscal_breakdown,
    "budget_row_in_table": variant_budget_row_in_table,
    "split_reason": variant_split_reason,
    "cost_level1": variant_cost_level1,
    "year_in_title": variant_year_in_title,
    "enum_labels": variant_enum_labels,
    "national": variant_national,
    "ab_headers": variant_ab_headers,
    "weight_header": variant_weight_header,
    "unit_nature": variant_unit_nature,
    "people_rows": variant_people_rows,
    "attr_source": variant_attr_source,
    "sichuan": variant_sichuan,
    "rate_percent_number": variant_rate_percent_number,
    "percent_rate": variant_percent_text_rate,
    "framed": variant_framed,
    "unmerged_export": variant_unmerged_export,
}


def clone(spec: Spec) -> Spec:
    return copy.deepcopy(spec)
