"""Annotated copies keep everything of the original but the added comments and fills (issue 5 §2)."""
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from xlkit.model import Finding
from xlkit.writers.annotate import FILLS, SHEET_NAME, annotate_workbook, annotate_workbooks

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _rich_workbook(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "困难劳模帮扶专项"
    ws["A1"] = "项目支出绩效自评表"
    ws.merge_cells("A1:I1")
    ws["A1"].font = Font(name="宋体", size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A3"], ws["B3"] = "项目名称", "困难劳模帮扶专项"
    ws.merge_cells("B3:I3")
    thin = Side(style="thin")
    for col, v in zip("CDEFGH", [100, 62.38, 62.38, 10, "=E6/D6", 5]):
        c = ws[f"{col}6"]
        c.value = v
        c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        c.number_format = "0.00"
    ws["G6"].number_format = "0.00%"
    ws["H6"].fill = PatternFill("solid", fgColor="FFFF00")  # the author's own fill elsewhere survives
    ws["F13"], ws["F14"] = "116 人", "131 人"
    ws["G13"], ws["G14"], ws["H13"], ws["H14"] = 10, 10, 9, 10
    ws["H22"] = "=SUM(H13:H14)+H6"
    ws.merge_cells("B13:B14")
    ws["I13"].comment = Comment("填报人：请核实", "张三")
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["D"].width = 36.5
    ws.row_dimensions[13].height = 30
    dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="10", allow_blank=True)
    dv.add("H13:H20")
    ws.add_data_validation(dv)
    ws.conditional_formatting.add("H13:H20", CellIsRule(operator="lessThan", formula=["0"], fill=PatternFill("solid", fgColor="FF0000")))
    ws.print_area = "A1:I22"
    ws.print_title_rows = "1:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = 0.3
    ws.oddFooter.center.text = "第 &P 页"
    ws.freeze_panes = "A4"
    other = wb.create_sheet("部门绩效自评项目清单")
    other["A1"], other["B1"] = "序号", "项目名称"
    other.append([1, "困难劳模帮扶专项"])
    wb.defined_names["项目总分"] = DefinedName("项目总分", attr_text="'困难劳模帮扶专项'!$H$22")
    wb.save(path)
    return path


def fingerprint(path, skip_sheets=(SHEET_NAME,), ignore_fill=frozenset(), ignore_comment=frozenset()):
    """What must survive: values, formulas, styles, merges, widths, heights, validations,
    conditional formats, print settings, defined names (fills/comments of annotated cells excluded)."""
    wb = load_workbook(path)
    fp = {"names": sorted((n, d.attr_text) for n, d in wb.defined_names.items())}
    for ws in wb.worksheets:
        if ws.title in skip_sheets:
            continue
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                key = (ws.title, c.coordinate)
                if c.value is None and (not c.has_style or key in ignore_fill):
                    continue  # empty cells whose only style may be the added fill
                cells[c.coordinate] = (
                    c.value, c.number_format, c.font.b, c.font.sz, c.font.name, c.alignment.horizontal,
                    c.border.left.style, None if key in ignore_fill else c.fill.fgColor.rgb,
                    None if key in ignore_comment or c.comment is None else c.comment.text)
        fp[ws.title] = {
            "cells": cells,
            "merges": sorted(str(m) for m in ws.merged_cells.ranges),
            "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.width},
            "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height},
            "validations": sorted((str(v.sqref), v.type, v.formula1, v.formula2) for v in ws.data_validations.dataValidation),
            "cf": sorted(str(r.sqref) for r in ws.conditional_formatting),
            "print": (ws.print_area, ws.print_title_rows, ws.page_setup.orientation, ws.page_setup.paperSize,
                      ws.page_setup.fitToWidth, ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_margins.left,
                      ws.oddFooter.center.text),
            "freeze": ws.freeze_panes,
        }
    return fp


FINDINGS = [
    Finding("X01", "E", "报告第95行称“生活困难劳模帮扶”87人，自评表F13实际完成值 116人", file="f.xlsx",
            sheet="困难劳模帮扶专项", project="困难劳模帮扶专项", cell="F13", actual=87, expected=116),
    Finding("X01", "E", "报告第95行称208人，自评表 116 + 131 = 247人", file="f.xlsx", sheet="困难劳模帮扶专项",
            project="困难劳模帮扶专项", cell="F13:F14", actual=208, expected=247),
    Finding("X04", "W", "报告称预算执行率 62.38%，自评表G6执行率为 100%", file="f.xlsx", sheet="困难劳模帮扶专项",
            project="困难劳模帮扶专项", cell="G6", actual=0.6238, expected=1.0),
    Finding("S05", "W", "得分低于分值但未说明偏差原因", sheet="困难劳模帮扶专项", cell="I13"),
    Finding("B05", "I", "全年预算数与年初预算数不同", sheet="困难劳模帮扶专项", cell="B14"),  # inside merge B13:B14
    Finding("R03", "E", "缺少实施单位", sheet="困难劳模帮扶专项", cell=""),  # no cell: listed only
]


def test_annotated_copy_keeps_everything_else(tmp_path):
    src = _rich_workbook(tmp_path / "自评表.xlsx")
    before = src.read_bytes()
    out = tmp_path / "out" / "自评表.xlsx"
    res = annotate_workbook(src, FINDINGS, out)
    assert res.method == "openpyxl" and res.comments == 4
    assert src.read_bytes() == before  # the input is never touched
    touched = {("困难劳模帮扶专项", c) for c in ("F13", "F14", "G6", "I13", "B13")}
    assert fingerprint(src, ignore_fill=touched, ignore_comment=touched) == \
        fingerprint(out, ignore_fill=touched, ignore_comment=touched)

    wb = load_workbook(out)
    assert wb.sheetnames[0] == SHEET_NAME and wb.active.title == SHEET_NAME
    ws = wb["困难劳模帮扶专项"]
    assert ws["F13"].fill.fgColor.rgb.endswith(FILLS["E"])
    assert ws["F14"].fill.fgColor.rgb.endswith(FILLS["E"])
    assert ws["G6"].fill.fgColor.rgb.endswith(FILLS["W"])
    assert ws["B13"].fill.fgColor.rgb.endswith(FILLS["I"])  # merged cell: its anchor is marked
    assert ws["H6"].fill.fgColor.rgb.endswith("FFFF00")
    f13 = ws["F13"].comment.text
    assert "X01" in f13 and "87" in f13 and "116" in f13 and "247" in f13  # both findings on F13
    assert "X04" in ws["G6"].comment.text and "62.38%" in ws["G6"].comment.text
    assert ws["I13"].comment.text.startswith("填报人：请核实") and "S05" in ws["I13"].comment.text
    res_ws = wb[SHEET_NAME]
    rows = list(res_ws.iter_rows(min_row=2, max_row=7, values_only=True))
    assert [r[2] for r in rows] == ["R03", "X01", "X01", "X04", "S05", "B05"]  # errors first
    links = {c.value: c.hyperlink.location for c in res_ws["E"][1:7] if c.hyperlink}
    assert links["F13:F14"] == "'困难劳模帮扶专项'!F13" and links["G6"] == "'困难劳模帮扶专项'!G6"
    assert res_ws.freeze_panes == "A2" and res_ws.auto_filter.ref == "A1:J7"


def test_existing_output_needs_force(tmp_path):
    from xlkit.errors import OutputExistsError

    src = _rich_workbook(tmp_path / "a.xlsx")
    out = tmp_path / "o.xlsx"
    annotate_workbook(src, FINDINGS[:1], out)
    with pytest.raises(OutputExistsError):
        annotate_workbook(src, FINDINGS[:1], out)
    annotate_workbook(src, FINDINGS[:2], out, force=True)


@pytest.mark.skipif(not (SAMPLES / "安庆市总工会2022.xlsx").exists(), reason="sample workbook not built")
def test_every_sample_annotated_through_the_engine(tmp_path):
    from xlkit.engine import check
    from xlkit.read.documents import read_report

    inputs = tmp_path / "in"
    inputs.mkdir()
    for p in SAMPLES.glob("*.xlsx"):
        shutil.copy(p, inputs / p.name)
    report = check([str(inputs)], reports=[read_report(SAMPLES / "2022年度困难劳模帮扶专项绩效评价报告.txt")]
                   if (SAMPLES / "2022年度困难劳模帮扶专项绩效评价报告.txt").exists() else None)
    results = annotate_workbooks(report, tmp_path / "annotated")
    readable = [fr for fr in report.files if fr.status != "error"]
    assert len(results) == len(readable) >= 1
    for fr, res in zip(readable, results):
        marked = {(f.sheet, c) for f in fr.findings for c in _expand(f.cell)}
        merged_anchor_marks = _merged_anchors(fr.path, marked)
        skip = marked | merged_anchor_marks
        assert fingerprint(fr.path, ignore_fill=skip, ignore_comment=skip) == \
            fingerprint(res.path, ignore_fill=skip, ignore_comment=skip)
        wb = load_workbook(res.path)
        assert wb.sheetnames[0] == SHEET_NAME
        assert wb[SHEET_NAME].max_row >= len(fr.findings) + 1


def _expand(rng):
    from xlkit.writers.annotate import _cells_of
    from xlkit.model import ref
    return {ref(r, c) for r, c in _cells_of(rng)}


def _merged_anchors(path, marked):
    wb = load_workbook(path)
    out = set()
    for sheet, cell in marked:
        if sheet not in wb.sheetnames:
            continue
        for mr in wb[sheet].merged_cells.ranges:
            if cell in mr:
                out.add((sheet, mr.start_cell.coordinate))
    return out


@pytest.mark.libreoffice
def test_xls_input_gets_an_xlsx_copy(tmp_path):
    import shutil as sh
    import subprocess
    if not sh.which("soffice"):
        pytest.skip("LibreOffice not installed")
    src = _rich_workbook(tmp_path / "表.xlsx")
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--convert-to", "xls", "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=180)
    xls = tmp_path / "表.xls"
    res = annotate_workbook(xls, FINDINGS[:3], tmp_path / "out" / "表.xlsx")
    assert res.method == "libreoffice"
    wb = load_workbook(res.path)
    ws = wb["困难劳模帮扶专项"]
    assert ws["B3"].value == "困难劳模帮扶专项" and "B3:I3" in {str(m) for m in ws.merged_cells.ranges}
    assert "X01" in ws["F13"].comment.text
    # without LibreOffice the copy is rebuilt from the reader's values
    res2 = annotate_workbook(xls, FINDINGS[:3], tmp_path / "out" / "表2.xlsx", use_libreoffice=False)
    assert res2.method == "values"
    ws2 = load_workbook(res2.path)["困难劳模帮扶专项"]
    assert ws2["B3"].value == "困难劳模帮扶专项" and ws2["F13"].comment is not None
    assert "B3:I3" in {str(m) for m in ws2.merged_cells.ranges}


@pytest.mark.skipif(not (SAMPLES / "安庆市总工会2022.xlsx").exists(), reason="sample workbook not built")
def test_cli_check_annotate_and_summary(tmp_path):
    from click.testing import CliRunner

    from xlkit.cli import main

    folder = tmp_path / "收到的"
    folder.mkdir()
    shutil.copy(SAMPLES / "安庆市总工会2022.xlsx", folder / "部门.xlsx")
    report = SAMPLES / "2022年度困难劳模帮扶专项绩效评价报告.txt"
    if report.exists():
        shutil.copy(report, folder / report.name)
    (folder / "坏文件.xlsx").write_bytes(b"garbage")
    before = (folder / "部门.xlsx").read_bytes()
    res = CliRunner().invoke(main, ["check", str(folder), "--report", str(folder), "--annotate", str(tmp_path / "标注"),
                                    "--summary", str(tmp_path / "汇总.xlsx")])
    assert res.exit_code == 1, res.output
    assert (folder / "部门.xlsx").read_bytes() == before
    assert "标注副本 1 个" in res.output and "汇总表已写入" in res.output
    wb = load_workbook(tmp_path / "标注" / "部门.xlsx")
    assert wb.sheetnames[0] == SHEET_NAME
    if report.exists():
        assert "已配对：2022年度困难劳模帮扶专项绩效评价报告.txt" in res.output
        assert "X01" in wb["困难劳模帮扶专项"]["F13"].comment.text
    summary = load_workbook(tmp_path / "汇总.xlsx")
    assert summary["汇总"].max_row == 1 + 5 and len(summary["统计"]._charts) == 2
    assert summary["无法读取"]["B2"].value == "坏文件.xlsx"
    # outputs exist now: without --force nothing is overwritten
    res = CliRunner().invoke(main, ["check", str(folder), "--summary", str(tmp_path / "汇总.xlsx")])
    assert res.exit_code == 2 and "已存在" in res.output
