"""Batch summary workbook (issue 5 §3)."""
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from xlkit.engine import check
from xlkit.model import Bundle
from xlkit.textwidth import display_width
from xlkit.writers.summary import dept_key, summary_rows, write_summary

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE = SAMPLES / "安庆市总工会2022.xlsx"
YAML = SAMPLES / "安庆市总工会2022.yaml"

pytestmark = pytest.mark.skipif(not (SAMPLE.exists() and YAML.exists()), reason="samples not built")


def _clean_form(path):
    """One project of the sample data, alone in its workbook."""
    from xlkit.data import load_data
    from xlkit.fill import fill_bundle

    bundle = load_data([YAML])
    form = next(f for f in bundle.forms if f.name == "送温暖帮扶专项")
    fill_bundle(Bundle(forms=[form]), path)
    return path


def _folder(tmp_path, with_xls):
    d = tmp_path / "收到的"
    d.mkdir()
    shutil.copy(SAMPLE, d / "部门自评表.xlsx")  # a bundle of 5 forms
    _clean_form(d / "送温暖.xlsx")
    (d / "坏文件.xlsx").write_bytes(b"this is not a workbook")
    if with_xls:
        _clean_form(tmp_path / "困难.xlsx")
        subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                        "--convert-to", "xls", "--outdir", str(d), str(tmp_path / "困难.xlsx")],
                       check=True, capture_output=True, timeout=180)
        assert (d / "困难.xls").exists()
    return d


def _check_summary(tmp_path, with_xls):
    folder = _folder(tmp_path, with_xls)
    report = check([str(folder)], keep_bundles=True)
    out = tmp_path / "汇总.xlsx"
    write_summary(report, out)
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["汇总", "问题清单", "统计"] and "无法读取" in wb.sheetnames
    ws = wb["汇总"]
    header = [c.value for c in ws[1]]
    assert header[:16] == ["序号", "文件", "工作表", "项目名称", "主管部门", "全年预算数(万元)", "全年执行数(万元)",
                           "执行率", "自评总分", "重算总分", "评价等级", "重算等级", "错误", "警告", "提示", "主要问题"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    n_forms = 5 + 1 + (1 if with_xls else 0)
    assert len(rows) == n_forms  # one row per form; the broken file is not a form
    by_project = {}
    for r in rows:
        by_project.setdefault(r[3], []).append(r)
    kunnan = by_project["困难劳模帮扶专项"][0]
    assert kunnan[1] == "部门自评表.xlsx" and kunnan[4] == "安庆市总工会"
    assert kunnan[5] == pytest.approx(62.38) and kunnan[7] == pytest.approx(1.0) and kunnan[8] == 94
    assert kunnan[10] == "优" and kunnan[11] == "优"  # grade of the stated 94 and of the recomputed total
    assert kunnan[12] >= 1 and kunnan[15]  # errors counted, top findings listed
    assert len(by_project["送温暖帮扶专项"]) == 2 + (1 if with_xls else 0)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    # xlsxwriter writes equal neighbouring widths as one <col min max> span
    width_d = next(d.width for d in ws.column_dimensions.values() if d.min and d.min <= 4 <= d.max)
    assert width_d >= display_width("送温暖帮扶及安康杯活动劳动竞赛等专项")
    broken = list(wb["无法读取"].iter_rows(min_row=2, values_only=True))
    assert len(broken) == 1 and broken[0][1] == "坏文件.xlsx" and "不是电子表格" in broken[0][3]
    issues = list(wb["问题清单"].iter_rows(min_row=2, values_only=True))
    assert len(issues) == len(report.findings)
    assert any(r[2] == "R01" and r[4] == "坏文件.xlsx" for r in issues)
    stats = wb["统计"]
    assert len(stats._charts) == 2  # findings by rule; stated vs recomputed total per project
    col_a = [c.value for c in stats["A"]]
    assert "按规则统计" in col_a and "按主管部门统计" in col_a
    dept_row = next(r for r in stats.iter_rows(values_only=True) if r[0] == "安庆市总工会")
    assert dept_row[1] == n_forms  # "502-安庆市总工会" counts with "安庆市总工会"
    return report


def test_summary_of_a_folder(tmp_path):
    _check_summary(tmp_path, with_xls=False)


@pytest.mark.libreoffice
def test_summary_of_a_folder_with_xls(tmp_path):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice not installed")
    report = _check_summary(tmp_path, with_xls=True)
    assert any(fr.path.endswith(".xls") and fr.status == "ok" for fr in report.files)


def test_summary_rows_without_bundles(tmp_path):
    report = check([str(SAMPLE)])  # bundles dropped: amounts unknown, counts still right
    rows = summary_rows(report)
    assert len(rows) == 5 and all(r["全年预算数"] is None for r in rows)
    assert sum(r["错误"] + r["警告"] + r["提示"] for r in rows) <= len(report.findings)


def test_dept_key():
    assert dept_key("502-安庆市总工会") == dept_key("安庆市总工会") == "安庆市总工会"
    assert dept_key("") == "（未知）"
    assert display_width("项目ab") == 6


def test_summary_links_to_annotated_copies(tmp_path):
    from xlkit.writers.annotate import annotate_workbooks

    report = check([str(SAMPLE)], keep_bundles=True)
    done = annotate_workbooks(report, tmp_path / "标注")
    out = tmp_path / "汇总.xlsx"
    write_summary(report, out, annotated={r.source: r.path for r in done})
    wb = load_workbook(out)
    first = wb["汇总"]["B2"]
    # xlsxwriter writes relative external links Windows-style (标注\\…); Excel follows either
    assert first.hyperlink is not None and first.hyperlink.target.replace("\\", "/") == "标注/安庆市总工会2022.xlsx"
    assert first.hyperlink.location == "'送温暖帮扶专项'!A1"
    issue_links = [c.hyperlink.target.replace("\\", "/") + "#" + (c.hyperlink.location or "")
                   for c in wb["问题清单"]["G"][1:] if c.hyperlink]
    assert issue_links and all(t.startswith("标注/安庆市总工会2022.xlsx#'") for t in issue_links)
