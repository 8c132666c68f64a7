"""Every form rule both ways: a form where it fires (code, sheet, cell) and a near miss.

Forms are model objects from tests/_forms.py (cells as in the official layout): the
clean project has indicator rows 13–20 and 总分 in row 21.
"""
from __future__ import annotations

import pytest

from _forms import CLEAN, clean_project, make_bundle
from xlkit.engine import check_bundle, select_codes
from xlkit.scoring import default_profile

SHEET = CLEAN["项目名称"]
ALL = select_codes()


def run(project: dict, codes=ALL, project_list=None):
    data = {"项目": [project]}
    if project_list is not None:
        data["项目清单"] = project_list
    b = make_bundle(data)
    findings, _ = check_bundle(b, "t.xlsx", default_profile(), codes)
    return findings


def rows(p, i, **changes):
    """Change indicator row i (0-based; sheet row 13 + i)."""
    p["绩效指标"][i].update(changes)
    return p


def level1_points(p, name, pts):
    for ind in p["绩效指标"]:
        if ind["一级指标"] == name:
            ind["一级指标分值"] = pts
    return p


def test_clean_form_has_no_findings():
    assert [(f.code, f.cell, f.message) for f in run(clean_project())] == []


def _shift_weights(p):
    rows(p, 0, 分值=25, 得分=25)
    rows(p, 5, 分值=5, 得分=4)
    level1_points(p, "产出指标", 60)
    level1_points(p, "效益指标", 20)
    p["总分得分"] = 96.5 + 10 - 8
    return p


def _budget_overspent(p):
    p.update(全年执行数=110, 财政拨款全年执行数=110, 执行率=1.1, 执行率得分=10, 总分得分=97)
    return p


# id, mutation, expected (code, cell) — sheet is the clean project's
HITS = [
    ("R03-empty-implementer", lambda p: p.update(实施单位="") or p, ("R03", "G4")),
    ("R03-no-indicators", lambda p: p.update(绩效指标=[], 总分得分=9.5) or p, ("R03", "H13")),
    ("R04-amount-with-unit", lambda p: p.update(全年预算数="100 万元") or p, ("R04", "D6")),
    ("W01-total-weight-90", lambda p: p.update(总分分值=90) or p, ("W01", "G21")),
    ("W02-declared-60", lambda p: level1_points(p, "产出指标", 60), ("W02", "G13:G17")),
    ("W03-output-60", _shift_weights, ("W03", "B13")),
    ("W03-benefit-20", _shift_weights, ("W03", "B18")),
    ("W04-no-weight", lambda p: rows(p, 3, 分值=None), ("W04", "G16")),
    ("S01-score-above-weight", lambda p: rows(p, 0, 得分=16), ("S01", "H13")),
    ("S02-total-off", lambda p: p.update(总分得分=99) or p, ("S02", "H21")),
    ("S03-met-but-deducted", lambda p: rows(p, 1, 得分=12, 偏差原因分析及改进措施="略"), ("S03", "H14")),
    ("S04-partial-given-full", lambda p: rows(p, 5, 得分=15), ("S04", "H18")),
    ("S05-no-reason", lambda p: rows(p, 5, 偏差原因分析及改进措施=""), ("S05", "I18")),
    ("S05-reason-wu", lambda p: rows(p, 5, 偏差原因分析及改进措施="无"), ("S05", "I18")),
    ("S06-unmet-full", lambda p: rows(p, 1, 实际完成值="900 人次"), ("S06", "H14")),
    ("S07-overshoot", lambda p: rows(p, 0, 实际完成值="25 场"), ("S07", "F13")),
    ("S08-grade", lambda p: p.update(评价等级="良") or p, ("S08", "I21")),
    ("B01-sources", lambda p: p.update(财政拨款全年预算数=90) or p, ("B01", "D6")),
    ("B02-rate", lambda p: p.update(执行率=0.9) or p, ("B02", "G6")),
    ("B03-overspent", _budget_overspent, ("B03", "E6")),
    ("B04-budget-score", lambda p: p.update(执行率得分=8, 总分得分=95) or p, ("B04", "H6")),
    ("B05-adjusted", lambda p: p.update(年初预算数=120, 财政拨款年初预算数=120) or p, ("B05", "D6")),
    ("N01-count", lambda p: p.update(实际完成情况="开展培训 20 场，培训学员 900 人次。") or p, ("N01", "F14")),
    ("N02-amount", lambda p: p.update(实际完成情况="使用资金 90 万元。") or p, ("N02", "F11")),
    ("C01-placeholder", lambda p: rows(p, 6, 三级指标="无"), ("C01", "D19")),
    ("C01-labelled-placeholder", lambda p: rows(p, 6, 三级指标="指标:无"), ("C01", "D19")),
    ("C02-duplicate", lambda p: rows(p, 1, 三级指标="开展培训场次"), ("C02", "D14")),
    ("C03-wrong-level1", lambda p: rows(p, 0, 二级指标="满意度指标"), ("C03", "C13")),
    ("C04-unparsed", lambda p: rows(p, 0, 年度指标值="2-3 场"), ("C04", "E13")),
    ("C05-units", lambda p: rows(p, 1, 实际完成值="1050 人"), ("C05", "F14")),
]


@pytest.mark.parametrize("mutate,expected", [(m, e) for _, m, e in HITS], ids=[h[0] for h in HITS])
def test_rule_fires(mutate, expected):
    code, cell = expected
    found = [(f.code, f.sheet, f.cell) for f in run(mutate(clean_project()), codes=(code,))]
    assert (code, SHEET, cell) in found, found


def _partial_rate_ok(p):
    p.update(执行率=0.953)  # 95/100 = 0.95: within rate_tolerance 0.005
    return p


NEAR = [
    ("R03-all-present", lambda p: p, "R03"),
    ("R04-plain-numbers", lambda p: p.update(全年预算数=100.0) or p, "R04"),
    ("W01-budget-weight-counted", lambda p: p, "W01"),
    ("W02-no-declared-points", lambda p: level1_points(p, "产出指标", None), "W02"),
    ("W03-standard", lambda p: p, "W03"),
    ("W04-positive", lambda p: rows(p, 3, 分值=0.5, 得分=0.5, 总分得分=92), "W04"),
    ("S01-equal-weight", lambda p: p, "S01"),
    ("S02-rounding", lambda p: p.update(总分得分="96.50") or p, "S02"),
    ("S03-proportional-right", lambda p: rows(p, 1, 实际完成值="900 人次", 得分=13.5, 偏差原因分析及改进措施="略"), "S03"),
    ("S03-within-tolerance", lambda p: rows(p, 1, 实际完成值="900 人次", 得分=13.1, 偏差原因分析及改进措施="略"), "S03"),
    ("S03-unmet-full-is-S06", lambda p: rows(p, 1, 实际完成值="900 人次"), "S03"),
    ("S03-time-phrase", lambda p: rows(p, 3, 年度指标值="2022 年开展", 实际完成值="2022 年开展"), "S03"),
    ("S04-unknown-band", lambda p: rows(p, 6, 实际完成值="见附件", 得分=5, 偏差原因分析及改进措施="略"), "S04"),
    ("S04-in-band", lambda p: p, "S04"),
    ("S05-small-deduction", lambda p: rows(p, 6, 得分=14.5), "S05"),
    ("S06-met", lambda p: rows(p, 1, 实际完成值="1000 人次"), "S06"),
    ("S07-below-threshold", lambda p: rows(p, 0, 实际完成值="23 场"), "S07"),
    ("S07-percent-target", lambda p: rows(p, 2, 年度指标值="≥80%", 实际完成值="100%"), "S07"),
    ("S08-youxiu", lambda p: p.update(评价等级="优秀") or p, "S08"),
    ("B01-blank-breakdown", lambda p: p.update(财政拨款全年预算数=None, 财政拨款年初预算数=None, 财政拨款全年执行数=None,
                                                上年结转全年预算数=None, 上年结转年初预算数=None, 上年结转全年执行数=None,
                                                其他资金全年预算数=None, 其他资金年初预算数=None, 其他资金全年执行数=None) or p, "B01"),
    ("B02-rounded-rate", _partial_rate_ok, "B02"),
    ("B02-rate-typed-as-percent-number", lambda p: p.update(执行率=95) or p, "B02"),
    ("B03-equal", lambda p: p.update(全年执行数=100, 财政拨款全年执行数=100, 执行率=1, 执行率得分=10, 总分得分=97) or p, "B03"),
    ("B04-within-tolerance", lambda p: p.update(执行率得分=9, 总分得分=96) or p, "B04"),
    ("B05-same", lambda p: p, "B05"),
    ("N01-unrelated-count", lambda p: p.update(实际完成情况="走访企业 30 家，发放资料 900 本。") or p, "N01"),
    ("N01-sum-of-parts", lambda p: p.update(实际完成情况="培训学员 1050 人次，其中骨干 50 人。") or p, "N01"),
    ("N02-budget-mentioned", lambda p: p.update(实际完成情况="预算 100 万元，使用 95 万元。") or p, "N02"),
    ("C01-placeholder-zero-weight", lambda p: rows(p, 6, 三级指标="无", 分值=0, 得分=0) or p.update(总分得分=81.5) or p, "C01"),
    ("C02-same-text-other-level2", lambda p: rows(p, 2, 三级指标="开展培训场次"), "C02"),
    ("C03-province-name", lambda p: rows(p, 0, 二级指标="项目管理指标"), "C03"),
    ("C04-time-phrase", lambda p: rows(p, 3, 年度指标值="12 月底前完成"), "C04"),
    ("C05-wan-yuan", lambda p: rows(p, 4, 实际完成值="0.09 万元"), "C05"),
]


@pytest.mark.parametrize("mutate,code", [(m, c) for _, m, c in NEAR], ids=[n[0] for n in NEAR])
def test_rule_near_miss(mutate, code):
    found = [(f.code, f.cell, f.message) for f in run(mutate(clean_project()), codes=(code,))]
    assert found == []


def test_D01_near_match_named():
    p = clean_project()
    found = run(p, codes=("D01",), project_list=[{"序号": 1, "项目名称": "示例清洁项目专项"}])
    assert [(f.code, f.sheet, f.cell, f.note) for f in found] == [("D01", "项目清单", "B3", "近似匹配")]


def test_D01_missing_form_and_missing_entry():
    found = run(clean_project(), codes=("D01",), project_list=[{"序号": 1, "项目名称": "完全不同的项目"}])
    assert sorted((f.code, f.sheet, f.cell) for f in found) == [("D01", SHEET, "B3"), ("D01", "项目清单", "B3")]


def test_D01_near_miss_exact_names():
    assert run(clean_project(), codes=("D01",), project_list=[{"序号": 1, "项目名称": " 示例清洁项目"}]) == []


def test_S03_message_has_numbers_and_note():
    f = run(rows(clean_project(), 1, 得分=12, 偏差原因分析及改进措施="略"), codes=("S03",))[0]
    assert f.expected == 15 and f.actual == 12 and "score_tolerance=0.5" in f.note
    assert "1050" in f.message and "15" in f.message and "12" in f.message
    assert f.project == SHEET and f.severity == "E"


def test_S06_replaces_S03():
    p = rows(clean_project(), 1, 实际完成值="900 人次")
    codes = sorted(f.code for f in run(p, codes=("S03", "S06")))
    assert codes == ["S06"]


def test_B05_states_both_rates():
    f = run(clean_project(年初预算数=120, 财政拨款年初预算数=120), codes=("B05",))[0]
    assert "95%" in f.message and "79.17%" in f.message and "调减 20" in f.message
