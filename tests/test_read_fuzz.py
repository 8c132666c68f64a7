"""The reader never crashes: random sheets full of form labels, and seed layouts with cells
blanked, overwritten or moved, always give a Bundle (internal errors are not masked here)."""
from __future__ import annotations

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import layouts as L
from xlkit.model import parse_ref
from xlkit.read import read_workbook

LABELS = ["项目名称", "主管部门", "实施单位", "项目资金（万元）", "年初预算数", "全年预算数（A）", "全年执行数",
          "分值", "执行率", "得分", "年度资金总额：", "其中：财政拨款", "上年结转资金", "其他资金", "年度总体目标",
          "预期目标", "实际完成情况", "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
          "偏差原因分析及改进措施", "产出指标（50分）", "(30分)", "成本指标", "数量指标", "总分", "合计", "小计",
          "评价等级", "序号", "备注", "（2022年度）", "项目支出绩效自评表", "项目名称：某项目", "主管部门：某局"]
CELL = st.one_of(st.none(), st.sampled_from(LABELS), st.integers(-5, 200), st.floats(-1e6, 1e6, allow_nan=False),
                 st.sampled_from(["—", "-", "/", "100.00%", "140.4 万元", "１２０", "1,350", "=2 场", " ", "无"]),
                 st.text(st.characters(min_codepoint=32, blacklist_categories=("Cs",)), min_size=1, max_size=8))
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _check(bundle):
    for f in bundle.forms:
        for path, v in f.values():
            if v.raw is not None:
                assert v.cell, path
                parse_ref(v.cell.split(":")[0])


@SETTINGS
@given(grid=st.lists(st.lists(CELL, min_size=1, max_size=10), min_size=1, max_size=30),
       merges=st.lists(st.tuples(st.integers(1, 30), st.integers(1, 10), st.integers(0, 3), st.integers(0, 3)), max_size=5))
def test_random_sheets_never_crash(tmp_path, monkeypatch, grid, merges):
    monkeypatch.setenv("XLKIT_DEBUG", "1")
    wb = openpyxl.Workbook()
    ws = wb.active
    for i, row in enumerate(grid, 1):
        for j, v in enumerate(row, 1):
            if v is not None:
                c = ws.cell(row=i, column=j, value=v)
                if isinstance(v, str) and v.startswith("="):
                    c.data_type = "s"
    used = set()
    for r, c, dr, dc in merges:
        cells = {(rr, cc) for rr in range(r, r + dr + 1) for cc in range(c, c + dc + 1)}
        if (dr or dc) and not cells & used:
            used |= cells
            ws.merge_cells(start_row=r, start_column=c, end_row=r + dr, end_column=c + dc)
    path = tmp_path / "f.xlsx"
    wb.save(path)
    _check(read_workbook(path))


@SETTINGS
@given(layout=st.integers(1, 5), edits=st.lists(st.tuples(st.integers(1, 45), st.integers(1, 10), CELL), max_size=12),
       delete_rows=st.lists(st.integers(1, 40), max_size=3), merged=st.booleans())
def test_damaged_layouts_never_crash(tmp_path, monkeypatch, layout, edits, delete_rows, merged):
    monkeypatch.setenv("XLKIT_DEBUG", "1")
    wb = openpyxl.Workbook()
    ws = wb.active
    L.write_form(ws, L.SEED_PROJECTS[layout - 1], layout, merged=merged)
    for r in sorted(set(delete_rows), reverse=True):
        ws.delete_rows(r)
    from openpyxl.cell.cell import MergedCell

    for r, c, v in edits:
        cell = ws.cell(row=r, column=c)
        if isinstance(cell, MergedCell):
            continue
        cell.value = v
        if isinstance(v, str) and v.startswith("="):
            cell.data_type = "s"
    path = tmp_path / "d.xlsx"
    wb.save(path)
    _check(read_workbook(path))


@SETTINGS
@given(body=st.lists(st.one_of(st.sampled_from(["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>",
                                                '<td colspan="3">', '<td rowspan="99999">', "<br>", "<p>", "</p>",
                                                "<h1>", "</h1>", "<script>", "</script>", "&nbsp;", "&#x4e00;"]),
                               st.sampled_from(LABELS), st.text(max_size=6)), max_size=60))
def test_random_html_never_crashes(tmp_path, monkeypatch, body):
    from xlkit.errors import ReadError

    monkeypatch.setenv("XLKIT_DEBUG", "1")
    path = tmp_path / "h.xls"
    path.write_text("<html><body><table>" + "".join(body), encoding="utf-8", errors="replace")
    try:
        _check(read_workbook(path))
    except ReadError:
        pass  # e.g. a rowspan too large to lay out: refused with one line
