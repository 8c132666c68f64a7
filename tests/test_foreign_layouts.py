"""Clean forms in layouts of other provinces / budget systems: no false alarms, no crashes.

Every variant in tests/foreign_layouts.py is a consistent form (weights add up, scores follow
SCORING.md, rate = B/A, totals right, explanations where deducted). It must be read with the
right values and raise no E and no W finding; then one deliberate error per layout must fire
the right code at the right cell, so the rules still work in these layouts.
"""
from __future__ import annotations

import re

import openpyxl
import pytest

import foreign_layouts as FL
import layouts as SEED
from xlkit.engine import check
from xlkit.read import read_workbook
from xlkit.scoring import default_profile
from xlkit.scoring.profile import build_profile, _default_data

SHEET = "Sheet1"
# Findings a clean variant may legitimately get: W03 where the points are split freely.
ALLOWED = {"sichuan": {"W03"}}


def findings(path, profile=None):
    return check([str(path)], profile=profile or default_profile()).findings


def codes(path, profile=None):
    return sorted((f.code, f.cell) for f in findings(path, profile))


def _num(v):
    return float(v) if isinstance(v, (int, float, str)) else None


def assert_read_right(form, spec: FL.Spec, where: dict):
    """Every field of the form was read as written in `spec`."""
    assert form.name == spec.project
    assert form.project.cell == where["project"]
    assert form.department.value == spec.department
    assert form.implementer.value == spec.implementer
    # the model keeps amounts in 万元: a form in 元 is divided by 10,000, raw stays as typed
    scale = 1e-4 if "（元）" in spec.fund_block_label else 1.0
    (i0, b0, e0) = spec.funds[0]
    assert form.funds.total.initial.number == pytest.approx(_num(i0) * scale)
    assert form.funds.total.budget.number == pytest.approx(_num(b0) * scale)
    assert form.funds.total.executed.number == pytest.approx(_num(e0) * scale)
    assert form.funds.total.budget.raw == str(b0)
    assert form.funds.fiscal.budget.number == pytest.approx(_num(spec.funds[1][1]) * scale)
    assert form.notes.get("amount_unit") == ("元" if scale != 1.0 else None)
    assert form.funds.weight.number == spec.fund_weight
    rate = spec.rate / 100 if spec.rate > 2 else spec.rate
    assert form.funds.rate.number == pytest.approx(rate)
    assert form.funds.score.number == pytest.approx(spec.fund_score)
    assert form.goal.value == spec.goal and form.achieved.value == spec.achieved
    assert form.total_weight.number == spec.total_weight
    assert form.total_score.number == pytest.approx(FL.total_of(spec))
    assert form.total_score.cell == where["total_score"]
    if spec.grade_row:
        assert form.grade.value == (spec.grade_row[1] or spec.grade_row[0].split("：")[-1])
    assert len(form.indicators) == len(spec.indicators)
    for ind, exp, row in zip(form.indicators, spec.indicators, where["ind_rows"]):
        assert ind.row == row
        assert ind.level1.value == exp.l1
        assert ind.level2.value == exp.l2
        assert ind.name.value == exp.name
        assert ind.target.raw == str(exp.target)
        assert ind.actual.raw == str(exp.actual).removesuffix(".0")
        if isinstance(exp.actual, str):
            assert ind.actual.value == exp.actual
        assert ind.weight.number == pytest.approx(exp.weight)
        assert ind.score.number == pytest.approx(exp.score)
        if exp.reason or exp.reason2:
            assert ind.reason.value == (exp.reason or exp.reason2)
        if exp.unit is not None:
            assert ind.target.unit == exp.unit
    for ind in form.indicators:
        label = spec.l1_labels.get(ind.level1.value)
        m = re.search(r"(\d+(?:\.\d+)?)分", label or "")
        expected_pts = float(m.group(1)) if m else None
        assert ind.level1_points == expected_pts


@pytest.mark.parametrize("name", sorted(FL.CLEAN_VARIANTS))
def test_clean_variant_read_and_silent(tmp_path, name):
    spec = FL.CLEAN_VARIANTS[name]()
    path = tmp_path / f"{name}.xlsx"
    where = FL.build(path, spec)
    bundle = read_workbook(path)
    assert len(bundle.forms) == 1
    assert_read_right(bundle.forms[0], spec, where)
    got = findings(path)
    bad = [(f.code, f.cell, f.message) for f in got
           if f.severity in "EW" and f.code not in ALLOWED.get(name, set())]
    assert bad == []
    # no I finding either: every target in these forms parses or is plainly qualitative
    assert [(f.code, f.cell) for f in got if f.severity == "I"] == []


def test_sichuan_free_split_only_w03(tmp_path):
    """Sichuan splits 90 freely (产出 60 / 效益 20 / 满意度 10): W03 on the two 一级 labels and
    nothing else; the profile option standard_weights: false silences W03 too."""
    spec = FL.variant_sichuan()
    path = tmp_path / "sc.xlsx"
    where = FL.build(path, spec)
    l1_col = where["ind_cols"]["level1"]
    rows = where["ind_rows"]
    assert codes(path) == [("W03", f"{l1_col}{rows[0]}"), ("W03", f"{l1_col}{rows[4]}")]
    msgs = [f.message for f in findings(path)]
    assert any("「产出指标」权重 60 分，标准为 50 分" in m for m in msgs)
    free = build_profile({**_default_data(), "standard_weights": False}, source="sichuan.yaml")
    assert codes(path, free) == []


def test_sichuan_single_indicator_worth_90(tmp_path):
    """Some forms put all 90 points on one indicator: W03 only (design), never W01/W02."""
    spec = FL.variant_sichuan()
    spec.indicators = [FL.Ind("产出指标", "数量指标", "完成道路硬化", "≥5公里", "5.2公里", 90, 90)]
    path = tmp_path / "one.xlsx"
    FL.build(path, spec)
    got = {f.code for f in findings(path)}
    assert got <= {"W03"}
    free = build_profile({**_default_data(), "standard_weights": False}, source="sichuan.yaml")
    assert codes(path, free) == []


def test_unit_and_nature_columns_are_applied(tmp_path):
    """指标性质 "≤" + 指标值 5 + 计量单位 % is the at-most target ≤5%: actual 2 meets it."""
    spec = FL.variant_unit_nature()
    path = tmp_path / "un.xlsx"
    FL.build(path, spec)
    form = read_workbook(path).forms[0]
    rework = form.indicators[2]
    assert rework.target.raw == "5" and rework.target.value == "≤5" and rework.target.unit == "%"
    assert form.indicators[0].target.value == "≥12" and form.indicators[0].target.unit == "处"
    # 定性 adds no comparison
    assert form.indicators[3].target.value == "2023年12月31日前"


def test_numbers_as_text_everywhere_only_r04(tmp_path):
    """Every number typed as text ("100", "98.00%", "15分"): read right, only R04 warnings."""
    spec = FL.variant_national()
    spec.funds = (("100", "100", "98"), ("100", "100", "98"), (None, None, None), (None, None, None))
    spec.rate = "98.00%"
    spec.fund_weight, spec.fund_score = "10", "9.8"
    for ind in spec.indicators:
        ind.weight, ind.score = f"{ind.weight}分", str(ind.score)
    spec.total_weight, spec.total_score = "100", "99.8"
    path = tmp_path / "text.xlsx"
    FL.build(path, spec)
    form = read_workbook(path).forms[0]
    assert form.funds.total.budget.number == 100 and form.funds.rate.number == pytest.approx(0.98)
    assert [i.weight.number for i in form.indicators] == [15, 10, 10, 5, 10, 15, 15, 10]
    assert form.total_score.number == pytest.approx(99.8)
    assert {f.code for f in findings(path)} == {"R04"}


def test_rate_typed_as_text_percent(tmp_path):
    """执行率 "98.50%" typed as text: read as 0.985; only R04 (as RULES.md asks) for that cell."""
    spec = FL.variant_percent_text_rate()
    spec.rate = "98.50%"
    path = tmp_path / "p.xlsx"
    where = FL.build(path, spec)
    assert read_workbook(path).forms[0].funds.rate.number == pytest.approx(0.985)
    assert codes(path) == [("R04", where["rate"])]


# --- one deliberate error per layout -------------------------------------------------------

def _cell(where, key, i):
    return f"{where['ind_cols'][key]}{where['ind_rows'][i]}"


def _err_nature_unmet(s):
    s.indicators[2].actual = 8  # 返工率 8 % against ≤5 %, full marks kept
    return ("S06", lambda w: _cell(w, "score", 2))


def _err_weight_total(s):
    s.total_weight = 90
    return ("W01", lambda w: w["total_weight"])


def _err_declared(s):
    s.indicators[0].weight = 10
    s.indicators[0].score = 10
    s.total_weight = 100
    return ("W02", lambda w: f"{w['ind_cols']['weight']}{w['ind_rows'][0]}:{w['ind_cols']['weight']}{w['ind_rows'][4]}")


def _err_rate(s):
    s.rate = 0.9
    return ("B02", lambda w: w["rate"])


def _err_no_reason(s):
    s.indicators[0].reason = "无"
    return ("S05", lambda w: _cell(w, "reason", 0))


def _err_budget_score(s):
    s.fund_score = 5
    return ("B04", lambda w: w["fund_score"])


def _err_total(s):
    s.total_score = 97
    return ("S02", lambda w: w["total_score"])


def _err_grade(s):
    s.grade_row = (s.grade_row[0], "良")
    return ("S08", lambda w: w["grade"])


def _err_satisfaction(s):
    s.indicators[-1].actual = "85%"  # ≥90% not met, 10 of 10 given
    return ("S06", lambda w: _cell(w, "score", len(w["ind_rows"]) - 1))


def _err_cost(s):
    s.indicators[4].actual = "60万元"  # ≤50万元 exceeded, full marks kept
    return ("S06", lambda w: _cell(w, "score", 4))


def _err_sources(s):
    s.funds = ((1000000, 1000000, 980000), (900000, 1000000, 980000), (0, 0, 0), (0, 0, 0))
    return ("B01", lambda w: f"C{w['fund_rows'][0]}")


ERRORS = [
    ("unit_nature", _err_nature_unmet),
    ("weight_header", _err_weight_total),
    ("ab_headers", _err_declared),
    ("people_rows", _err_rate),
    ("attr_source", _err_no_reason),
    ("rate_percent_number", _err_budget_score),
    ("framed", _err_total),
    ("percent_rate", _err_grade),
    ("unmerged_export", _err_satisfaction),
    ("national", _err_cost),
    ("people_rows", _err_sources),
]


@pytest.mark.parametrize("name,mutate", ERRORS, ids=[f"{n}-{m.__name__[5:]}" for n, m in ERRORS])
def test_one_error_fires_in_foreign_layout(tmp_path, name, mutate):
    spec = FL.CLEAN_VARIANTS[name]()
    code, cell_of = mutate(spec)
    path = tmp_path / f"{name}.xlsx"
    where = FL.build(path, spec)
    got = findings(path)
    hits = [(f.code, f.sheet, f.cell) for f in got if f.code == code]
    assert (code, SHEET, cell_of(where)) in hits, [(f.code, f.cell, f.message) for f in got]
    # the one error does not drag false alarms of other codes along (a wrong 总分 or rate
    # legitimately also moves S02 / B04)
    related = {"W01": {"S02"}, "W02": {"S02", "W03", "W01"}, "B02": set(), "B04": {"S02"}, "S06": {"S02", "S03"},
               "S08": set(), "S02": set(), "S05": set(), "B01": set()}
    others = {f.code for f in got if f.severity in "EW"} - {code} - related[code]
    assert others == set(), [(f.code, f.cell, f.message) for f in got]
    message = next(f.message for f in got if f.code == code)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)  # the message is in Chinese


# --- robustness ----------------------------------------------------------------------------

def test_junk_around_and_odd_merges(tmp_path):
    """Random notes, numbers and merged blocks around the form; it still reads cleanly."""
    spec = FL.variant_national()
    path = tmp_path / "junk.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = "内部资料 注意保存"
    ws["C2"] = 123456
    ws.merge_cells("A3:D4")
    ws["A3"] = "说明：本表数据来源于预算管理一体化系统"
    where = FL.write_spec(ws, spec, top=6)
    # junk to the right of the form and a merged block below it
    ws.cell(8, 14, "备查")
    ws.cell(9, 15, 3.14)
    ws.merge_cells(start_row=where["next_row"] + 2, start_column=1, end_row=where["next_row"] + 4, end_column=6)
    ws.cell(where["next_row"] + 2, 1, "审核意见：同意")
    ws.cell(where["next_row"] + 6, 2, 42)
    wb.save(path)
    form = read_workbook(path).forms[0]
    assert_read_right(form, spec, where)
    assert [(f.code, f.cell) for f in findings(path)] == []


def test_empty_indicator_table(tmp_path):
    """A 绩效指标 table with its header but no rows: R03 (table empty), no crash, no other E on rows."""
    spec = FL.variant_national()
    spec.indicators = []
    spec.total_score = 9.8
    spec.total_weight = 100
    path = tmp_path / "empty.xlsx"
    FL.build(path, spec)
    form = read_workbook(path).forms[0]
    assert form.indicators == []
    got = findings(path)
    assert any(f.code == "R03" and "绩效指标表为空" in f.message for f in got)
    assert {f.code for f in got} <= {"R03", "W01", "S02"}


def test_missing_department(tmp_path):
    """No 主管部门 value: R03 at the empty cell and nothing else."""
    spec = FL.variant_national()
    spec.department = None
    path = tmp_path / "nodept.xlsx"
    where = FL.build(path, spec)
    got = findings(path)
    assert [(f.code, f.cell) for f in got] == [("R03", where["department"])]
    assert "主管部门" in got[0].message


def test_missing_department_row_entirely(tmp_path):
    """The 主管部门 row itself is absent: R03 for 主管部门, everything else read."""
    spec = FL.variant_national()
    path = tmp_path / "norow.xlsx"
    FL.build(path, spec)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for rng in list(ws.merged_cells.ranges):
        if rng.min_row == 4:
            ws.unmerge_cells(str(rng))
    ws.delete_rows(4)
    wb.save(path)
    got = findings(path)
    r03 = [f for f in got if f.code == "R03"]
    assert any("主管部门" in f.message for f in r03)
    assert all(f.code == "R03" for f in got if f.severity in "EW"), [(f.code, f.message) for f in got]


def test_two_foreign_forms_in_one_sheet(tmp_path):
    """Two forms of different layouts stacked in one sheet: both read, no bleed, no findings."""
    a, b = FL.variant_national(), FL.variant_unit_nature()
    b.project = "高标准农田建设项目"
    path = tmp_path / "two.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    wa = FL.write_spec(ws, a)
    wb_ = FL.write_spec(ws, b, top=wa["next_row"] + 3)
    wb.save(path)
    forms = read_workbook(path).forms
    assert [f.name for f in forms] == [a.project, b.project]
    assert_read_right(forms[0], a, wa)
    assert_read_right(forms[1], b, wb_)
    assert findings(path) == []


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["national", "unit_nature", "people_rows"])
def test_foreign_variant_as_xls(tmp_path, name):
    """The same clean forms saved as .xls by LibreOffice: same values, no findings."""
    spec = FL.CLEAN_VARIANTS[name]()
    src = tmp_path / f"{name}.xlsx"
    where = FL.build(src, spec)
    xls = SEED.convert(src, "xls", tmp_path / "out")
    form = read_workbook(xls).forms[0]
    assert_read_right(form, spec, where)
    assert [(f.code, f.cell, f.message) for f in findings(xls) if f.severity in "EW"] == []


# --- amounts in 元, instruction sheets ------------------------------------------------------

def test_amounts_in_yuan_header_and_notes_line(tmp_path):
    """"项目资金（元）" or a "金额单位：元" line above the title: amounts are read in 万元, so the
    narrative's "使用资金98万元" agrees with 980000 元 (no N02) and messages speak 万元."""
    for label, notes in (("项目资金（元）", []), ("项目资金", ["金额单位：元"])):
        spec = FL.variant_people_rows()
        spec.fund_block_label, spec.notes_above = label, notes
        spec.achieved = "项目预算100万元，实际使用资金98万元，新建集中供水工程12处。"
        path = tmp_path / "yuan.xlsx"
        FL.build(path, spec)
        form = read_workbook(path).forms[0]
        assert form.funds.total.budget.number == pytest.approx(100)
        assert form.funds.total.executed.number == pytest.approx(98)
        assert form.funds.total.executed.raw == "980000"
        assert findings(path) == []


def test_amounts_in_yuan_still_checked(tmp_path):
    """In a 元 form a wrong narrative amount still fires N02, in 万元."""
    spec = FL.variant_people_rows()
    spec.achieved = "实际使用资金90万元。"
    path = tmp_path / "yuan_bad.xlsx"
    where = FL.build(path, spec)
    got = [f for f in findings(path) if f.code == "N02"]
    assert [(f.cell) for f in got] == [where["achieved"]]
    assert "全年执行数为 98 万元" in got[0].message


def test_yuan_text_amounts_per_cell(tmp_path):
    """"980000元" typed in a 万元 form's cells: converted per cell, R04 for the text."""
    spec = FL.variant_national()
    spec.funds = (("1000000元", "1000000元", "980000元"), (100, 100, 98), (None, None, None), (None, None, None))
    path = tmp_path / "yuan_text.xlsx"
    where = FL.build(path, spec)
    form = read_workbook(path).forms[0]
    assert form.funds.total.budget.number == pytest.approx(100)
    assert {(f.code, f.sheet) for f in findings(path)} == {("R04", SHEET)}
    assert [f.cell for f in findings(path)] == [f"C{where['fund_rows'][0]}:E{where['fund_rows'][0]}"]


def test_instruction_and_scoring_sheets_are_not_forms(tmp_path):
    """A 填报说明 sheet ("项目名称：按预算批复的项目名称填写。" …) and a 评分标准 sheet next to
    the form: one form is read, and no R03 about the instructions."""
    spec = FL.variant_national()
    path = tmp_path / "with_notes.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "填报说明"
    for i, line in enumerate(["填报说明", "项目名称：按预算批复的项目名称填写。", "主管部门：填写一级预算单位名称。",
                              "实施单位：填写项目具体实施单位。", "总分：满分100分。"], 1):
        ws.cell(i, 1, line)
    FL.write_spec(wb.create_sheet(SHEET), spec)
    ws3 = wb.create_sheet("评分标准")
    for i, row in enumerate([["指标", "分值", "评分标准"], ["预算执行率", 10, "按执行率计分"],
                             ["产出指标", 50, "完成得满分"], ["总分", 100, None]], 1):
        for j, v in enumerate(row, 1):
            ws3.cell(i, j, v)
    wb.save(path)
    forms = read_workbook(path).forms
    assert [(f.sheet, f.name) for f in forms] == [(SHEET, spec.project)]
    assert findings(path) == []


def test_split_reason_deduction_unexplained(tmp_path):
    """Both reason columns empty on a deducted row: S05 at the first reason column."""
    spec = FL.variant_split_reason()
    spec.indicators[0].reason2 = None
    path = tmp_path / "noreason.xlsx"
    where = FL.build(path, spec)
    got = [(f.code, f.cell) for f in findings(path) if f.severity in "EW"]
    assert got == [("S05", _cell(where, "reason", 0))]


def test_department_and_implementer_on_own_rows_other_labels(tmp_path):
    """"项目主管部门" and "项目单位" (labels other provinces use), each on a row of its own."""
    spec = FL.variant_national()
    path = tmp_path / "rows.xlsx"
    where = FL.build(path, spec)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    r = int(where["department"][1:])
    for rng in list(ws.merged_cells.ranges):
        if rng.min_row == r:
            ws.unmerge_cells(str(rng))
    impl = ws[where["implementer"]].value
    ws.insert_rows(r + 1)
    ws.cell(r, 1, "项目主管部门")
    for c in range(3, 10):
        ws.cell(r, c).value = None
    ws.cell(r + 1, 1, "项目单位")
    ws.cell(r + 1, 2, impl)
    wb.save(path)
    form = read_workbook(path).forms[0]
    assert form.department.value == spec.department and form.department.cell == f"B{r}"
    assert form.implementer.value == spec.implementer and form.implementer.cell == f"B{r + 1}"
    assert len(form.indicators) == len(spec.indicators)
    assert findings(path) == []
