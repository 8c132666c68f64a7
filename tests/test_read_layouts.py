"""The reader on the five layouts of seed 002 and their variants (shifted, stacked, bundles)."""
from __future__ import annotations

import pytest

import layouts as L
from conftest import SEED_YAML
from xlkit.columns import fund_header
from xlkit.model import FUND_COLUMNS, parse_ref
from xlkit.quantities import parse_number
from xlkit.read import read_workbook

FUND_KEYS = ("年度资金总额", "本年财政拨款", "上年结转资金", "其他资金")


def num(v):
    return parse_number(v).value


def assert_form_matches(form, proj, *, year=2022):
    """Every field of `form` equals the seed project's data."""
    assert form.project.value == proj["项目名称"]
    assert form.department.value == proj["主管部门"]  # codes like "502-" are kept as written
    assert form.department.raw == proj["主管部门"]
    assert form.implementer.value == proj["实施单位"]
    assert form.year.value == year
    for key in FUND_KEYS:
        row = form.funds.row(key)
        for col in FUND_COLUMNS:
            assert row.column(col).value == num(proj[fund_header(key, col)]), (key, col)
    assert form.funds.weight.value == num(proj["执行率分值"])
    assert form.funds.rate.value == pytest.approx(num(proj["执行率"]))
    assert form.funds.score.value == num(proj["执行率得分"])
    assert form.goal.value == proj["预期目标"]
    assert form.achieved.value == proj["实际完成情况"]
    assert form.total_weight.value == num(proj["总分分值"])
    assert form.total_score.value == num(proj["总分得分"])
    got = form.indicators
    exp = proj["绩效指标"]
    assert len(got) == len(exp)
    for i, (g, e) in enumerate(zip(got, exp)):
        ctx = (i, e["三级指标"])
        assert g.level1.value == e["一级指标"], ctx
        assert g.level1_points == e["一级指标分值"], ctx
        assert g.level2.value == e["二级指标"], ctx
        assert g.name.raw == e["三级指标"], ctx
        assert g.name.value == L.strip_indicator_prefix(e["三级指标"]), ctx
        assert g.target.value == L.expected_text(e["年度指标值"]), ctx
        assert g.actual.value == L.expected_text(e["实际完成值"]), ctx
        assert g.weight.value == num(e["分值"]), ctx
        assert g.score.value == num(e["得分"]), ctx
        assert g.reason.value is None, ctx
    # every value that holds something says where it came from
    for path, v in form.values():
        if v.raw is not None:
            assert v.sheet == form.sheet and v.cell, path
            parse_ref(v.cell)


@pytest.mark.parametrize("layout", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("merged", [True, False], ids=["merged", "unmerged"])
def test_seed_layouts(tmp_path, layout, merged):
    path = L.build_layout(tmp_path / f"l{layout}.xlsx", layout, merged=merged)
    bundle = read_workbook(path)
    assert bundle.source == str(path)
    assert len(bundle.forms) == 1
    form = bundle.forms[0]
    assert form.source == str(path)
    assert form.sheet == "自评表"
    assert form.origin == "A1"
    assert_form_matches(form, L.SEED_PROJECTS[layout - 1])
    assert bundle.year == 2022


def test_layout1_cells_and_raw_texts(tmp_path):
    form = read_workbook(L.build_layout(tmp_path / "l1.xlsx", 1)).forms[0]
    assert form.funds.total.initial.raw == "140.4 万元"
    assert form.funds.total.initial.text_number and form.funds.total.initial.unit == "万元"
    assert form.funds.total.initial.cell == "D6"
    assert form.funds.fiscal.label.raw == "其中: 本年财政拨款"
    assert form.year.raw == "(2022 年度)"
    ind = form.indicators[0]
    assert ind.level1.raw == "产出指标 (50分)" and ind.level1.cell == "B13"
    assert ind.name.cell == "D13" and ind.target.cell == "F13" and ind.weight.cell == "H13"
    assert ind.row == 13
    # a merged 一级 label is the same cell for every row it spans
    assert form.indicators[3].level1.cell == "B13"
    assert form.total_score.cell == "I21"


def test_layout4_text_numbers(tmp_path):
    form = read_workbook(L.build_layout(tmp_path / "l4.xlsx", 4)).forms[0]
    assert form.funds.rate.value == 1.0 and form.funds.rate.text_number and form.funds.rate.raw == "100.00%"
    assert form.funds.total.budget.value == 25 and not form.funds.total.budget.text_number
    assert form.funds.carryover.budget.value == 0


def test_layout5_shifted_rows_and_late_points(tmp_path):
    form = read_workbook(L.build_layout(tmp_path / "l5.xlsx", 5)).forms[0]
    assert form.notes.get("shifted_rows")  # the exported rows one column to the left
    benefit = [i for i in form.indicators if i.level1.value == "效益指标"]
    assert len(benefit) == 12 and all(i.level1_points == 30 for i in benefit)
    assert form.indicators[0].target.raw == "购买资料 150 本"
    assert form.indicators[1].target.value == "=2 场"


@pytest.mark.parametrize("layout", [1, 4, 5])
def test_shifted_origin(tmp_path, layout):
    path = L.build_layout(tmp_path / "d7.xlsx", layout, origin="D7")
    form = read_workbook(path).forms[0]
    assert form.origin == "D7"
    assert_form_matches(form, L.SEED_PROJECTS[layout - 1])
    assert form.project.cell.startswith(("F", "E"))


def test_stacked_forms_do_not_bleed(tmp_path):
    path = L.build_stacked(tmp_path / "stacked.xlsx", layouts=(1, 4, 5, 2))
    forms = read_workbook(path).forms
    assert [f.name for f in forms] == [L.SEED_PROJECTS[n - 1]["项目名称"] for n in (1, 4, 5, 2)]
    for f, n in zip(forms, (1, 4, 5, 2)):
        assert_form_matches(f, L.SEED_PROJECTS[n - 1])
    assert forms[0].origin == "A1"
    assert forms[1].origin != "A1"


def test_stacked_without_gap_or_titles(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    r = L.write_form(ws, L.SEED_PROJECTS[3], 4)
    L.write_form(ws, L.SEED_PROJECTS[0], 4, origin=f"A{r}")
    ws.delete_rows(r, 2)  # drop the second form's title and year lines
    path = tmp_path / "tight.xlsx"
    wb.save(path)
    forms = read_workbook(path).forms
    assert [f.name for f in forms] == ["送温暖帮扶及安康杯活动劳动竞赛等专项", "送温暖帮扶专项"]
    assert len(forms[0].indicators) == 9 and len(forms[1].indicators) == 8


def test_bundle_with_project_list(tmp_path):
    path = L.build_bundle(tmp_path / "bundle.xlsx")
    b = read_workbook(path)
    assert b.list_sheet == "项目清单"
    assert [e.name.value for e in b.project_list] == [e["项目名称"] for e in L.SEED_LIST]
    assert [e.seq.value for e in b.project_list] == [1, 2, 3, 4, 5]
    assert b.project_list[0].name.cell == "B4"
    assert b.department == "安庆市总工会"
    assert b.year == 2022
    assert len(b.forms) == 5
    for f, proj in zip(b.forms, L.SEED_PROJECTS):
        assert f.sheet == proj["项目名称"][:31]
        assert_form_matches(f, proj)


def test_bundle_in_one_sheet(tmp_path):
    path = L.build_bundle(tmp_path / "one.xlsx", one_sheet=True)
    b = read_workbook(path)
    assert len(b.project_list) == 5
    assert [f.name for f in b.forms] == [p["项目名称"] for p in L.SEED_PROJECTS]
    for f, proj in zip(b.forms, L.SEED_PROJECTS):
        assert_form_matches(f, proj)


def test_sheets_filter(tmp_path):
    path = L.build_bundle(tmp_path / "bundle.xlsx")
    b = read_workbook(path, sheets=["困难劳模帮扶专项"])
    assert [f.name for f in b.forms] == ["困难劳模帮扶专项"]


def test_workbook_without_form(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "部门收支预算表"
    wb.active["B3"] = 12.5
    wb.create_sheet("空表")
    wb.save(tmp_path / "other.xlsx")
    b = read_workbook(tmp_path / "other.xlsx")
    assert b.forms == [] and b.project_list == []


def test_label_variants_full_width_and_spacing(tmp_path):
    """Another province's spelling of every label: full-width brackets and colons, spaces
    inside labels, 当年财政拨款, year in the title, a 评价等级 line."""
    import openpyxl

    path = L.build_layout(tmp_path / "v.xlsx", 1)
    L.replace_texts(path, {
        "项目支出绩效自评表": "2023年度项目支出绩效自评表", "(2022 年度)": None,
        "项目名称": "项 目 名 称", "主管部门": "主管部门：", "实施单位": "实施单位：",
        "项目资金 (万元)": "项目资金（万元）", "全年预算数 (A)": "全年预算数（A）", "全年执行数 (B)": "全年执行数（B）",
        "执行率 (B/A)": "执行率（B/A）", "分值": "分 值", "年初预算数": "年初 预算数",
        "年度资金总额:": "年度资金总额：", "其中: 本年财政拨款": "其中：当年财政拨款",
        "年度总体目标完成情况": "年度总体目标", "年度绩效指标完成情况": "绩效指标",
        "产出指标 (50分)": "产出指标（50分）", "效益指标 (30分)": "效益指标（30 分）", "满意度指标 (10分)": "满意度指标(10分)",
    }, prefix_names="指标：")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.cell(row=23, column=1, value="评价等级")
    ws.cell(row=23, column=3, value="优")
    wb.save(path)
    form = read_workbook(path).forms[0]
    proj = L.project(1)
    for ind in proj["绩效指标"]:
        ind["三级指标"] = "指标：" + ind["三级指标"]
    assert_form_matches(form, proj, year=2023)
    assert form.title.raw == "2023年度项目支出绩效自评表"
    assert form.funds.fiscal.label.raw == "其中：当年财政拨款"
    assert form.indicators[0].level1.raw == "产出指标（50分）"
    assert form.indicators[0].name.value == "“两节”期间帮扶困难职工"
    assert form.grade.value == "优" and form.grade.cell == "C23"


def test_unmerged_labels_carry_down_and_reset(tmp_path):
    """In unmerged exports a 一级/二级 label written once applies to the blank rows below,
    and a new 一级 label resets the 二级 carried from the group above."""
    form = read_workbook(L.build_layout(tmp_path / "u.xlsx", 2, merged=False, quirks=False)).forms[0]
    assert [i.level2.value for i in form.indicators[:2]] == ["数量指标", "数量指标"]
    assert form.indicators[1].level2.cell == form.indicators[0].level2.cell
    assert form.indicators[5].level1.value == "效益指标" and form.indicators[5].level2.value == "经济效益指标"


def test_empty_form_template_is_still_a_form(tmp_path):
    """A blank form (labels only) is read as a form with empty values (R03 reports them)."""
    proj = {k: None for k in L.project(1)}
    proj.update({"项目名称": None, "主管部门": None, "实施单位": None, "绩效指标": []})
    path = L.build_layout(tmp_path / "blank.xlsx", 1, project=proj)
    b = read_workbook(path)
    assert len(b.forms) == 1
    f = b.forms[0]
    assert f.project.empty and f.department.empty and f.indicators == []
    assert f.funds.total.budget.value is None


def test_label_and_value_in_one_cell(tmp_path):
    """'项目名称：…' and '主管部门：…' written into single cells (typed-up copies)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    L.write_form(ws, L.SEED_PROJECTS[3], 4, origin="A1")
    ws["A3"] = "项目名称：送温暖帮扶及安康杯活动劳动竞赛等专项"
    ws["B3"] = None
    ws["A4"] = "主管部门：502-安庆市总工会"
    ws["B4"] = None
    ws["E4"] = "实施单位：502001-安庆市总工会本级"
    ws["F4"] = None
    ws.insert_rows(21)
    ws["A21"] = "小计"
    ws["G21"] = 50
    path = tmp_path / "inline.xlsx"
    wb.save(path)
    form = read_workbook(path).forms[0]
    assert form.project.value == "送温暖帮扶及安康杯活动劳动竞赛等专项" and form.project.cell == "A3"
    assert form.department.value == "502-安庆市总工会" and form.department.raw == "主管部门：502-安庆市总工会"
    assert form.implementer.value == "502001-安庆市总工会本级" and form.implementer.cell == "E4"
    assert len(form.indicators) == 9  # the 小计 line is not an indicator


def test_year_from_file_name_when_form_has_none(tmp_path):
    path = L.build_layout(tmp_path / "x.xlsx", 4)
    L.replace_texts(path, {"(2022 年度)": None}, out=tmp_path / "安庆市2023年度自评表.xlsx")
    form = read_workbook(tmp_path / "安庆市2023年度自评表.xlsx").forms[0]
    assert form.year.value == 2023 and form.year.cell is None and form.notes["year_from"] == "file"


def test_numbered_labels_and_percent_number_rate(tmp_path):
    """'一、产出指标（50分）', '1.数量指标', and 100 typed under '执行率（%）' (meaning 100 %)."""
    import openpyxl

    path = L.build_layout(tmp_path / "n.xlsx", 4)
    L.replace_texts(path, {"产出指标 (50分)": "一、产出指标（50分）", "数量指标": "1.数量指标", "执行率": "执行率（%）"})
    wb = openpyxl.load_workbook(path)
    wb.active["G6"] = 100
    wb.save(path)
    form = read_workbook(path).forms[0]
    assert form.indicators[0].level1.value == "产出指标" and form.indicators[0].level1_points == 50
    assert form.indicators[0].level1.raw == "一、产出指标（50分）"
    assert form.indicators[0].level2.value == "数量指标" and form.indicators[0].level2.raw == "1.数量指标"
    assert form.funds.rate.value == 1.0 and form.funds.rate.raw == "100"
    assert form.notes["rate_as_percent_number"] == 100


def test_separate_unit_column(tmp_path):
    """Some provinces put the unit in its own 计量单位 column between 三级指标 and 年度指标值."""
    import openpyxl

    path = L.build_layout(tmp_path / "u.xlsx", 1)  # 三级指标 spans D:E in layout 1
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.unmerge_cells("D12:E12")
    ws["E12"] = "计量单位"
    for r in range(13, 21):
        ws.unmerge_cells(f"D{r}:E{r}")
    ws["E13"] = "人"
    ws["F13"] = 1500
    wb.save(path)
    form = read_workbook(path).forms[0]
    ind = form.indicators[0]
    assert ind.name.value == "“两节”期间帮扶困难职工"
    assert ind.target.value == "1500" and ind.target.unit == "人" and ind.actual.unit == "人"
    assert form.indicators[1].target.unit is None


@pytest.mark.parametrize("how", ["inline", "total_row"])
def test_grade_variants(tmp_path, how):
    import openpyxl

    path = L.build_layout(tmp_path / "g.xlsx", 4)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    if how == "inline":
        ws["A24"] = "评价等级：良"
    else:
        ws["I22"] = "良"  # the reason column of the 总分 row
    wb.save(path)
    form = read_workbook(path).forms[0]
    assert form.grade.value == "良"
    assert form.grade.cell == ("A24" if how == "inline" else "I22")


def test_empty_field_does_not_take_the_next_label(tmp_path):
    import openpyxl

    path = L.build_layout(tmp_path / "e.xlsx", 4)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws["B4"] = None  # 主管部门 left empty; 实施单位 label follows on the row
    ws["B3"] = None
    ws["E3"] = "项目编码"
    ws["F3"] = "340800-22-001"
    wb.save(path)
    form = read_workbook(path).forms[0]
    assert form.department.empty and form.department.cell
    assert form.implementer.value == "502001-安庆市总工会本级"
    assert form.project.empty


def test_unknown_fund_row_is_skipped(tmp_path):
    import openpyxl

    path = L.build_layout(tmp_path / "f.xlsx", 4)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.insert_rows(8)  # between 本年财政拨款 (row 7) and 上年结转资金 (now row 9)
    ws["B8"] = "单位自筹资金"
    ws["C8"] = 1
    wb.save(path)
    form = read_workbook(path).forms[0]
    assert form.funds.carryover.label.cell == "B9" and form.funds.carryover.budget.value == 0
    assert form.funds.other.label.cell == "B10" and form.funds.other.budget.value == 0
    assert form.funds.total.budget.value == 25


@pytest.mark.parametrize("layout", [1, 5])
def test_styled_forms_read_the_same(tmp_path, layout):
    form = read_workbook(L.build_layout(tmp_path / "s.xlsx", layout, styled=True)).forms[0]
    assert_form_matches(form, L.SEED_PROJECTS[layout - 1])


@pytest.mark.parametrize("text,expected", [
    ("502-安庆市总工会", ("502", "安庆市总工会")),
    ("502001-安庆市总工会本级", ("502001", "安庆市总工会本级")),
    ("[502]安庆市总工会", ("502", "安庆市总工会")),
    ("502 安庆市总工会", ("502", "安庆市总工会")),
    ("安庆市总工会", (None, "安庆市总工会")),
    ("2022年项目", (None, "2022年项目")),
    (None, (None, None)),
])
def test_split_code(text, expected):
    from xlkit.read import split_code

    assert split_code(text) == expected


def test_data_table_header_row_is_not_a_form(tmp_path):
    """The 指标 table of `xlkit extract` starts 项目名称 | 一级指标 | …: a header row, not a form."""
    from xlkit.data import bundle_to_tables, load_data, write_tables
    from xlkit.read import read_workbook

    out = tmp_path / "表.xlsx"
    write_tables(bundle_to_tables(load_data([str(SEED_YAML)])), out)
    assert read_workbook(out).forms == []
