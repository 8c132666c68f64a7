"""`xlkit extract` and the fill -> extract round trips."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import layouts as L
from xlkit import columns as C
from xlkit.cli import main
from xlkit.data import load_data
from xlkit.fill import fill
from xlkit.read import read_workbook

ROOT = Path(__file__).resolve().parent.parent
SEED_YAML = ROOT / "samples" / "安庆市总工会2022.yaml"


def run(*args):
    return CliRunner().invoke(main, list(args))


def read_tables(path):
    """The three tables of an extract workbook as lists of dicts (extra columns dropped)."""
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(path))
    out = {}
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python()
        head = rows[0]
        out[name] = [{h: v for h, v in zip(head, r) if h not in (C.X_FILE, C.X_SHEET, C.X_CELL)} for r in rows[1:]]
    return out


def digest(form):
    """What a form says, independent of where it was read from."""
    def t(v):
        s = v.text.strip()
        return s or None

    def n(v):
        return None if v.number is None else round(v.number, 6)

    funds = tuple((n(r.initial), n(r.budget), n(r.executed)) for r in form.funds.rows)
    inds = tuple((i.level1.value, i.level1_points, t(i.level2), t(i.name), t(i.target), t(i.actual),
                  n(i.weight), n(i.score), t(i.reason)) for i in form.indicators)
    return (form.name, t(form.department), t(form.implementer), form.year.value, funds,
            n(form.funds.weight), n(form.funds.rate), n(form.funds.score), t(form.goal), t(form.achieved),
            n(form.total_weight), n(form.total_score), inds)


# --- CLI -----------------------------------------------------------------------------

def test_help_is_chinese_with_example():
    r = run("extract", "--help")
    assert r.exit_code == 0
    assert "示例" in r.output and "xlkit extract" in r.output


def test_extract_layouts_to_xlsx(tmp_path):
    files = [L.build_layout(tmp_path / f"l{n}.xlsx", n) for n in (1, 2, 3, 4, 5)]
    out = tmp_path / "表.xlsx"
    r = run("extract", *map(str, files), "-o", str(out))
    assert r.exit_code == 0, r.output
    tables = read_tables(out)
    assert [p[C.P_NAME] for p in tables["项目"]] == [p["项目名称"] for p in L.SEED_PROJECTS]
    assert len(tables["指标"]) == sum(len(p["绩效指标"]) for p in L.SEED_PROJECTS)
    first = tables["项目"][0]
    assert first[C.P_DEPT] == "安庆市总工会" and first["年初预算数"] == 140.4 and first[C.P_TOTAL_SCORE] == 98
    assert tables["项目"][3][C.P_DEPT] == "502-安庆市总工会"
    # source columns point back at the cells
    import python_calamine as pc

    rows = pc.CalamineWorkbook.from_path(str(out)).get_sheet_by_name("指标").to_python()
    head = rows[0]
    assert rows[1][head.index(C.X_SHEET)] == "自评表" and rows[1][head.index(C.X_CELL)] == "D13"
    assert rows[1][head.index(C.X_FILE)].endswith("l1.xlsx")


def test_extract_to_csv_and_force(tmp_path):
    src = L.build_bundle(tmp_path / "bundle.xlsx")
    out = tmp_path / "表.csv"
    r = run("extract", str(src), "-o", str(out))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "表-项目.csv").exists() and (tmp_path / "表-指标.csv").exists()
    assert (tmp_path / "表-项目清单.csv").read_text(encoding="utf-8-sig").count("\n") == 6
    r = run("extract", str(src), "-o", str(out))
    assert r.exit_code == 2 and "--force" in r.output
    r = run("extract", str(src), "-o", str(out), "--force")
    assert r.exit_code == 0


def test_bad_files_one_line_each_rest_processed(tmp_path):
    bad = L.make_bad_files(tmp_path / "bad")
    good = L.build_layout(tmp_path / "bad" / "好.xlsx", 4)
    out = tmp_path / "表.xlsx"
    r = run("extract", str(tmp_path / "bad"), "-o", str(out))
    assert r.exit_code == 0, r.output
    assert "Traceback" not in r.output
    for case, p in bad.items():
        lines = [ln for ln in r.output.splitlines() if str(p) in ln]
        assert len(lines) == 1, (case, r.output)
    assert read_tables(out)["项目"][0][C.P_NAME] == L.SEED_PROJECTS[3]["项目名称"]
    assert good.exists()


def test_only_bad_files_exit_2(tmp_path):
    bad = L.make_bad_files(tmp_path / "bad")
    out = tmp_path / "表.xlsx"
    r = run("extract", str(bad["truncated"]), str(bad["encrypted"]), "-o", str(out))
    assert r.exit_code == 2
    assert "Traceback" not in r.output
    assert "文件已加密" in r.output and "已损坏" in r.output
    assert not out.exists()


def test_missing_input_and_no_form(tmp_path):
    import openpyxl

    r = run("extract", str(tmp_path / "没有.xlsx"), "-o", str(tmp_path / "o.xlsx"))
    assert r.exit_code == 2 and "不存在" in r.output
    wb = openpyxl.Workbook()
    wb.active["A1"] = "别的表"
    wb.save(tmp_path / "other.xlsx")
    r = run("extract", str(tmp_path / "other.xlsx"), "-o", str(tmp_path / "o.xlsx"))
    assert r.exit_code == 2 and "R02" in r.output
    assert not (tmp_path / "o.xlsx").exists()


# --- round trips ------------------------------------------------------------------------

def test_fill_then_read_gives_back_the_seed_data(tmp_path):
    wb = fill([SEED_YAML], tmp_path / "填好.xlsx")
    data = load_data([SEED_YAML])
    for use_template in (True, False):
        b = read_workbook(wb, use_template=use_template)
        assert [digest(f) for f in b.forms] == [digest(f) for f in data.forms], use_template
        assert [e.name.value for e in b.project_list] == [e.name.value for e in data.project_list]
    b = read_workbook(wb)
    assert all(f.template for f in b.forms)
    assert all(f.notes["located_by"] == "template" for f in b.forms)


def test_extract_fill_extract_is_stable(tmp_path):
    wb1 = fill([SEED_YAML], tmp_path / "1.xlsx")
    assert run("extract", str(wb1), "-o", str(tmp_path / "t1.xlsx")).exit_code == 0
    wb2 = fill([tmp_path / "t1.xlsx"], tmp_path / "2.xlsx")
    assert run("extract", str(wb2), "-o", str(tmp_path / "t2.xlsx")).exit_code == 0
    assert read_tables(tmp_path / "t1.xlsx") == read_tables(tmp_path / "t2.xlsx")


def test_extract_of_seed_layouts_refills(tmp_path):
    # a budget-system export (layout 5, shifted rows) -> tables -> xlkit's own form -> same data
    src = L.build_layout(tmp_path / "l5.xlsx", 5)
    assert run("extract", str(src), "-o", str(tmp_path / "t.xlsx")).exit_code == 0
    wb = fill([tmp_path / "t.xlsx"], tmp_path / "重填.xlsx")
    assert digest(read_workbook(wb).forms[0]) == digest(read_workbook(src).forms[0])


_CJK = "送温暖帮扶困难职工劳模社保专项经费工会组织开展活动竞赛安全生产质量时效满意改善提高完成人次场本元"
_text = st.text(alphabet=_CJK + "0123456789 ，、", min_size=1, max_size=24).map(str.strip).filter(
    lambda s: s and s[0] not in "，、" and not s[0].isdigit())
_amount = st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False).map(lambda d: float(d))
_LEVELS = [("产出指标", 50, ["数量指标", "质量指标", "时效指标", "成本指标"]),
           ("效益指标", 30, ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]),
           ("满意度指标", 10, ["服务对象满意度指标"])]


@st.composite
def project_data(draw):
    inds = []
    for l1, pts, l2s in _LEVELS:
        for l2 in draw(st.lists(st.sampled_from(l2s), min_size=1, max_size=3, unique=True)):
            for _ in range(draw(st.integers(1, 3))):
                w = draw(st.integers(1, 20))
                inds.append({"一级指标": l1, "一级指标分值": pts, "二级指标": l2, "三级指标": draw(_text),
                             "年度指标值": draw(_text), "实际完成值": draw(_text), "分值": w,
                             "得分": draw(st.integers(0, w)),
                             "偏差原因分析及改进措施": draw(st.one_of(st.none(), _text))})
    budget = draw(_amount)
    return {"项目名称": "项目" + draw(_text), "主管部门": draw(_text), "实施单位": draw(_text), "年度": 2023,
            "年初预算数": draw(_amount), "全年预算数": budget, "全年执行数": draw(_amount),
            "财政拨款年初预算数": draw(_amount), "财政拨款全年预算数": budget, "财政拨款全年执行数": draw(_amount),
            "执行率分值": 10, "执行率得分": draw(st.integers(0, 10)),
            "预期目标": draw(_text), "实际完成情况": draw(_text), "绩效指标": inds}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(project_data())
def test_property_fill_then_read_round_trips(tmp_path, proj):
    import tempfile

    d = Path(tempfile.mkdtemp(dir=tmp_path))
    src = d / "data.yaml"
    src.write_text(yaml.safe_dump(proj, allow_unicode=True), encoding="utf-8")
    wb = fill([src], d / "out.xlsx")
    expected = [digest(f) for f in load_data([src]).forms]
    for use_template in (True, False):
        got = [digest(f) for f in read_workbook(wb, use_template=use_template).forms]
        assert [_masked(g, e) for g, e in zip(got, expected)] == expected and len(got) == len(expected)


def _masked(got, exp):
    """The template computes 执行率 and 总分 by formula when the data leave them out."""
    return tuple(e if (e is None and i in (6, 10, 11)) else g for i, (g, e) in enumerate(zip(got, exp)))


def test_row_added_above_total_in_a_filled_template(tmp_path):
    """A clerk inserts an indicator row just above 总分 in Excel: the named range
    xlkit_indicators does not grow, but the reader must still see the new row."""
    import openpyxl

    from xlkit.template import read_anchors

    wb_path = fill([SEED_YAML], tmp_path / "填好.xlsx")
    sheet = "送温暖帮扶专项"
    anchors = read_anchors(wb_path)[sheet]
    total_row = int(anchors["xlkit_total"].split(":")[0].lstrip("ABCDEFGHIJ"))
    wb = openpyxl.load_workbook(wb_path)
    ws = wb[sheet]
    ws.insert_rows(total_row)
    # what Excel does to the names: the 总分 anchor moves down, the indicator range stays
    for name, dn in ws.defined_names.items():
        if name == "xlkit_total":
            dn.attr_text = dn.attr_text.replace(f"${total_row}", f"${total_row + 1}")
    for col, v in zip("DEFGH", ["新增指标", "10 人", "10 人", 0, 0]):
        ws[f"{col}{total_row}"] = v
    wb.save(wb_path)
    form = next(f for f in read_workbook(wb_path).forms if f.sheet == sheet)
    assert len(form.indicators) == 9 and form.indicators[-1].name.value == "新增指标"
    # openpyxl drops the formulas' cached values (Excel would recompute them); the cell is right
    assert form.total_score.cell == f"H{total_row + 1}"
