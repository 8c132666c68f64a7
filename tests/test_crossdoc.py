"""X01–X04: the form against its report (issue 5 §1)."""
import pytest

from xlkit.read.documents import read_report
from xlkit.rules.crossdoc import check_form_against_report, count_indicators, indicator_core
from xlkit.scoring import default_profile, stated_grade
from xlkit.rules.registry import RULES

from _docs_helpers import SEED_REPORT, agreeing_report_lines, kunnan_form, songwennuan_form, write_docx


def _codes(findings):
    return sorted({f.code for f in findings})


def test_seed_report_against_seed_form():
    findings = check_form_against_report(kunnan_form(), read_report(SEED_REPORT))
    assert _codes(findings) == ["X01", "X04"]  # 94 and 49/30/10/5 agree: no X02/X03
    x01 = {f.cell: f for f in findings if f.code == "X01"}
    total = x01["F13:F14"]
    assert (total.actual, total.expected) == (208, 247)
    assert "208" in total.message and "116" in total.message and "131" in total.message and "247" in total.message
    assert "第95行" in total.message and "Sheet1!F13" in total.message  # both locations
    assert (x01["F13"].actual, x01["F13"].expected) == (87, 116)
    assert (x01["F14"].actual, x01["F14"].expected) == (121, 131)
    assert all(f.severity == "E" and f.project == "困难劳模帮扶专项" for f in x01.values())
    (x04,) = [f for f in findings if f.code == "X04"]
    assert x04.cell == "G6" and x04.severity == "W"
    assert x04.actual == pytest.approx(0.6238) and x04.expected == 1
    assert "62.38%" in x04.message and "100%" in x04.message and "年初预算数 100 万元" in x04.message


@pytest.mark.parametrize("word_table", [True, False], ids=["word-table", "text-table"])
def test_seed_report_docx_both_table_styles(tmp_path, word_table):
    from _docs_helpers import seed_report_lines
    path = write_docx(tmp_path / "报告.docx", seed_report_lines(), table_as_word_table=word_table)
    findings = check_form_against_report(kunnan_form(), read_report(path))
    assert _codes(findings) == ["X01", "X04"]
    assert any("第" in f.message and "段" in f.message for f in findings)


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_agreeing_report_gives_no_x_finding(tmp_path, suffix):
    lines = agreeing_report_lines()
    path = tmp_path / f"报告{suffix}"
    if suffix == ".txt":
        path.write_text("\n".join(lines), encoding="utf-8")
    else:
        write_docx(path, lines)
    assert check_form_against_report(kunnan_form(), read_report(path)) == []


def test_total_grade_and_score_table_mismatch(tmp_path):
    lines = [line.replace("最终评价得分为：94分，评价等级“优”", "最终评价得分为：89分，评价等级“良”")
             .replace("评价得分\t49\t30\t10\t5\t94", "评价得分\t44\t30\t10\t5\t89") for line in agreeing_report_lines()]
    path = tmp_path / "r.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    findings = check_form_against_report(kunnan_form(), read_report(path))
    x02 = [f for f in findings if f.code == "X02"]
    assert {(f.actual, f.expected) for f in x02} == {(89, 94), ("良", "优")}
    assert all(f.cell == "H22" for f in x02)  # 总分 得分 (the form states no grade)
    x03 = {(f.cell, f.actual, f.expected) for f in findings if f.code == "X03"}
    assert ("H13:H17", 44, 49) in x03 and ("H22", 89, 94) in x03
    row = next(i for i, line in enumerate(lines, start=1) if line.startswith("评价得分\t44"))
    assert f"报告第{row}行" in next(f.message for f in findings if f.code == "X03" and f.actual == 44)


def test_form_grade_is_preferred_when_stated(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("最终评价得分为：94分，评价等级“优”。", encoding="utf-8")
    (f,) = check_form_against_report(kunnan_form(grade="良"), read_report(path))
    assert (f.code, f.cell, f.actual, f.expected) == ("X02", "I22", "优", "良")


def test_counts_with_no_matching_indicator_give_nothing(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("全年走访基层工会 35 家，召开座谈会 4 场，受益职工家属 600 人。\n"
                    "实际帮扶困难劳模 247 人。", encoding="utf-8")
    # 35 家 / 4 场 / 600 人 name no indicator; 247 is 116 + 131 (an aggregate), not a contradiction
    assert check_form_against_report(kunnan_form(), read_report(path)) == []


def test_generic_subject_inside_a_long_indicator_name_gives_nothing(tmp_path):
    # seed 001: a survey sample ("困难职工10人") is not the number of 困难职工 helped in "两节"期间
    path = tmp_path / "r.txt"
    path.write_text("评价组通过问卷调查及现场调研等方式，现场抽查劳模15人，困难职工10人。", encoding="utf-8")
    assert check_form_against_report(songwennuan_form(), read_report(path)) == []


def test_single_count_matched_by_subject(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("“两节”期间帮扶困难职工 1300 人。", encoding="utf-8")
    (f,) = check_form_against_report(songwennuan_form(), read_report(path))
    assert (f.code, f.cell, f.actual, f.expected) == ("X01", "F13", 1300, 1350)
    assert "第1行" in f.message and "Sheet1!F13" in f.message


def test_ambiguous_subject_gives_nothing(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("劳模帮扶 90 人。", encoding="utf-8")  # fits both 生活困难 and 特困 equally
    assert check_form_against_report(kunnan_form(), read_report(path)) == []


def test_amount_mismatch(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("项目全年执行数 60.5 万元。", encoding="utf-8")
    (f,) = check_form_against_report(kunnan_form(), read_report(path))
    assert (f.code, f.cell, f.actual, f.expected) == ("X04", "E6", 60.5, 62.38)


def test_helpers():
    assert indicator_core("生活困难劳模帮扶 100 人以上") == "生活困难劳模帮扶"
    assert indicator_core("指标:“两节”期间帮扶困难职工") == "两节期间帮扶困难职工"
    assert [c.value for c in count_indicators(songwennuan_form())] == [1350]
    grade_for = default_profile().grade_for
    assert grade_for(94) == "优" and grade_for(89.9) == "良" and grade_for(59) == "差"
    from dataclasses import replace
    bands = replace(default_profile(), grades=((80.0, "优"), (70.0, "良"), (0.0, "差")))
    assert bands.grade_for(75) == "良"
    # "不合格" holds "合格": the longer word wins (a substring match once read it as 中)
    assert stated_grade("不合格") == "差" and stated_grade("评价等级：优秀") == "优" and stated_grade("合格") == "中"


def test_rules_registered_with_context():
    class Ctx:
        form = kunnan_form()
        report = read_report(SEED_REPORT)
        profile = None
        bundle = None

    assert {"X01", "X02", "X03", "X04"} <= set(RULES)
    got = {code: list(RULES[code].func(Ctx())) for code in ("X01", "X02", "X03", "X04")}
    assert len(got["X01"]) == 3 and len(got["X04"]) == 1 and got["X02"] == [] and got["X03"] == []
    Ctx.report = None
    assert all(list(RULES[c].func(Ctx())) == [] for c in ("X01", "X02", "X03", "X04"))


# --- pairing reports with forms by project name ------------------------------------------

from xlkit.model import ReportFacts  # noqa: E402
from xlkit.pairing import name_score, pair_reports  # noqa: E402

FORMS = [("部门.xlsx", "送温暖帮扶专项", "送温暖帮扶专项"), ("部门.xlsx", "困难劳模帮扶专项", "困难劳模帮扶专项"),
         ("部门.xlsx", "工会专项工作经费", "工会专项工作经费"),
         ("部门.xlsx", "送温暖帮扶及安康杯活动劳动竞赛等专项", "送温暖帮扶及安康杯活动劳动竞赛等专项")]


def test_pairing_by_project_name():
    reports = [ReportFacts(source="/r/2022年度困难劳模帮扶专项绩效评价报告.docx", project="困难劳模帮扶专项"),
               ReportFacts(source="/r/工会专项工作经费专项自评报告.txt", project="工会专项工作经费专项"),
               ReportFacts(source="/r/说明.txt", project="")]
    pairing = pair_reports(FORMS, reports)
    assert [(p.project, p.how) for p in pairing.pairs] == [("困难劳模帮扶专项", "项目名称一致"),
                                                          ("工会专项工作经费", "项目名称包含")]
    assert [f[2] for f in pairing.forms_without_report] == ["送温暖帮扶专项", "送温暖帮扶及安康杯活动劳动竞赛等专项"]
    assert [r.source for r in pairing.reports_without_form] == ["/r/说明.txt"]
    lines = pairing.describe()
    assert any(line.startswith("已配对：2022年度困难劳模帮扶专项绩效评价报告.docx → 部门.xlsx［困难劳模帮扶专项］") for line in lines)
    assert any(line.startswith("无报告：部门.xlsx［送温暖帮扶专项］") for line in lines)
    # the engine pairs by exact name: the paired facts carry the form's own name
    assert {r.project for r in pairing.engine_reports()} == {"困难劳模帮扶专项", "工会专项工作经费"}


def test_pairing_uses_file_name_and_refuses_ties():
    reports = [ReportFacts(source="/r/送温暖帮扶专项.txt", project="")]
    (pair,) = pair_reports(FORMS, reports).pairs
    assert pair.project == "送温暖帮扶专项"
    twins = [("a.xlsx", "S1", "困难劳模帮扶专项"), ("b.xlsx", "S1", "困难劳模帮扶专项")]
    pairing = pair_reports(twins, [ReportFacts(source="/r/x.txt", project="困难劳模帮扶专项")])
    assert pairing.pairs == [] and len(pairing.ambiguous) == 1
    assert any("同样接近" in line for line in pairing.describe())


def test_name_score():
    assert name_score("2022年度困难劳模帮扶专项", "困难劳模帮扶专项")[0] == 1.0
    assert name_score("送温暖帮扶专项", "送温暖帮扶及安康杯活动劳动竞赛等专项")[0] == 0.0
    assert name_score("冬季困难群众救助资金", "冬季困难群众救助专项")[1] == "项目名称主体一致"


SAMPLES = __import__("pathlib").Path(__file__).resolve().parent.parent / "samples"


@pytest.mark.skipif(not (SAMPLES / "安庆市总工会2022.xlsx").exists(), reason="samples not built")
@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_sample_report_through_the_engine(suffix):
    from xlkit.engine import check

    report_path = SAMPLES / f"2022年度困难劳模帮扶专项绩效评价报告{suffix}"
    if not report_path.exists():
        pytest.skip("sample report not built")
    result = check([str(SAMPLES / "安庆市总工会2022.xlsx")], reports=[read_report(report_path)], select=["X"])
    got = sorted((f.code, f.sheet, f.cell, f.actual, f.expected) for f in result.findings)
    assert got == [("X01", "困难劳模帮扶专项", "F13", 87, 116), ("X01", "困难劳模帮扶专项", "F13:F14", 208, 247),
                   ("X01", "困难劳模帮扶专项", "F14", 121, 131),
                   ("X04", "困难劳模帮扶专项", "G6", pytest.approx(0.6238), 1)]


@pytest.mark.skipif(not (SAMPLES / "安庆市总工会2022.xlsx").exists(), reason="samples not built")
def test_reports_for_check_in_the_forms_folder(tmp_path):
    import shutil

    from xlkit.pairing import reports_for_check

    shutil.copy(SAMPLES / "安庆市总工会2022.xlsx", tmp_path / "部门.xlsx")
    shutil.copy(SEED_REPORT, tmp_path / "2022年度困难劳模帮扶专项绩效评价报告.txt")
    (tmp_path / "说明.txt").write_text("实际帮扶困难劳模 1 人", encoding="utf-8")  # not a report by its name
    (tmp_path / "坏报告.docx").write_bytes(b"broken")
    got = reports_for_check([str(tmp_path)], [str(tmp_path)])
    assert [f.project for f in got.facts] == ["困难劳模帮扶专项"]
    assert any(line.startswith("已配对：2022年度困难劳模帮扶专项绩效评价报告.txt → 部门.xlsx［困难劳模帮扶专项］") for line in got.lines)
    assert any(line.startswith("无法读取报告：") and "坏报告.docx" in line for line in got.lines)
    assert sum(line.startswith("无报告：") for line in got.lines) == 4
    assert got.report_names == {(str(tmp_path / "部门.xlsx"), "困难劳模帮扶专项"): "2022年度困难劳模帮扶专项绩效评价报告.txt"}


def test_reports_for_check_explicit_unreadable_report_raises(tmp_path):
    from xlkit.errors import ReadError
    from xlkit.pairing import reports_for_check

    bad = tmp_path / "报告.docx"
    bad.write_bytes(b"broken")
    with pytest.raises(ReadError):
        reports_for_check([str(tmp_path)], [str(bad)])
    empty = tmp_path / "空"
    empty.mkdir()
    got = reports_for_check([str(tmp_path)], [str(empty)])
    assert got.facts == [] and got.lines and "没有找到绩效报告" in got.lines[0]


def test_pairing_by_project_named_in_the_opening():
    generic = ReportFacts(source="/r/绩效评价报告.docx", project="绩效评价",
                          paragraphs=[("第1段", "绩效评价报告"), ("第2段", "一、项目基本情况：困难劳模帮扶专项由市总工会实施。")])
    (pair,) = pair_reports(FORMS, [generic]).pairs
    assert (pair.project, pair.how) == ("困难劳模帮扶专项", "报告开头提到项目名称")


def test_counts_of_another_year_give_nothing(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("2021 年帮扶生活困难劳模 95 人。2022 年帮扶生活困难劳模 116 人。", encoding="utf-8")
    facts = read_report(path)
    assert [(c.value, c.year) for c in facts.counts] == [(95, 2021), (116, 2022)]
    assert check_form_against_report(kunnan_form(), facts) == []
    path.write_text("2022 年帮扶生活困难劳模 95 人。", encoding="utf-8")
    (f,) = check_form_against_report(kunnan_form(), read_report(path))
    assert (f.code, f.actual, f.expected) == ("X01", 95, 116)
