"""The master template and `xlkit template`: layout, merges, formulas, validations,
protection, print set-up, markers and anchors."""
from __future__ import annotations

import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from _fill_helpers import TEMPLATE, calamine_grid, merges
from xlkit import _build_template
from xlkit.cli import main
from xlkit.template import (ANCHOR_NAMES, LEVEL1_CHOICES, LEVEL2_CHOICES, LIST_SHEET, TEMPLATE_ID,
                            read_anchors, read_marker, sheet_names_for)

SHEET = "项目支出绩效自评表"


@pytest.fixture(scope="module")
def tws():
    return openpyxl.load_workbook(TEMPLATE)[SHEET]


def test_template_labels_where_form_md_puts_them(tws):
    expect = {"A1": "项目支出绩效自评表", "A2": "（{年度}年度）", "A3": "项目名称", "B3": "{项目名称}",
              "A4": "主管部门", "B4": "{主管部门}", "F4": "实施单位", "G4": "{实施单位}",
              "A5": "项目资金（万元）", "C5": "年初预算数", "D5": "全年预算数（A）", "E5": "全年执行数（B）",
              "F5": "分值", "G5": "执行率（B/A）", "H5": "得分", "B6": "年度资金总额", "B7": "其中：本年财政拨款",
              "B8": "上年结转资金", "B9": "其他资金", "C6": "{年初预算数}", "D7": "{财政拨款全年预算数}",
              "E9": "{其他资金全年执行数}", "F6": "{执行率分值}", "A10": "年度总体目标", "B10": "预期目标",
              "F10": "实际完成情况", "B11": "{预期目标}", "F11": "{实际完成情况}", "A12": "绩效指标",
              "B12": "一级指标", "I12": "偏差原因分析及改进措施", "B13": "{.一级指标}", "D13": "{.三级指标}",
              "I13": "{.偏差原因分析及改进措施}", "A14": "总分"}
    assert {k: tws[k].value for k in expect} == expect


def test_template_merges(tws):
    assert {"A1:I1", "A2:I2", "B3:I3", "B4:E4", "G4:I4", "A5:A9", "H5:I5", "H6:I6", "A10:A11",
            "B10:E10", "F10:I10", "B11:E11", "F11:I11", "A12:A13", "A14:F14", "A15:I15"} <= merges(tws)


def test_template_formulas(tws):
    assert tws["G6"].value == '=IF(OR(D6="",D6=0),"",E6/D6)'
    assert tws["H6"].value == '=IF(G6="","",F6*MIN(G6,1))'
    assert tws["G14"].value == "=SUM(G13:G13,F6)"
    assert tws["H14"].value == "=SUM(H13:H13,H6)"


def test_template_validations(tws):
    dvs = {str(dv.sqref): dv for dv in tws.data_validations.dataValidation}
    assert dvs["B13"].type == "list" and dvs["B13"].formula1 == '"' + ",".join(LEVEL1_CHOICES) + '"'
    assert dvs["C13"].type == "list" and "服务对象满意度指标" in dvs["C13"].formula1
    num = dvs["F6 G13:H13"]
    assert (num.type, num.operator, num.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert set(LEVEL2_CHOICES) >= {"数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标",
                                   "社会效益指标", "生态效益指标", "可持续影响指标"}


def test_template_protection_and_locks(tws):
    p = tws.protection
    assert p.sheet and not p.password
    assert p.formatRows is False and p.formatColumns is False and p.insertRows is False
    assert tws["B3"].protection.locked is False and tws["D13"].protection.locked is False
    assert tws["G6"].protection.locked is True and tws["H14"].protection.locked is True


def test_template_print_setup(tws):
    assert tws.page_setup.paperSize == 9 and tws.page_setup.orientation == "portrait"
    assert tws.sheet_properties.pageSetUpPr.fitToPage and tws.page_setup.fitToWidth == 1
    assert tws.page_setup.fitToHeight == 0 and tws.print_options.horizontalCentered
    assert tws.print_area.endswith("$A$1:$I$15") and tws.print_title_rows == "$1:$2"
    assert tws["A1"].font.name == "黑体" and tws["B12"].font.name == "宋体"
    assert tws["D13"].alignment.wrap_text and tws["A3"].border.left.style == "thin"
    assert tws.column_dimensions["D"].width >= 20


def test_template_marker_and_anchors():
    assert read_marker(TEMPLATE) == TEMPLATE_ID
    anchors = read_anchors(TEMPLATE)[SHEET]
    assert anchors == {"xlkit_project": "B3", "xlkit_department": "B4", "xlkit_implementer": "G4",
                       "xlkit_year": "A2", "xlkit_funds": "C6:H9", "xlkit_goal": "B11",
                       "xlkit_achieved": "F11", "xlkit_indicators": "B13:I13", "xlkit_total": "G14:H14"}
    assert set(anchors) == set(ANCHOR_NAMES)
    with zipfile.ZipFile(TEMPLATE) as z:
        assert "xlkit_template" in z.read("docProps/custom.xml").decode()


def test_read_marker_on_non_workbooks(tmp_path):
    (tmp_path / "x.xlsx").write_text("not a zip")
    assert read_marker(tmp_path / "x.xlsx") is None and read_anchors(tmp_path / "x.xlsx") == {}
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    assert read_marker(plain) is None and read_anchors(plain) == {}


def test_template_opens_in_calamine():
    grid = calamine_grid(TEMPLATE, SHEET)
    assert grid[0][0] == "项目支出绩效自评表" and grid[12][3] == "{.三级指标}"


def test_build_template_is_reproducible(tmp_path):
    fresh = openpyxl.load_workbook(_build_template.build(tmp_path / "t.xlsx"))[SHEET]
    shipped = openpyxl.load_workbook(TEMPLATE)[SHEET]
    cells = lambda ws: {(c.coordinate, c.value) for row in ws.iter_rows() for c in row if c.value is not None}
    assert cells(fresh) == cells(shipped)
    assert merges(fresh) == merges(shipped)


def test_sheet_names_follow_excel_rules():
    names = sheet_names_for(["a/b:c*?[x]\\", "", "History", "长" * 40, "长" * 40, "甲", "甲"], reserved=["甲"])
    assert names[0] == "a_b_c___x__" and names[1] == "项目2" and names[2] == "History_"
    assert len(names[3]) == 31 and len(names[4]) <= 31 and names[3] != names[4]
    assert names[5] == "甲(2)" and names[6] == "甲(3)"
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_cli_blank_template(tmp_path):
    out = tmp_path / "空白.xlsx"
    r = CliRunner().invoke(main, ["template", "--year", "2024", "-o", str(out)])
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out)[SHEET]
    assert ws["A2"].value == "（2024年度）" and ws["B3"].value is None
    # the standard 二级 list, one row each, 一级 labels merged over their rows
    assert [ws.cell(row=r, column=3).value for r in range(13, 22)] == [
        "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标",
        "可持续影响指标", "服务对象满意度指标"]
    assert {"B13:B16", "B17:B20", "A12:A21", "A22:F22"} <= merges(ws)
    assert ws["B13"].value == "产出指标（50分）" and ws["B21"].value == "满意度指标（10分）"
    assert ws["G22"].value == "=SUM(G13:G21,F6)" and ws["A23"].value.startswith("填报单位")
    assert read_marker(out) == TEMPLATE_ID and read_anchors(out)[SHEET]["xlkit_indicators"] == "B13:I21"
    r = CliRunner().invoke(main, ["template", "--year", "2024", "-o", str(out)])
    assert r.exit_code == 2 and "--force" in r.output


def test_cli_bundle_template(tmp_path):
    lst = tmp_path / "清单.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["部门绩效自评项目清单"])  # a title row above the header is fine
    ws.append(["序号", "项目名称", "备注"])
    for row in ([1, "送温暖帮扶专项", None], [2, "困难劳模/帮扶:专项", "重点"], [3, "History", None]):
        ws.append(row)
    wb.save(lst)
    out = tmp_path / "部门.xlsx"
    r = CliRunner().invoke(main, ["template", "--year", "2022", "--department", "安庆市总工会",
                                  "--projects", str(lst), "-o", str(out)])
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [LIST_SHEET, "送温暖帮扶专项", "困难劳模_帮扶_专项", "History_"]
    lws = wb[LIST_SHEET]
    assert [c.value for c in lws[2]] == ["序号", "项目名称", "备注"]
    assert lws["B4"].value == "困难劳模/帮扶:专项" and lws["C4"].value == "重点"
    form = wb["困难劳模_帮扶_专项"]
    assert form["B3"].value == "困难劳模/帮扶:专项" and form["B4"].value == "安庆市总工会"
    assert set(read_anchors(out)) == {"送温暖帮扶专项", "困难劳模_帮扶_专项", "History_"}


def test_cli_template_help_is_chinese_with_examples():
    r = CliRunner().invoke(main, ["template", "--help"])
    assert r.exit_code == 0 and "示例" in r.output and "xlkit template --year 2024" in r.output


def test_marker_and_anchor_readers_do_not_import_openpyxl():
    # The reader calls these on every file it opens; they must stay cheap.
    import subprocess
    import sys
    code = ("import sys, xlkit.template as t; "
            f"assert t.read_marker({str(TEMPLATE)!r}) == t.TEMPLATE_ID; "
            f"assert t.read_anchors({str(TEMPLATE)!r}); "
            "assert 'openpyxl' not in sys.modules, 'openpyxl imported'")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
