"""The fill engine: growing indicator rows, merges, formulas with cached values, text stays
text, modified templates, the seed samples, the CLI, and a property test."""
from __future__ import annotations

import hashlib
import math

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.formatting.rule import CellIsRule
from openpyxl.formula.translate import Translator
from openpyxl.styles import PatternFill

from _fill_helpers import (SAMPLE_YAML, SAMPLES, TEMPLATE, calamine_grid, make_form, merges, sheet_xml,
                           single, xml_cell)
from xlkit.cli import main
from xlkit.data import canonical_level1, load_data
from xlkit.errors import TemplateError
from xlkit.fill import fill, fill_bundle
from xlkit.model import Bundle, Form, Indicator, V, Value, parse_ref
from xlkit.template import STANDARD_LEVEL2, TEMPLATE_ID, read_anchors, read_marker

SHEET = "测试项目"


def filled(tmp_path, form: Form, template=None):
    out = tmp_path / "out.xlsx"
    fill_bundle(single(form), out, template=template)
    return out


# --- growing rows ------------------------------------------------------------------------------

@pytest.mark.parametrize("k", [0, 1, 3, 25])
def test_rows_grow_under_one_level2(tmp_path, k):
    out = filled(tmp_path, make_form(k))
    ws = openpyxl.load_workbook(out)[SHEET]
    last = 12 + k  # last indicator row (the header row when k == 0)
    total = last + 1
    assert ws.cell(row=total, column=1).value == "总分"
    assert ws.cell(row=total + 1, column=1).value.startswith("填报单位")  # moved, not overwritten
    assert ws.max_row == total + 1
    m = merges(ws)
    assert f"A{total}:F{total}" in m and f"A{total + 1}:I{total + 1}" in m
    if k >= 1:
        assert f"A12:A{last}" in m  # 绩效指标 label covers exactly the indicator rows
        assert [ws.cell(row=r, column=4).value for r in range(13, last + 1)] == [f"指标{i + 1}" for i in range(k)]
    if k > 1:
        assert f"B13:B{last}" in m and f"C13:C{last}" in m
        assert ws[f"B{last}"].border.left.style == "thin" and ws[f"I{last}"].border.bottom.style == "thin"
    else:
        assert not any(r.startswith(("B13:", "C13:")) for r in m)
    assert not any(r.startswith("A12:") for r in m) or k >= 1
    rng = f"13:G{last}" if k else None
    assert ws[f"G{total}"].value == (f"=SUM(G{rng},F6)" if k else "=SUM(0,F6)")
    assert ws[f"H{total}"].value == (f"=SUM(H{rng.replace('G', 'H')},H6)" if k else "=SUM(0,H6)")
    assert ws.print_area.endswith(f"$A$1:$I${total + 1}")
    assert ws.row_dimensions[total].height == 24 and ws.row_dimensions[total + 1].height == 36
    dvs = {str(dv.sqref) for dv in ws.data_validations.dataValidation}
    span = (lambda c: f"{c}13" if k == 1 else f"{c}13:{c}{last}")
    assert dvs == ({span("B"), span("C"), f"F6 G13:H{last}"} if k else {"F6"})
    # cached values, as a non-recalculating reader sees them
    grid = calamine_grid(out, SHEET)
    assert grid[5][6] == pytest.approx(0.75) and grid[5][7] == pytest.approx(7.5)
    assert grid[total - 1][6] == pytest.approx(2 * k + 10) and grid[total - 1][7] == pytest.approx(1.5 * k + 7.5)
    anchors = read_anchors(out)[SHEET]
    assert anchors.get("xlkit_indicators") == (f"B13:I{last}" if k else None)
    assert anchors["xlkit_total"] == f"G{total}:H{total}" and anchors["xlkit_funds"] == "C6:H9"


def test_labels_merge_over_exactly_their_rows(tmp_path):
    f = make_form(0)
    for l1, l2, n in (("产出指标", "数量指标", 3), ("产出指标", "质量指标", 1), ("效益指标", "社会效益指标", 2),
                      ("满意度指标", "服务对象满意度指标", 1)):
        for i in range(n):
            f.indicators.append(Indicator(level1=V(l1), level2=V(l2), name=V(f"{l2}{i}"), weight=Value(5.0),
                                          score=Value(5.0), level1_points={"产出指标": 50.0}.get(l1)))
    ws = openpyxl.load_workbook(filled(tmp_path, f))[SHEET]
    m = merges(ws)
    assert {"B13:B16", "C13:C15", "B17:B18", "C17:C18", "A12:A19"} <= m
    assert not any(x.startswith(("C16:", "B19:", "C19:")) for x in m)
    assert [ws[f"B{r}"].value for r in (13, 17, 19)] == ["产出指标（50分）", "效益指标", "满意度指标"]
    assert [ws[f"C{r}"].value for r in (13, 16, 17, 19)] == ["数量指标", "质量指标", "社会效益指标", "服务对象满意度指标"]


# --- text is text ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["=2 场", "=300 人次", "+5%", "-", "@x", "=SUM(A1:A2)"])
def test_formula_like_text_is_stored_as_text(tmp_path, text):
    f = make_form(1)
    f.indicators[0].target = V(text)
    f.indicators[0].reason = V(text)
    out = filled(tmp_path, f)
    ws = openpyxl.load_workbook(out)[SHEET]
    assert ws["E13"].value == text and ws["E13"].data_type == "s"
    cell = xml_cell(sheet_xml(out, SHEET), "E13")
    assert "<f>" not in cell and 't="inlineStr"' in cell
    assert calamine_grid(out, SHEET)[12][4] == text and calamine_grid(out, SHEET)[12][8] == text


def test_amounts_are_numbers_with_their_decimals(tmp_path):
    f = make_form(1, budget=62.38, executed=62.38)
    f.funds.total.initial = Value(140.4)
    ws = openpyxl.load_workbook(filled(tmp_path, f))[SHEET]
    assert ws["C6"].value == 140.4 and ws["D6"].value == 62.38 and ws["C6"].data_type == "n"
    assert ws["G13"].value == 2 and ws["H13"].value == 1.5


# --- data wins over formulas only when it differs -----------------------------------------------

def test_stated_values_versus_formulas(tmp_path):
    f = make_form(2, budget=62.38, executed=62.38)
    f.funds.rate = Value(1.0)  # equals B/A -> the formula stays
    f.funds.score = Value(5.0)  # the clerk's 5 (formula says 10) -> a constant
    f.total_score = Value(8.0)  # = 1.5 + 1.5 + 5 -> the formula stays
    f.total_weight = Value(100.0)  # != 2 + 2 + 10 -> the stated constant
    out = filled(tmp_path, f)
    ws = openpyxl.load_workbook(out)[SHEET]
    assert ws["G6"].value.startswith("=IF(") and ws["H6"].value == 5
    assert ws["H15"].value == "=SUM(H13:H14,H6)" and ws["G15"].value == 100
    grid = calamine_grid(out, SHEET)
    assert grid[5][6] == 1.0 and grid[14][7] == 8.0
    with __import__("zipfile").ZipFile(out) as z:
        assert 'fullCalcOnLoad="1"' in z.read("xl/workbook.xml").decode()


def test_no_budget_gives_blank_rate(tmp_path):
    f = make_form(1, budget=0.0)
    out = filled(tmp_path, f)
    grid = calamine_grid(out, SHEET)
    assert grid[5][6] == "" and grid[5][7] == ""
    assert grid[13][7] == 1.5  # the total still adds up (SUM ignores the blank budget score)
    assert 't="str"' in xml_cell(sheet_xml(out, SHEET), "G6")


# --- the seed bundle -------------------------------------------------------------------------

def test_sample_workbook_is_what_fill_makes(tmp_path):
    fresh = tmp_path / "fresh.xlsx"
    fill([SAMPLE_YAML], fresh)
    shipped = SAMPLES / "安庆市总工会2022.xlsx"
    a, b = openpyxl.load_workbook(fresh), openpyxl.load_workbook(shipped)
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        assert calamine_grid(fresh, name) == calamine_grid(shipped, name)
        assert merges(a[name]) == merges(b[name])
    assert read_marker(shipped) == TEMPLATE_ID


def test_sample_totals_and_budget_scores_match_the_seed():
    path = SAMPLES / "安庆市总工会2022.xlsx"
    bundle = load_data(SAMPLE_YAML)
    anchors = read_anchors(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "部门绩效自评项目清单" and len(wb.sheetnames) == 6
    for form in bundle.forms:
        sheet = next(s for s in anchors if wb[s][anchors[s]["xlkit_project"]].value == form.name)
        grid = calamine_grid(path, sheet)
        tr, tc = parse_ref(anchors[sheet]["xlkit_total"].split(":")[1])
        assert grid[tr - 1][tc - 1] == pytest.approx(form.total_score.value)
        assert grid[5][7] == pytest.approx(form.funds.score.value)
        assert grid[5][6] == pytest.approx(form.funds.rate.value)
        top, bottom = anchors[sheet]["xlkit_indicators"].split(":")
        assert parse_ref(bottom)[0] - parse_ref(top)[0] + 1 == len(form.indicators)
    labor = wb["困难劳模帮扶专项"]
    assert labor["H6"].value == 5 and labor["G6"].data_type == "f"  # the seed's 5 of 10, kept


def test_sample_workbook_lists_projects():
    ws = openpyxl.load_workbook(SAMPLES / "安庆市总工会2022.xlsx")["部门绩效自评项目清单"]
    assert ws["A1"].value == "安庆市总工会部门绩效自评项目清单"
    assert [ws.cell(row=r, column=2).value for r in range(3, 8)] == [
        "送温暖帮扶专项", "困难劳模帮扶专项", "市总机关在职职工社保专项", "送温暖帮扶及安康杯活动劳动竞赛等专项",
        "工会专项工作经费专项"]
    assert ws["B3"].hyperlink.location == "'送温暖帮扶专项'!A1"


# --- a template edited by a province ------------------------------------------------------------

def _shift_range(rng: str, n: int) -> str:
    return ":".join(f"{x.rstrip('0123456789')}{int(x[len(x.rstrip('0123456789')):]) + n}" for x in rng.split(":"))


def shifted_template(tmp_path, n: int = 2):
    """The official template with n rows inserted on top (a logo row), D widened, fonts changed,
    saved by openpyxl — doing by hand what Excel does when a user inserts rows."""
    wb = openpyxl.load_workbook(TEMPLATE)
    ws = wb.active
    old_merges = [str(m) for m in ws.merged_cells.ranges]
    for m in old_merges:
        ws.unmerge_cells(m)
    formulas = {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.data_type == "f"}
    ws.insert_rows(1, n)
    for coord, f in formulas.items():
        r, c = parse_ref(coord)
        new = ws.cell(row=r + n, column=c)
        new.value = Translator(f, origin=coord).translate_formula(new.coordinate)
    for m in old_merges:
        (r1, c1), (r2, c2) = (parse_ref(x) for x in m.split(":"))
        ws.merge_cells(start_row=r1 + n, start_column=c1, end_row=r2 + n, end_column=c2)
    for dv in ws.data_validations.dataValidation:
        dv.sqref = " ".join(_shift_range(str(rg), n) for rg in dv.sqref.ranges)
    for name in list(ws.defined_names):
        del ws.defined_names[name]
    heights = {r: ws.row_dimensions[r].height for r in range(1, 20)}
    for r in range(19, 0, -1):
        ws.row_dimensions[r + n].height = heights[r]
    ws.print_area = f"A1:I{15 + n}"
    ws["A1"] = "某省财政厅（LOGO）"
    ws.merge_cells("A1:I1")
    ws.column_dimensions["D"].width = 45
    ws.conditional_formatting.add(f"H{13 + n}", CellIsRule(operator="lessThan", formula=[f"G{13 + n}"],
                                                          fill=PatternFill("solid", fgColor="FFC7CE")))
    ws[f"B{3 + n}"].font = openpyxl.styles.Font(name="楷体", size=12)
    out = tmp_path / "本省模板.xlsx"
    wb.save(out)
    return out


def test_modified_template_still_fills(tmp_path):
    tpl = shifted_template(tmp_path)
    out = filled(tmp_path, make_form(3), template=tpl)
    ws = openpyxl.load_workbook(out)[SHEET]
    assert ws["A1"].value == "某省财政厅（LOGO）" and ws.column_dimensions["D"].width == 45
    assert ws["A4"].value == "（2024年度）" and ws["B5"].value == "测试项目" and ws["B5"].font.name == "楷体"
    assert ws["D8"].value == 80 and ws["G8"].value == '=IF(OR(D8="",D8=0),"",E8/D8)'
    assert [ws[f"D{r}"].value for r in (15, 16, 17)] == ["指标1", "指标2", "指标3"]
    assert ws["A18"].value == "总分" and ws["H18"].value == "=SUM(H15:H17,H8)"
    assert {"A14:A17", "B15:B17", "A18:F18", "A1:I1"} <= merges(ws)
    assert [str(cf.sqref) for cf in ws.conditional_formatting] == ["H15:H17"]
    assert {str(dv.sqref) for dv in ws.data_validations.dataValidation} >= {"B15:B17", "C15:C17"}
    assert ws.print_area.endswith("$A$1:$I$19")
    grid = calamine_grid(out, SHEET)
    assert grid[7][6] == pytest.approx(0.75) and grid[17][7] == pytest.approx(4.5 + 7.5)
    anchors = read_anchors(out)[SHEET]
    assert anchors["xlkit_project"] == "B5" and anchors["xlkit_indicators"] == "B15:I17"
    assert read_anchors(tpl) == {}  # the edited template lost its anchors; the fill rebuilt them


def test_cli_template_with_a_province_template(tmp_path):
    tpl = shifted_template(tmp_path)
    out = tmp_path / "空白.xlsx"
    r = CliRunner().invoke(main, ["template", "--year", "2025", "--template", str(tpl), "-o", str(out)])
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "某省财政厅（LOGO）" and ws["A4"].value == "（2025年度）"
    assert ws["C15"].value == "数量指标" and ws["A24"].value == "总分"
    assert read_anchors(out)[ws.title]["xlkit_year"] == "A4"


def test_template_without_placeholders_is_refused(tmp_path):
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    with pytest.raises(TemplateError, match="项目名称"):
        fill_bundle(single(make_form(1)), tmp_path / "o.xlsx", template=plain)
    assert not (tmp_path / "o.xlsx").exists()


# --- CLI ------------------------------------------------------------------------------------------

def test_cli_fill_ok_and_inputs_untouched(tmp_path):
    before = hashlib.sha256(SAMPLE_YAML.read_bytes()).hexdigest()
    out = tmp_path / "自评表.xlsx"
    r = CliRunner().invoke(main, ["fill", str(SAMPLE_YAML), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "已生成" in r.output and out.exists()
    assert hashlib.sha256(SAMPLE_YAML.read_bytes()).hexdigest() == before
    r = CliRunner().invoke(main, ["fill", str(SAMPLE_YAML), "-o", str(out)])
    assert r.exit_code == 2 and "已存在" in r.output
    r = CliRunner().invoke(main, ["fill", str(SAMPLE_YAML), "-o", str(out), "--force"])
    assert r.exit_code == 0


def test_cli_fill_from_tables(tmp_path):
    out = tmp_path / "t.xlsx"
    r = CliRunner().invoke(main, ["fill", str(SAMPLES / "安庆市总工会2022-数据表.xlsx"), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert openpyxl.load_workbook(out).sheetnames[0] == "部门绩效自评项目清单"


@pytest.mark.parametrize("bad,message", [
    ("分值: 20", "分值「二十」不是数字"),
    ("一级指标: 产出指标", "一级指标「项目产出」"),
    ("项目名称: 送温暖帮扶专项", "缺少项目名称"),
])
def test_cli_bad_data_exit_2_without_output(tmp_path, bad, message):
    text = SAMPLE_YAML.read_text(encoding="utf-8")
    replacement = {"分值: 20": "分值: 二十", "一级指标: 产出指标": "一级指标: 项目产出",
                   "项目名称: 送温暖帮扶专项": "项目名称: ''"}[bad]
    data = tmp_path / "bad.yaml"
    data.write_text(text.replace(bad, replacement, 1), encoding="utf-8")
    out = tmp_path / "out.xlsx"
    r = CliRunner().invoke(main, ["fill", str(data), "-o", str(out)])
    assert r.exit_code == 2 and message in r.output
    assert not out.exists() and not list(tmp_path.glob(".out*"))


def test_cli_fill_help():
    r = CliRunner().invoke(main, ["fill", "--help"])
    assert r.exit_code == 0 and "示例" in r.output and "xlkit fill samples/" in r.output


# --- property: data -> fill -> cells -> the same data ------------------------------------------------

_PLAIN = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="{}"),
                 min_size=1, max_size=16).map(str.strip).filter(lambda s: s and "_x" not in s)
_TEXT = st.one_of(_PLAIN, st.sampled_from(["=2 场", "+5%", "-", "@x", "1350", "≥55万元", "100%", "=300 人次"]))
_NUM = st.integers(0, 10_000).map(lambda i: i / 100)
_PAIRS = [(l1, l2) for l1, names in STANDARD_LEVEL2.items() for l2 in names]


@st.composite
def forms(draw):
    f = Form(project=V(draw(_PLAIN)), department=V(draw(_TEXT)), implementer=V(draw(_TEXT)),
             year=Value(draw(st.integers(2000, 2099))))
    f.funds.total.initial = Value(draw(_NUM))
    f.funds.total.budget = Value(draw(_NUM))
    f.funds.total.executed = Value(draw(_NUM))
    f.funds.fiscal.budget = Value(draw(_NUM))
    f.funds.weight = Value(draw(_NUM))
    f.goal, f.achieved = V(draw(_TEXT)), V(draw(_TEXT))
    for l1, l2 in draw(st.lists(st.sampled_from(_PAIRS), max_size=12)):
        f.indicators.append(Indicator(level1=V(l1), level2=V(l2), name=V(draw(_TEXT)), target=V(draw(_TEXT)),
                                      actual=V(draw(_TEXT)), weight=Value(draw(_NUM)), score=Value(draw(_NUM)),
                                      reason=V(draw(_TEXT)), level1_points=draw(st.sampled_from([None, 50.0]))))
    return f


def _merged_value(ws, r, c):
    for m in ws.merged_cells.ranges:
        if m.min_row <= r <= m.max_row and m.min_col <= c <= m.max_col:
            return ws.cell(row=m.min_row, column=m.min_col).value
    return ws.cell(row=r, column=c).value


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=forms())
def test_property_fill_then_read_back(tmp_path, form):
    out = tmp_path / "p.xlsx"
    fill_bundle(Bundle(forms=[form]), out, force=True)
    anchors = next(iter(read_anchors(out).items()))
    sheet, a = anchors
    ws = openpyxl.load_workbook(out)[sheet]
    grid = calamine_grid(out, sheet)
    assert ws[a["xlkit_project"]].value == form.project.value
    assert ws[a["xlkit_department"]].value == form.department.value
    assert ws[a["xlkit_implementer"]].value == form.implementer.value
    assert ws[a["xlkit_year"]].value == f"（{form.year.value}年度）"
    assert ws[a["xlkit_goal"]].value == form.goal.value and ws[a["xlkit_achieved"]].value == form.achieved.value
    fr, fc = parse_ref(a["xlkit_funds"].split(":")[0])
    assert [ws.cell(row=fr, column=fc + i).value for i in range(3)] == [
        form.funds.total.initial.value, form.funds.total.budget.value, form.funds.total.executed.value]
    assert ws.cell(row=fr + 1, column=fc + 1).value == form.funds.fiscal.budget.value
    assert ws.cell(row=fr, column=fc + 3).value == form.funds.weight.value
    back = []
    if form.indicators:
        (r1, c1), (r2, _) = (parse_ref(x) for x in a["xlkit_indicators"].split(":"))
        for r in range(r1, r2 + 1):
            l1, pts = canonical_level1(_merged_value(ws, r, c1))
            row = [l1, _merged_value(ws, r, c1 + 1)] + [grid[r - 1][c1 - 1 + i] for i in range(2, 8)]
            back.append(tuple(row))
    want = [(i.level1.value, i.level2.value, i.name.value, i.target.value, i.actual.value, i.weight.value,
             i.score.value, i.reason.value) for i in form.indicators]
    assert back == want
    # the cached totals add up the way the template's formulas say
    b, e, w = form.funds.total.budget.value, form.funds.total.executed.value, form.funds.weight.value
    budget_score = w * min(e / b, 1) if b else 0.0
    tr, tc = parse_ref(a["xlkit_total"].split(":")[1])
    assert math.isclose(grid[tr - 1][tc - 1], sum(i.score.value for i in form.indicators) + budget_score,
                        rel_tol=1e-9, abs_tol=1e-9)


def test_cli_fill_from_a_gbk_csv_directory(tmp_path):
    d = tmp_path / "表"
    d.mkdir()
    (d / "项目.csv").write_bytes("项目名称,年度,主管部门,全年预算数,全年执行数,执行率分值\n甲项目,2023,某局,50,40,10\n".encode("gbk"))
    (d / "指标.csv").write_bytes(("项目名称,一级指标,二级指标,三级指标,年度指标值,分值,得分\n"
                                 "甲项目,产出指标(50分),数量指标,培训人数,=2 场,50,45\n").encode("gbk"))
    out = tmp_path / "o.xlsx"
    r = CliRunner().invoke(main, ["fill", str(d), "-o", str(out)])
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out)["甲项目"]
    assert ws["B3"].value == "甲项目" and ws["A2"].value == "（2023年度）" and ws["E13"].value == "=2 场"
    assert calamine_grid(out, "甲项目")[13][7] == pytest.approx(45 + 8)


def test_long_texts_grow_their_rows(tmp_path):
    f = make_form(2)
    f.indicators[0].name = V("为单位在职职工提供社会保险费、离退休人员经费等保障" * 3)
    f.goal = V("组织开展群众性安全生产和职业健康活动，督促企业落实主体责任。" * 6)
    ws = openpyxl.load_workbook(filled(tmp_path, f))[SHEET]
    assert ws.row_dimensions[13].height > 60 and ws.row_dimensions[14].height == 30
    assert ws.row_dimensions[11].height > 72  # the merged 预期目标 cell, too


def test_per_row_formulas_in_the_indicator_row_are_repeated(tmp_path):
    wb = openpyxl.load_workbook(TEMPLATE)
    ws = wb.active
    ws["J12"], ws["J13"], ws["J14"] = "扣分", "=G13-H13", "=SUM(J13:J13)"
    tpl = tmp_path / "扣分模板.xlsx"
    wb.save(tpl)
    out = filled(tmp_path, make_form(3), template=tpl)
    ws = openpyxl.load_workbook(out)[SHEET]
    assert [ws[f"J{r}"].value for r in (13, 14, 15, 16)] == ["=G13-H13", "=G14-H14", "=G15-H15", "=SUM(J13:J15)"]
    grid = calamine_grid(out, SHEET)
    assert [grid[r][9] for r in (12, 13, 14, 15)] == pytest.approx([0.5, 0.5, 0.5, 1.5])


@pytest.mark.parametrize("formula,value", [
    ('=IF(OR(B1="",B1=0),"",A1/B1)', ""),  # empty B1 equals both "" and 0
    ("=A1/C1", "#VALUE!"), ("=A1/0", "#DIV/0!"), ("=SUM(A1:C1,C1)", 2.0),
    ("=-A1^2", 4.0), ("=50%*A1", 1.0), ("=IF(A1>1,\"大\")", "大"), ("=IF(A1>5,1)", False),
    ("=ROUND(2.345,2)", 2.35), ("=MIN(A1,1)*10", 10.0), ('=A1&"分"', "2分"), ("=INDIRECT(A1)", None),
])
def test_formula_values_for_cache(formula, value):
    """The cached values fill stores come from xlkit.formulas; what it cannot evaluate gets none."""
    from openpyxl import Workbook

    from xlkit.fill import _SheetValues
    ws = Workbook().active
    ws["A1"], ws["C1"], ws["D1"] = 2.0, "", formula
    assert _SheetValues(ws).cell(1, 4) == value


def test_output_must_be_xlsx(tmp_path):
    r = CliRunner().invoke(main, ["fill", str(SAMPLE_YAML), "-o", str(tmp_path / "o.xls")])
    assert r.exit_code == 2 and ".xlsx" in r.output and not (tmp_path / "o.xls").exists()
