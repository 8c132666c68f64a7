"""`xlkit disclose`: the 绩效评价结果信息表 of seed 000 (issue 5 §5)."""
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from xlkit.cli import main
from xlkit.model import ReportFacts
from xlkit.writers.disclose import FIELDS, block_for, write_disclosure

from _docs_helpers import SEED_REPORT, kunnan_form, songwennuan_form

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE = SAMPLES / "安庆市总工会2022.xlsx"


def test_block_from_form_alone():
    b = block_for(songwennuan_form())
    assert (b.项目名称, b.决算金额, b.评价分值, b.评价结论) == ("送温暖帮扶专项", "140.4万元", "98", "优")
    assert "预算执行率 100%" in b.主要绩效 and "产出指标得分 48 分（满分 50 分）" in b.主要绩效
    assert "扣 2 分" in b.存在问题 and "受困难职工人数动态变化影响" in b.存在问题  # deduction and its reason
    assert "受困难职工人数动态变化影响" in b.整改建议 and "【请填写：整改建议】" in b.整改建议
    assert b.整改情况 == "【请填写：整改情况】"


def test_block_prefers_the_report_for_problems_and_advice():
    from xlkit.read.documents import read_report
    b = block_for(kunnan_form(), read_report(SEED_REPORT))
    assert b.存在问题.startswith("年度目标任务不够精准")
    assert b.整改建议.startswith("为进一步提高困难劳模帮扶专项资金使用效益")
    assert b.评价分值 == "94" and b.决算金额 == "62.38万元"
    full = block_for(kunnan_form(grade="良"), ReportFacts())
    assert full.评价结论 == "良"  # the form's stated grade wins over the computed one
    assert "预算执行率指标扣 5 分" in full.存在问题


def test_written_table_is_print_ready(tmp_path):
    out = tmp_path / "结果信息表.xlsx"
    write_disclosure([block_for(songwennuan_form()), block_for(kunnan_form())], out, title="安庆市总工会2022年度项目支出绩效评价结果")
    ws = load_workbook(out).active
    col_a = [c.value for c in ws["A"]]
    assert col_a[0] == "安庆市总工会2022年度项目支出绩效评价结果"
    assert col_a.count("绩效评价结果信息表") == 2
    first = col_a.index("绩效评价结果信息表")
    assert col_a[first + 1:first + 9] == list(FIELDS)
    assert ws.cell(row=first + 2, column=2).value == "送温暖帮扶专项"
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    # one page wide (xlsxwriter leaves out fitToWidth=1, the default), as many pages high as needed
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
    assert ws.page_setup.fitToHeight == 0
    assert len(ws.row_breaks.brk) == 1  # a page per project
    assert ws.print_area
    assert ws.cell(row=first + 9, column=2).fill.fgColor.rgb.endswith("FFF2CC")  # 【请填写】 stands out


@pytest.mark.skipif(not SAMPLE.exists(), reason="samples not built")
def test_cli_disclose_folder_with_reports(tmp_path):
    folder = tmp_path / "材料"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    shutil.copy(SEED_REPORT, folder / "2022年度困难劳模帮扶专项绩效评价报告.txt")
    (folder / "说明.txt").write_text("不是报告", encoding="utf-8")  # no 报告 in its name: not read
    out = tmp_path / "结果信息表.xlsx"
    res = CliRunner().invoke(main, ["disclose", str(folder), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "已配对：2022年度困难劳模帮扶专项绩效评价报告.txt" in res.output
    assert "无报告：安庆市总工会2022.xlsx［送温暖帮扶专项］" in res.output
    ws = load_workbook(out).active
    values = {}
    rows = list(ws.iter_rows(values_only=True))
    for i, (a, b) in enumerate(rows):
        if a == "项目名称":
            values[b] = {k: v for k, v in rows[i:i + 8]}
    assert len(values) == 5
    assert values["困难劳模帮扶专项"]["存在问题"].startswith("年度目标任务不够精准")
    assert values["困难劳模帮扶专项"]["评价分值"] == "94" and values["困难劳模帮扶专项"]["评价结论"] == "优"
    assert values["工会专项工作经费"]["决算金额"] == "3.6万元"
    assert rows[0][0] == "安庆市总工会2022年度项目支出绩效评价结果"


def test_cli_disclose_nothing_readable(tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"garbage")
    res = CliRunner().invoke(main, ["disclose", str(bad), "-o", str(tmp_path / "o.xlsx")])
    assert res.exit_code == 2 and "没有读到任何" in res.output
    assert not (tmp_path / "o.xlsx").exists()
