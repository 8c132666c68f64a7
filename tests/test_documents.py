"""Reading narrative reports into facts (issue 5 §1)."""
import pytest

from xlkit.errors import ReadError
from xlkit.read.documents import project_from_title, read_report

from _docs_helpers import SEED_REPORT, seed_report_lines, write_docx


def _by_key(facts):
    return {f.key: f.value for f in facts}


def _check_seed_facts(facts):
    assert facts.project == "困难劳模帮扶专项"
    assert {f.value for f in facts.total} == {94}
    assert {f.value for f in facts.grade} == {"优"}
    scores = _by_key(facts.scores)
    assert scores["产出指标"] == 49 and scores["效益指标"] == 30 and scores["满意度指标"] == 10
    assert scores["预算执行率"] == 5 and scores["合计"] == 94
    weights = _by_key(facts.weights)
    assert weights == {"产出指标": 50, "效益指标": 30, "满意度指标": 10, "预算执行率": 10, "合计": 100}
    results = [c for c in facts.counts if not c.target]
    assert [(c.value, c.unit) for c in results] == [(208, "人")]
    total = results[0]
    assert [(p.value, p.subject) for p in total.parts] == [(87, "生活困难劳模帮扶"), (121, "特困劳模帮扶")]
    assert "208" in total.sentence and total.where
    # targets restated in the report are recognised as targets, not results
    assert {c.value for c in facts.counts if c.target} == {100, 200}
    assert [(r.value, r.target) for r in facts.rates] == [(pytest.approx(0.6238), False)]
    assert [(a.value, a.role) for a in facts.amounts] == [(100, "budget")]
    assert facts.problems.startswith("年度目标任务不够精准")
    assert "一是加强部门沟通协调" in facts.suggestions


def test_seed_report_as_text():
    facts = read_report(SEED_REPORT)
    _check_seed_facts(facts)
    assert facts.counts[-1].where == "第95行"
    table_rows = {f.where for f in facts.scores if f.key == "合计"}
    assert "第41行" in table_rows


def test_seed_report_docx_with_word_table(tmp_path):
    path = write_docx(tmp_path / "报告.docx", seed_report_lines(), table_as_word_table=True)
    facts = read_report(path)
    _check_seed_facts(facts)
    table_facts = [f for f in facts.scores if f.where.startswith("表1")]
    assert {f.key: f.value for f in table_facts}["产出指标"] == 49
    assert any(f.where == "表1第3行第2列" for f in table_facts)  # 评价得分 row, 产出 column
    assert all(w.where.startswith(("表1", "第")) for w in facts.weights)


def test_seed_report_docx_with_text_table(tmp_path):
    path = write_docx(tmp_path / "报告.docx", seed_report_lines(), table_as_word_table=False)
    facts = read_report(path)
    _check_seed_facts(facts)
    assert any(f.key == "合计" and f.value == 94 and f.where.endswith("段") for f in facts.scores)


def test_space_separated_and_transposed_tables(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text("某项目绩效自评报告\n项目   标准分值   评价得分\n产出指标  50  45\n效益指标  30  28\n"
                 "满意度指标  10  9\n预算执行率  10  10\n", encoding="utf-8")
    facts = read_report(p)
    assert _by_key(facts.scores) == {"产出指标": 45, "效益指标": 28, "满意度指标": 9, "预算执行率": 10}
    assert _by_key(facts.weights)["产出指标"] == 50


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_text_encodings(tmp_path, encoding):
    p = tmp_path / "r.txt"
    p.write_bytes("综合评分92.5分，绩效评价结论为优。\n全年共慰问困难职工1,350人。".encode(encoding))
    facts = read_report(p)
    assert [f.value for f in facts.total] == [92.5]
    assert [f.value for f in facts.grade] == ["优"]
    assert [(c.value, c.subject) for c in facts.counts] == [(1350, "全年共慰问困难职工")]


def test_placeholder_numbers_are_not_facts(tmp_path):
    # seed 004: a template report with "XX" in place of numbers gives no score
    p = tmp_path / "r.txt"
    p.write_text("综合评分XX分，绩效评价结论为优。\n项目预算X.XX万元，实际到位资金X.XX万元。", encoding="utf-8")
    facts = read_report(p)
    assert facts.total == [] and facts.amounts == []
    assert [f.value for f in facts.grade] == ["优"]


def test_counts_that_are_structure_or_dates_are_ignored(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text("此项二级指标下设 1 个三级指标。该项目于 2022 年 9 月实施完毕，25 日内完成复核。", encoding="utf-8")
    assert read_report(p).counts == []


def test_rate_and_amount_roles(tmp_path):
    p = tmp_path / "r.md"
    p.write_text("年初预算数 100 万元，全年预算数 80 万元，全年执行数 76 万元，预算执行率为 95%。", encoding="utf-8")
    facts = read_report(p)
    assert [(a.value, a.role) for a in facts.amounts] == [(100, "initial"), (80, "budget"), (76, "executed")]
    assert [r.value for r in facts.rates] == [pytest.approx(0.95)]


def test_title_to_project():
    assert project_from_title("2022 年度困难劳模帮扶专项绩效评价报告") == "困难劳模帮扶专项"
    assert project_from_title("市总工会冬季困难群众救助金绩效自评报告") == "市总工会冬季困难群众救助金"
    assert project_from_title("送温暖帮扶专项（2022年度）项目支出绩效自评报告") == "送温暖帮扶专项"


def test_unreadable_reports(tmp_path):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ReadError, match="无法打开报告"):
        read_report(bad)
    with pytest.raises(ReadError, match="找不到"):
        read_report(tmp_path / "无.txt")
    with pytest.raises(ReadError, match="不支持"):
        pdf = tmp_path / "x.pdf"
        pdf.write_bytes(b"%PDF-1.4")
        read_report(pdf)


@pytest.mark.parametrize("line,total,grade", [
    ("最终评价得分为：94分，评价等级“优”。", 94, "优"),
    ("该项目绩效自评得分为 92 分，自评结果为优秀。", 92, "优"),
    ("经综合评定，项目得分92.5分，评价等级为“良”。", 92.5, "良"),
    ("综合评分88分，绩效评价结论为良。", 88, "良"),
    ("本项目总分100分，自评得分90分。", 90, None),  # 100 is the maximum, not the result
    ("(1) 数量指标（总分 20 分，评价得分 19 分）", None, None),  # a 二级指标 heading, not the total
])
def test_total_and_grade_phrasings(tmp_path, line, total, grade):
    p = tmp_path / "r.txt"
    p.write_text(line, encoding="utf-8")
    facts = read_report(p)
    assert [f.value for f in facts.total] == ([total] if total is not None else [])
    assert [f.value for f in facts.grade] == ([grade] if grade else [])


def test_count_with_parts_after_colon(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text("全年共帮扶困难职工 1,350 人次，其中：生活救助 1,000 人次，医疗救助 350 人次。", encoding="utf-8")
    (c,) = read_report(p).counts
    assert (c.value, c.unit) == (1350, "人次")
    assert [(x.value, x.subject) for x in c.parts] == [(1000, "生活救助"), (350, "医疗救助")]


def test_markdown_report_with_pipe_table(tmp_path):
    p = tmp_path / "r.md"
    p.write_text("# 2022年度困难劳模帮扶专项绩效自评报告\n\n**最终评价得分为：94分**\n\n"
                 "| 项目 | 产出指标 | 效益指标 | 满意度指标 | 预算执行率 | 得分合计 |\n|---|---|---|---|---|---|\n"
                 "| 标准分值 | 50 | 30 | 10 | 10 | 100 |\n| 评价得分 | 49 | 30 | 10 | 5 | 94 |\n", encoding="utf-8")
    facts = read_report(p)
    assert facts.project == "困难劳模帮扶专项"
    assert [f.value for f in facts.total] == [94]
    assert _by_key(facts.scores) == {"产出指标": 49, "效益指标": 30, "满意度指标": 10, "预算执行率": 5, "合计": 94}
    assert _by_key(facts.weights)["合计"] == 100


@pytest.mark.libreoffice
def test_doc_report_via_libreoffice(tmp_path):
    import shutil
    import subprocess

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice not installed")
    src = write_docx(tmp_path / "报告.docx", seed_report_lines())
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(src)],
                   check=True, capture_output=True, timeout=180)
    _check_seed_facts(read_report(tmp_path / "doc" / "报告.doc"))


def test_indicator_table_is_not_a_score_table(tmp_path):
    # an appended indicator table (附表) has 分值/得分 per indicator, with 产出指标 on every row
    rows = [["一级指标", "二级指标", "三级指标", "分值", "得分"],
            ["产出指标", "数量指标", "生活困难劳模帮扶", "10", "9"],
            ["产出指标", "数量指标", "特困劳模帮扶", "10", "10"],
            ["满意度指标", "服务对象满意度指标", "困难劳模对帮扶工作满意", "10", "10"]]
    lines = ["2022年度困难劳模帮扶专项绩效自评报告", "附表："] + ["\t".join(r) for r in rows]
    path = write_docx(tmp_path / "r.docx", lines, table_as_word_table=True)
    facts = read_report(path)
    assert facts.scores == [] and facts.weights == []
    txt = tmp_path / "r.txt"
    txt.write_text("\n".join(lines).replace("\t", "  "), encoding="utf-8")
    facts = read_report(txt)
    assert facts.scores == [] and facts.weights == []
