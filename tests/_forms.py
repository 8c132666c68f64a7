"""Build model objects (Form, Bundle) straight from a small dict, as the YAML data files
write them, with cells placed as in the official layout. Rule tests use these so that
they do not depend on the reader; integration tests use real workbooks.

Layout (rows of one form, 9 columns A–I):
  3 项目名称 B3 · 4 主管部门 B4, 实施单位 G4 · 6–9 funds: C 年初, D 全年预算, E 全年执行,
  F 分值, G 执行率, H 得分 (row 6 only) · 11 预期目标 B11, 实际完成情况 F11 ·
  13… indicators: B 一级, C 二级, D 三级, E 年度指标值, F 实际完成值, G 分值, H 得分, I 偏差 ·
  then 总分: G 分值, H 得分, I 评价等级.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from xlkit.model import Bundle, Form, Indicator, ProjectEntry, Value
from xlkit.quantities import parse_number

ROOT = Path(__file__).resolve().parent.parent
SEED_YAML = ROOT / "samples" / "安庆市总工会2022.yaml"

FUND_KEYS = {"年度资金总额": "", "本年财政拨款": "财政拨款", "上年结转资金": "上年结转", "其他资金": "其他资金"}
FUND_ROW = {"年度资金总额": 6, "本年财政拨款": 7, "上年结转资金": 8, "其他资金": 9}
FUND_COL = {"年初预算数": "C", "全年预算数": "D", "全年执行数": "E"}


def num(raw: Any, sheet: str, cell: str) -> Value:
    if raw is None or raw == "":
        return Value(sheet=sheet, cell=cell)
    n = parse_number(raw)
    if not n.ok:
        return Value(value=str(raw), raw=str(raw), sheet=sheet, cell=cell, text_number=True)
    text = raw if isinstance(raw, str) else None
    return Value(value=n.value, raw=text, sheet=sheet, cell=cell, text_number=n.text_number, unit=n.unit)


def txt(raw: Any, sheet: str, cell: str) -> Value:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Value(sheet=sheet, cell=cell)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return Value(value=raw, raw=None, sheet=sheet, cell=cell)
    return Value(value=str(raw), raw=str(raw), sheet=sheet, cell=cell)


def level1_name(label: str) -> str:
    m = re.match(r"\s*(产出指标|效益指标|满意度指标)", label or "")
    return m.group(1) if m else (label or "").strip()


def make_form(p: dict, sheet: str | None = None, source: str = "test.xlsx") -> Form:
    sheet = sheet or str(p.get("项目名称", "自评表"))[:31]
    f = Form(sheet=sheet, source=source, origin="A1")
    f.title = Value(value="项目支出绩效自评表", raw="项目支出绩效自评表", sheet=sheet, cell="A1")
    f.project = txt(p.get("项目名称"), sheet, "B3")
    f.department = txt(p.get("主管部门"), sheet, "B4")
    f.implementer = txt(p.get("实施单位"), sheet, "G4")
    for key, prefix in FUND_KEYS.items():
        row = f.funds.row(key)
        r = FUND_ROW[key]
        row.label = txt(key, sheet, f"B{r}")
        for col, letter in FUND_COL.items():
            v = num(p.get(prefix + col), sheet, f"{letter}{r}")
            setattr(row, {"年初预算数": "initial", "全年预算数": "budget", "全年执行数": "executed"}[col], v)
    f.funds.weight = num(p.get("执行率分值"), sheet, "F6")
    f.funds.rate = num(p.get("执行率"), sheet, "G6")
    f.funds.score = num(p.get("执行率得分"), sheet, "H6")
    f.goal = txt(p.get("预期目标"), sheet, "B11")
    f.achieved = txt(p.get("实际完成情况"), sheet, "F11")
    r = 13
    for item in p.get("绩效指标", []):
        ind = Indicator(row=r)
        label = str(item.get("一级指标", ""))
        pts = item.get("一级指标分值")
        raw_label = f"{label} ({pts}分)" if pts is not None else label
        ind.level1 = Value(value=level1_name(label), raw=raw_label, sheet=sheet, cell=f"B{r}")
        ind.level1_points = float(pts) if pts is not None else None
        ind.level2 = txt(item.get("二级指标"), sheet, f"C{r}")
        ind.name = txt(item.get("三级指标"), sheet, f"D{r}")
        ind.target = txt(item.get("年度指标值"), sheet, f"E{r}")
        ind.actual = txt(item.get("实际完成值"), sheet, f"F{r}")
        ind.weight = num(item.get("分值"), sheet, f"G{r}")
        ind.score = num(item.get("得分"), sheet, f"H{r}")
        ind.reason = txt(item.get("偏差原因分析及改进措施"), sheet, f"I{r}")
        f.indicators.append(ind)
        r += 1
    f.total_weight = num(p.get("总分分值"), sheet, f"G{r}")
    f.total_score = num(p.get("总分得分"), sheet, f"H{r}")
    f.grade = txt(p.get("评价等级"), sheet, f"I{r}")
    return f


def make_bundle(data: dict, source: str = "test.xlsx") -> Bundle:
    b = Bundle(department=data.get("主管部门"), year=data.get("年度"), source=source)
    if data.get("项目清单"):
        b.list_sheet = "项目清单"
        for i, e in enumerate(data["项目清单"], start=3):
            b.project_list.append(ProjectEntry(seq=txt(e.get("序号"), "项目清单", f"A{i}"),
                                               name=txt(e.get("项目名称"), "项目清单", f"B{i}"),
                                               note=txt(e.get("备注"), "项目清单", f"C{i}")))
    for p in data.get("项目", []):
        b.forms.append(make_form(p, source=source))
    return b


def seed_data() -> dict:
    import yaml
    with open(SEED_YAML, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def seed_project(name: str) -> dict:
    for p in seed_data()["项目"]:
        if p["项目名称"] == name:
            return copy.deepcopy(p)
    raise KeyError(name)


CLEAN = {
    "项目名称": "示例清洁项目",
    "主管部门": "某市某局",
    "实施单位": "某中心",
    "年初预算数": 100, "全年预算数": 100, "全年执行数": 95,
    "财政拨款年初预算数": 100, "财政拨款全年预算数": 100, "财政拨款全年执行数": 95,
    "上年结转年初预算数": 0, "上年结转全年预算数": 0, "上年结转全年执行数": 0,
    "其他资金年初预算数": 0, "其他资金全年预算数": 0, "其他资金全年执行数": 0,
    "执行率分值": 10, "执行率": 0.95, "执行率得分": 9.5,
    "预期目标": "开展培训 20 场，培训 1000 人次。",
    "实际完成情况": "开展培训 20 场，培训学员 1050 人次，使用资金 95 万元。",
    "总分分值": 100, "总分得分": 96.5,
    "绩效指标": [
        {"一级指标": "产出指标", "一级指标分值": 50, "二级指标": "数量指标", "三级指标": "开展培训场次",
         "年度指标值": "≥20 场", "实际完成值": "20 场", "分值": 15, "得分": 15},
        {"一级指标": "产出指标", "一级指标分值": 50, "二级指标": "数量指标", "三级指标": "培训学员人次",
         "年度指标值": "1000 人次以上", "实际完成值": "1050 人次", "分值": 15, "得分": 15},
        {"一级指标": "产出指标", "一级指标分值": 50, "二级指标": "质量指标", "三级指标": "培训合格率",
         "年度指标值": "≥90%", "实际完成值": "96%", "分值": 10, "得分": 10},
        {"一级指标": "产出指标", "一级指标分值": 50, "二级指标": "时效指标", "三级指标": "年底前完成",
         "年度指标值": "12 月底前完成", "实际完成值": "按时完成", "分值": 5, "得分": 5},
        {"一级指标": "产出指标", "一级指标分值": 50, "二级指标": "成本指标", "三级指标": "人均培训成本",
         "年度指标值": "≤1000 元", "实际完成值": "905 元", "分值": 5, "得分": 5},
        {"一级指标": "效益指标", "一级指标分值": 30, "二级指标": "社会效益指标", "三级指标": "从业人员技能提升",
         "年度指标值": "有提升", "实际完成值": "基本达成", "分值": 15, "得分": 12,
         "偏差原因分析及改进措施": "部分学员未参加考核，明年加强组织。"},
        {"一级指标": "效益指标", "一级指标分值": 30, "二级指标": "可持续影响指标", "三级指标": "培训机制长效运行",
         "年度指标值": "长期", "实际完成值": "达成预期指标", "分值": 15, "得分": 15},
        {"一级指标": "满意度指标", "一级指标分值": 10, "二级指标": "服务对象满意度指标", "三级指标": "学员满意度",
         "年度指标值": "≥85%", "实际完成值": "93%", "分值": 10, "得分": 10},
    ],
}


def clean_project(**changes) -> dict:
    p = copy.deepcopy(CLEAN)
    p.update(changes)
    return p
