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
    if "财政拨款" in spec.fund_labels[1]:
        assert form.funds.fiscal.budget.number == pytest.approx(_num(spec.funds[1][1]) * scale)
    assert form.notes.get("amount_unit") == ("元" if scale != 1.0 else None)
    assert form.funds.weight.number == _num(spec.fund_weight)
    if spec.rate is None:
        assert form.funds.rate.number is None and form.funds.score.number is None
    else:
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


def _err_transfer(s):
    s.funds = ((100, 100, 98), (60, 60, 60), (30, 30, 28), (5, 5, 5), (0, 0, 0))  # 95 of 100
    return ("B01", lambda w: f"C{w['fund_rows'][0]}")


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
    ("transfer_sources", _err_transfer),
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
    """A 绩效指标 table with its header but no rows: R03 (table empty) and nothing else, no crash."""
    spec = FL.variant_national()
    spec.indicators = []
    spec.total_score = 9.8
    spec.total_weight = 100
    path = tmp_path / "empty.xlsx"
    where = FL.build(path, spec)
    form = read_workbook(path).forms[0]
    assert form.indicators == []
    assert form.total_score.number == pytest.approx(9.8)
    got = findings(path)
    assert [(f.code, f.cell, f.message) for f in got] == [
        ("R03", where["total_score"], "绩效指标表为空：没有任何三级指标行")]


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


def test_transfer_sources_read_as_extra_rows(tmp_path):
    """Source rows the national layout has no field for are kept (label + amounts) for B01."""
    spec = FL.variant_transfer_sources()
    path = tmp_path / "tr.xlsx"
    where = FL.build(path, spec)
    funds = read_workbook(path).forms[0].funds
    assert [(r.label.text, r.budget.number) for r in funds.extra] == [
        ("其中：中央补助资金", 60), ("省级财政资金", 30), ("市县配套资金", 10)]
    assert funds.other.budget.number == 0 and funds.fiscal.budget.number is None
    spec.funds = ((100, 100, 98), (60, 60, 60), (30, 30, 28), (5, 5, 5), (0, 0, 0))
    FL.build(path, spec)
    b01 = [f for f in findings(path) if f.code == "B01"]
    assert [f.cell for f in b01] == [f"{c}{where['fund_rows'][0]}" for c in "CDE"]
    assert "市县配套资金" in b01[0].message and "= 95 万元" in b01[0].message


def _err_table_rate(s):
    s.indicators[-1].score = 5  # 预算执行率 row: 98 % → 9.8, 5 given
    return ("S03", lambda w: _cell(w, "score", len(w["ind_rows"]) - 1))


def _err_cost_level1(s):
    s.l1_labels["成本指标"] = "成本指标（15分）"  # the rows under it add up to 10
    return ("W02", lambda w: _cell(w, "weight", 3))


@pytest.mark.parametrize("name,mutate", [("budget_row_in_table", _err_table_rate), ("cost_level1", _err_cost_level1)])
def test_one_error_in_newer_layouts(tmp_path, name, mutate):
    spec = FL.CLEAN_VARIANTS[name]()
    code, cell_of = mutate(spec)
    path = tmp_path / f"{name}.xlsx"
    where = FL.build(path, spec)
    got = findings(path)
    assert (code, cell_of(where)) in [(f.code, f.cell) for f in got], [(f.code, f.cell, f.message) for f in got]
    assert {f.code for f in got if f.severity in "EW"} <= {code, "S02", "S06", "W03"}


@pytest.mark.parametrize("name", ["national", "unit_nature", "transfer_sources", "unmerged_export"])
def test_no_crash_on_damaged_foreign_forms(tmp_path, name):
    """Every single row deleted in turn, and cells overwritten with junk (booleans, dates,
    error texts, huge numbers, formulas): each file is still read (never R01) without a crash."""
    import datetime
    import random

    src = tmp_path / "src.xlsx"
    FL.build(src, FL.CLEAN_VARIANTS[name]())
    rows = openpyxl.load_workbook(src).active.max_row
    rnd = random.Random(name)
    junk = [True, datetime.datetime(2023, 5, 1), "#DIV/0!", 1e300, -5, "", "—", "１００％", "=1/0", "abc", 0]
    for k in range(rows + 12):
        wb = openpyxl.load_workbook(src)
        ws = wb.active
        if k < rows:
            ws.delete_rows(k + 1)
        else:
            for _ in range(3):
                cell = ws.cell(rnd.randint(1, rows), rnd.randint(1, ws.max_column))
                if not isinstance(cell, openpyxl.cell.cell.MergedCell):
                    cell.value = rnd.choice(junk)
        path = tmp_path / f"d{k}.xlsx"
        wb.save(path)
        report = check([str(path)])
        assert [fr.status for fr in report.files] != ["error"], (k, report.files[0].error)
        for f in report.findings:
            assert f.code and f.message


@pytest.mark.parametrize("key,header", [
    ("target", "全年指标值"), ("target", "计划指标值"), ("target", "预期目标值"), ("target", "年度目标值"),
    ("actual", "全年实际值"), ("actual", "实际完成值（B）"), ("name", "绩效指标名称"), ("name", "指标内容"),
    ("weight", "标准分值"), ("weight", "权重（分）"), ("score", "自评得分"), ("score", "评价得分"),
    ("reason", "未完成原因分析"), ("reason", "原因分析及改进措施"),
])
def test_indicator_header_synonyms(tmp_path, key, header):
    """Column headers other provinces use for the 绩效指标 table."""
    spec = FL.variant_attr_source()
    spec.ind_columns = tuple((k, header if k == key else h) for k, h in spec.ind_columns)
    path = tmp_path / "h.xlsx"
    where = FL.build(path, spec)
    assert_read_right(read_workbook(path).forms[0], spec, where)
    assert findings(path) == []


@pytest.mark.parametrize("label", ["总分", "合计", "自评总分", "总得分", "合计得分", "评价总分", "总分（100分）", "合  计"])
def test_total_row_labels(tmp_path, label):
    spec = FL.variant_national()
    spec.total_label = label
    path = tmp_path / "t.xlsx"
    where = FL.build(path, spec)
    form = read_workbook(path).forms[0]
    assert form.total_score.number == pytest.approx(99.8) and form.total_score.cell == where["total_score"]
    assert len(form.indicators) == len(spec.indicators)
    assert findings(path) == []


@pytest.mark.parametrize("headers", [
    ("年初预算", "调整后预算数", "实际支出数", "分值", "预算执行率", "得分"),
    ("年初预算数（万元）", "全年预算数（万元）", "全年执行数（万元）", "权重", "执行率（%）", "得分"),
    ("年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "自评得分"),
    ("年初预算数", "全年预算数", "全年支出数", "分值", "执行率", "得分"),
    ("年初预算数", "全年预算数", "决算数", "分值", "执行率", "得分"),
    ("年初预算数", "全年预算数", "实际执行数", "分值", "执行率", "评分"),
], ids=lambda h: "/".join(h[1:3] + h[4:5]))
def test_fund_header_synonyms(tmp_path, headers):
    """项目资金 headers of other provinces; a percent-formatted 0.98 under "执行率（%）" is 98 %."""
    spec = FL.variant_national()
    spec.fund_headers = headers
    path = tmp_path / "f.xlsx"
    where = FL.build(path, spec)
    assert_read_right(read_workbook(path).forms[0], spec, where)
    assert findings(path) == []


def test_rate_percent_header_with_percent_number(tmp_path):
    """98.5 under "执行率（%）" is still 98.5 %."""
    spec = FL.variant_rate_percent_number()
    spec.fund_headers = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率（%）", "得分")
    path = tmp_path / "f.xlsx"
    FL.build(path, spec)
    assert read_workbook(path).forms[0].funds.rate.number == pytest.approx(0.985)
    assert findings(path) == []


@pytest.mark.parametrize("column", ["level2", "name"])
@pytest.mark.parametrize("label", ["小计", "产出指标小计", "合计"])
def test_subtotal_rows_per_level1(tmp_path, column, label):
    """A subtotal row closing each 一级指标 ("小计", "产出指标小计", or "合计" inside the merged
    一级 label) is not an indicator and not the form's 总分."""
    spec = FL.variant_national()
    rows = []
    for i, ind in enumerate(spec.indicators):
        rows.append(ind)
        if i + 1 == len(spec.indicators) or spec.indicators[i + 1].l1 != ind.l1:
            group = [x for x in spec.indicators if x.l1 == ind.l1]
            rows.append(FL.Ind(ind.l1, label if column == "level2" else ind.l2, label if column == "name" else None,
                               None, None, sum(x.weight for x in group), sum(x.score for x in group)))
    spec.indicators = rows
    spec.total_score = 99.8
    path = tmp_path / "sub.xlsx"
    where = FL.build(path, spec)
    form = read_workbook(path).forms[0]
    assert len(form.indicators) == 8
    assert form.total_score.cell == where["total_score"]
    assert findings(path) == []


def test_satisfaction_under_benefit_old_framework(tmp_path):
    """Older 绩效目标申报表 framework: 服务对象满意度指标 is a 二级指标 of 效益指标 (40 分). No C03;
    the different split is only the W03 warning; 满意度 under 产出指标 is still C03."""
    spec = FL.variant_national()
    spec.indicators[-1].l1 = "效益指标"
    path = tmp_path / "old.xlsx"
    where = FL.build(path, spec)
    assert {f.code for f in findings(path)} == {"W03"}
    spec.indicators[-1].l1 = "产出指标"
    spec.indicators.insert(5, spec.indicators.pop())
    FL.build(path, spec)
    got = [(f.code, f.cell) for f in findings(path) if f.code == "C03"]
    assert got == [("C03", f"{where['ind_cols']['level2']}{where['ind_rows'][5]}")]


def test_second_header_line_under_indicator_header(tmp_path):
    """A header split over two lines ("年度指标值" above "（A）", "实际完成值" above "（B）"):
    the second line is not an indicator row (no W04 for it)."""
    spec = FL.variant_national()
    path = tmp_path / "sub.xlsx"
    where = FL.build(path, spec)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    hr = where["ind_rows"][0] - 1
    ws.insert_rows(hr + 1)
    ws[f"{where['ind_cols']['target']}{hr + 1}"] = "（A）"
    ws[f"{where['ind_cols']['actual']}{hr + 1}"] = "（B）"
    wb.save(path)
    form = read_workbook(path).forms[0]
    assert [i.name.value for i in form.indicators] == [i.name for i in spec.indicators]
    assert [f.code for f in findings(path) if f.severity in "EW"] == []


def test_empty_implementer_next_to_other_field(tmp_path):
    """实施单位 left empty on a row that goes on with "资金来源 | 一般公共预算": R03 for 实施单位,
    and the next label is not taken for its value."""
    spec = FL.variant_attr_source()
    spec.implementer = None
    spec.extra_rows = []
    path = tmp_path / "impl.xlsx"
    where = FL.build(path, spec)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    r = int(where["implementer"][1:])
    for rng in list(ws.merged_cells.ranges):
        if rng.min_row == r and rng.min_col > 5:
            ws.unmerge_cells(str(rng))
    ws.cell(r, 8, "资金来源")
    ws.cell(r, 9, "一般公共预算")
    wb.save(path)
    form = read_workbook(path).forms[0]
    assert form.implementer.value is None
    got = [(f.code, f.message) for f in findings(path) if f.severity in "EW"]
    assert got == [("R03", "必填栏目「实施单位」为空")]


def test_department_bundle_of_foreign_forms(tmp_path):
    """项目清单 + one sheet per form in different layouts + an export sheet with two untitled,
    unmerged forms stacked: every form read, no findings; a listed project without a form is D01."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目清单"
    ws.append(["某某县水利局部门绩效自评项目清单"])
    ws.append(["序号", "项目名称", "备注"])
    expected = []
    for i, name in enumerate(["transfer_sources", "unit_nature", "budget_row_in_table", "cost_level1"], 1):
        spec = FL.CLEAN_VARIANTS[name]()
        spec.project = f"水利项目{i}"
        ws.append([i, spec.project, None])
        FL.write_spec(wb.create_sheet(f"表{i}"), spec)
        expected.append(spec.project)
    export = wb.create_sheet("系统导出")
    top = 1
    for i, name in enumerate(["national", "people_rows"], 5):
        spec = FL.CLEAN_VARIANTS[name]()
        spec.title = spec.year_line = None
        spec.merged = False
        spec.project = f"水利项目{i}"
        ws.append([i, spec.project, None])
        top = FL.write_spec(export, spec, top=top)["next_row"]
        expected.append(spec.project)
    path = tmp_path / "bundle.xlsx"
    wb.save(path)
    assert [f.name for f in read_workbook(path).forms] == expected
    assert findings(path) == []
    ws.append([7, "水利项目7", None])
    wb.save(path)
    assert [(f.code, f.severity) for f in findings(path)] == [("D01", "W")]


def test_level_labels_repeated_on_every_row(tmp_path):
    """Exports that repeat "产出指标(50分)" / "数量指标" on every row: read once per group, no W02."""
    spec = FL.variant_unmerged_export()
    path = tmp_path / "rep.xlsx"
    where = FL.build(path, spec)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    c1, c2 = where["ind_cols"]["level1"], where["ind_cols"]["level2"]
    for ind, r in zip(spec.indicators, where["ind_rows"]):
        ws[f"{c1}{r}"] = spec.l1_labels[ind.l1]
        ws[f"{c2}{r}"] = ind.l2
    wb.save(path)
    assert_read_right(read_workbook(path).forms[0], spec, where)
    assert findings(path) == []


def test_budget_adjusted_during_year_only_b05_info(tmp_path):
    """年初预算数 120, 全年预算数 100 (cut mid-year), 执行 98: a clean form whose only finding is
    the justified B05 info, stating the rate against both budgets."""
    spec = FL.variant_national()
    spec.funds = ((120, 100, 98), (120, 100, 98), (None, None, None), (None, None, None))
    path = tmp_path / "adj.xlsx"
    where = FL.build(path, spec)
    got = findings(path)
    assert [(f.code, f.severity, f.cell) for f in got] == [("B05", "I", f"D{where['fund_rows'][0]}")]
    assert "98%" in got[0].message and "81.67%" in got[0].message


def test_weights_written_as_percentages(tmp_path):
    """权重 "15%" (of the 100-point total) is 15 points: only R04 for the text, no W/S cascade."""
    spec = FL.variant_weight_header()
    for ind in spec.indicators:
        ind.weight = f"{ind.weight}%"
    spec.fund_weight, spec.total_weight = "10%", "100%"
    path = tmp_path / "wp.xlsx"
    FL.build(path, spec)
    form = read_workbook(path).forms[0]
    assert [i.weight.number for i in form.indicators] == [15, 10, 10, 5, 10, 15, 15, 10]
    assert form.funds.weight.number == 10 and form.total_weight.number == 100
    assert {f.code for f in findings(path)} == {"R04"}


def test_yuan_unit_on_line_below_block_label(tmp_path):
    """"项目资金" with "（元）" on the next line of the block label (the official layout's
    two-line label, unmerged): amounts are in 元."""
    spec = FL.variant_people_rows()
    spec.fund_block_label = "项目资金"
    spec.merged = False
    path = tmp_path / "y.xlsx"
    where = FL.build(path, spec)
    wb = openpyxl.load_workbook(path)
    wb.active[f"A{where['fund_rows'][0]}"] = "（元）"
    wb.save(path)
    form = read_workbook(path).forms[0]
    assert form.funds.total.budget.number == pytest.approx(100)
    assert findings(path) == []
