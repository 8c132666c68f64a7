"""Fill data: YAML/JSON, the two tables (Excel, CSV), validation messages, round trips."""
from __future__ import annotations

import json
import zipfile

import pytest

from _fill_helpers import SAMPLE_YAML, SAMPLES
from xlkit import columns as C
from xlkit.data import bundle_to_tables, canonical_level1, load_data, write_tables
from xlkit.errors import DataError, OutputExistsError

FORM_YAML = """
项目名称: 困难劳模帮扶专项
年度: 2022
主管部门: 安庆市总工会
年初预算数: 100万元
全年预算数: 62.38万元
全年执行数: 62.38
执行率得分: 5
绩效指标:
  - {一级指标: 产出指标 (50分), 二级指标: 数量指标, 三级指标: 帮扶, 年度指标值: "=2 场", 实际完成值: 2, 分值: 10, 得分: 9}
  - {一级指标: 满意度, 二级指标: 服务对象满意度指标, 三级指标: 满意, 年度指标值: 满意, 实际完成值: 较为满意, 分值: 10分, 得分: 10}
"""


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_single_form_yaml(tmp_path):
    b = load_data(write(tmp_path, "f.yaml", FORM_YAML))
    assert len(b.forms) == 1 and b.project_list == []
    f = b.forms[0]
    assert f.name == "困难劳模帮扶专项" and f.year.value == 2022
    assert f.funds.total.initial.value == 100.0 and f.funds.total.initial.raw == "100万元"
    assert f.funds.total.budget.value == 62.38 and f.funds.score.value == 5.0
    ind = f.indicators[0]
    assert (ind.level1.value, ind.level1_points, ind.level1.raw) == ("产出指标", 50.0, "产出指标 (50分)")
    assert ind.target.value == "=2 场" and ind.actual.value == "2"  # text fields stay text
    assert f.indicators[1].level1.value == "满意度指标" and f.indicators[1].weight.value == 10.0


def test_json_bundle_inherits_department_and_year(tmp_path):
    data = {"主管部门": "安庆市总工会", "年度": 2022,
            "项目清单": [{"序号": 1, "项目名称": "甲", "备注": "新增"}],
            "项目": [{"项目名称": "甲", "绩效指标": []}, {"项目名称": "乙", "年度": "2023年", "主管部门": "别处"}]}
    b = load_data(write(tmp_path, "b.json", json.dumps(data, ensure_ascii=False)))
    assert [f.name for f in b.forms] == ["甲", "乙"]
    assert b.forms[0].department.value == "安庆市总工会" and b.forms[0].year.value == 2022
    assert b.forms[1].department.value == "别处" and b.forms[1].year.value == 2023
    assert b.project_list[0].note.value == "新增" and b.department == "安庆市总工会"


@pytest.mark.parametrize("label,name,points", [
    ("产出指标", "产出指标", None), ("产出", "产出指标", None), ("效益指标 (30分)", "效益指标", 30.0),
    ("满意度指标（10分）", "满意度指标", 10.0), ("项目决策", None, None),
])
def test_canonical_level1(label, name, points):
    assert canonical_level1(label) == (name, points)


@pytest.mark.parametrize("mutation,message", [
    (("分值: 10分", "分值: 十"), "项目「困难劳模帮扶专项」的第 2 个绩效指标：分值「十」不是数字"),
    (("一级指标: 满意度", "一级指标: 项目决策"), "一级指标「项目决策」不是 产出指标、效益指标 或 满意度指标"),
    (("项目名称: 困难劳模帮扶专项", "项目名称: ''"), "缺少项目名称"),
    (("年初预算数: 100万元", "年初预算数: 一百万"), "年初预算数「一百万」不是数字"),
])
def test_bad_yaml_names_project_field_and_position(tmp_path, mutation, message):
    p = write(tmp_path, "bad.yaml", FORM_YAML.replace(*mutation))
    with pytest.raises(DataError) as e:
        load_data(p)
    assert message in str(e.value)


def test_bad_table_row_message(tmp_path):
    write(tmp_path, "项目.csv", "项目名称,年度\n困难劳模帮扶专项,2022\n")
    write(tmp_path, "指标.csv", "项目名称,一级指标,二级指标,三级指标,分值\n"
                                "困难劳模帮扶专项,产出指标,数量指标,a,10\n"
                                "困难劳模帮扶专项,产出指标,数量指标,b,十\n")
    with pytest.raises(DataError) as e:
        load_data(tmp_path)
    assert str(e.value) == "指标表第 3 行（项目「困难劳模帮扶专项」）：分值「十」不是数字"


def test_indicator_of_unknown_project(tmp_path):
    write(tmp_path, "项目.csv", "项目名称\n甲\n")
    write(tmp_path, "指标.csv", "项目名称,一级指标,二级指标\n乙,产出指标,数量指标\n")
    with pytest.raises(DataError, match="指标表第 2 行（项目「乙」）：项目「乙」不在项目表中"):
        load_data(tmp_path / "指标.csv")


def test_missing_project_name_in_table(tmp_path):
    write(tmp_path, "x-项目.csv", "项目名称,年度\n甲,2022\n,2022\n")
    with pytest.raises(DataError, match="项目表第 3 行：缺少项目名称"):
        load_data(tmp_path / "x-项目.csv")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "utf-8"])
def test_csv_encodings(tmp_path, encoding):
    write(tmp_path, "项目.csv", "项目名称,年初预算数,来源文件\n送温暖帮扶专项,140.4 万元,x.xlsx\n", encoding)
    write(tmp_path, "指标.csv", "项目名称,一级指标,二级指标,三级指标,年度指标值\n"
                                "送温暖帮扶专项,产出指标,数量指标,帮扶困难职工,1500 人\n", encoding)
    b = load_data([tmp_path / "项目.csv", tmp_path / "指标.csv"])
    f = b.forms[0]
    assert f.funds.total.initial.value == 140.4
    assert f.indicators[0].name.value == "帮扶困难职工" and f.indicators[0].target.value == "1500 人"


def test_sample_yaml_loads_all_five_projects():
    b = load_data(SAMPLE_YAML)
    assert b.department == "安庆市总工会" and b.year == 2022
    assert len(b.forms) == 5 and len(b.project_list) == 5
    labor = next(f for f in b.forms if f.name == "困难劳模帮扶专项")
    assert labor.funds.total.budget.value == 62.38 and labor.funds.score.value == 5.0


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ""])
def test_tables_round_trip(tmp_path, suffix):
    tables = bundle_to_tables(load_data(SAMPLE_YAML))
    out = tmp_path / f"数据{suffix}"
    written = write_tables(tables, out)
    assert all(p.exists() for p in written)
    again = bundle_to_tables(load_data(written if suffix == ".csv" else out))
    assert again == tables


def test_tables_shape_and_types():
    tables = bundle_to_tables(load_data(SAMPLE_YAML))
    assert set(tables) == {"项目清单", "项目", "指标"}
    assert list(tables["项目"][0]) == list(C.PROJECT_HEADERS)
    assert list(tables["指标"][0]) == list(C.INDICATOR_HEADERS)
    assert tables["项目"][0]["年初预算数"] == 140.4  # "140.4 万元" -> a number
    assert sum(len(t) for t in (tables["指标"],)) == sum(len(f.indicators) for f in load_data(SAMPLE_YAML).forms)


def test_write_tables_keeps_formula_like_text_as_text(tmp_path):
    tables = {"项目": [{"项目名称": "甲"}], "指标": [{"项目名称": "甲", "一级指标": "产出指标", "二级指标": "数量指标",
                                               "年度指标值": "=2 场", "实际完成值": "+5%"}]}
    out = tmp_path / "t.xlsx"
    write_tables(tables, out)
    with zipfile.ZipFile(out) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml
    b = load_data(out)
    assert b.forms[0].indicators[0].target.value == "=2 场"
    assert b.forms[0].indicators[0].actual.value == "+5%"


def test_write_tables_refuses_existing_without_force(tmp_path):
    tables = bundle_to_tables(load_data(SAMPLE_YAML))
    write_tables(tables, tmp_path / "d.csv")
    with pytest.raises(OutputExistsError):
        write_tables(tables, tmp_path / "d.csv")
    write_tables(tables, tmp_path / "d.csv", force=True)


def test_sample_data_workbook_matches_yaml():
    assert bundle_to_tables(load_data(SAMPLES / "安庆市总工会2022-数据表.xlsx")) == bundle_to_tables(load_data(SAMPLE_YAML))


def test_negative_weight_is_refused(tmp_path):
    """分值/得分 are ≥ 0 in the template's validation; data saying otherwise is refused with its row."""
    from xlkit.data import load_data
    from xlkit.errors import DataError
    (tmp_path / "项目.csv").write_text("项目名称,主管部门,实施单位\n甲项目,某部门,某单位\n", encoding="utf-8")
    (tmp_path / "指标.csv").write_text("项目名称,一级指标,二级指标,三级指标,分值,得分\n"
                                      "甲项目,产出指标,数量指标,帮扶人数,-5,0\n", encoding="utf-8")
    with pytest.raises(DataError, match="指标表第 2 行.*分值「-5」不能为负数"):
        load_data([str(tmp_path)])
