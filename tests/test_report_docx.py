"""`xlkit report`: draft 绩效自评报告 from a form; round trip through the X rules (issue 5 §4)."""
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from xlkit.cli import main
from xlkit.read.documents import read_report
from xlkit.rules.crossdoc import check_form_against_report
from xlkit.writers.report_docx import draft_paragraphs, write_report_docx

from _docs_helpers import kunnan_form, songwennuan_form

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "安庆市总工会2022.xlsx"


@pytest.mark.parametrize("make", [kunnan_form, songwennuan_form], ids=["困难劳模", "送温暖"])
def test_draft_round_trip_has_no_x_finding(tmp_path, make):
    form = make()
    out = tmp_path / "自评报告.docx"
    write_report_docx(form, out)
    facts = read_report(out)
    # the draft states what the X rules compare, so the empty result below means agreement
    assert [f.value for f in facts.total] == [form.total_score.number]
    assert {f.key for f in facts.scores} >= {"产出指标", "效益指标", "满意度指标", "预算执行率", "合计"}
    assert facts.rates and facts.amounts
    assert check_form_against_report(form, facts) == []


def test_draft_structure_and_placeholders(tmp_path):
    out = tmp_path / "r.docx"
    write_report_docx(kunnan_form(), out)
    d = docx.Document(str(out))
    text = "\n".join(p.text for p in d.paragraphs)
    for heading in ("一、项目基本情况", "（二）项目绩效目标", "二、绩效评价工作开展情况", "三、综合评价情况及评价结论",
                    "四、绩效评价指标分析", "五、存在的问题及原因分析", "六、意见和建议"):
        assert heading in text
    assert "最终评价得分为：94分，评价等级“优”" in text
    assert "1. 数量指标（总分 20 分，评价得分 19 分）" in text
    assert "扣 1 分" in text  # the deduction of 生活困难劳模帮扶 and a request for its reason
    assert "【请填写：" in text
    highlighted = [r for p in d.paragraphs for r in p.runs if r.text.startswith("【请填写") and r.font.highlight_color]
    assert highlighted
    table, appendix = d.tables
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows == [["项目", "产出指标", "效益指标", "满意度指标", "预算执行率", "得分合计"],
                    ["标准分值", "50", "30", "10", "10", "100"], ["评价得分", "49", "30", "10", "5", "94"]]
    appendix_rows = [[c.text for c in r.cells] for r in appendix.rows]
    assert len(appendix_rows) == 1 + 9 + 1  # header, the 9 indicators, 预算执行率
    assert appendix_rows[1][:7] == ["产出指标", "数量指标", "生活困难劳模帮扶 100 人以上", "100 人", "116 人", "10", "9"]
    assert appendix_rows[-1][0] == "预算执行率" and appendix_rows[-1][-2] == "5"


def test_deduction_reason_from_form():
    pieces = draft_paragraphs(songwennuan_form())
    texts = [c for s, c in pieces if s == "p"]
    assert any("扣 2 分，原因：受困难职工人数动态变化影响" in t for t in texts)


@pytest.mark.skipif(not SAMPLE.exists(), reason="samples/安庆市总工会2022.xlsx not built")
def test_cli_report_for_every_sample_form_round_trips(tmp_path):
    from xlkit.read import read_workbook

    runner = CliRunner()
    res = runner.invoke(main, ["report", str(SAMPLE), "-o", str(tmp_path / "drafts")])
    assert res.exit_code == 0, res.output
    bundle = read_workbook(SAMPLE)
    drafts = sorted((tmp_path / "drafts").glob("*.docx"))
    assert len(drafts) == len(bundle.forms) == 5
    for form in bundle.forms:
        facts = read_report(tmp_path / "drafts" / f"{form.name}绩效自评报告.docx")
        assert facts.project == form.name
        assert check_form_against_report(form, facts) == []
    # and through `xlkit check --report`
    one = tmp_path / "drafts" / "困难劳模帮扶专项绩效自评报告.docx"
    res = runner.invoke(main, ["check", str(SAMPLE), "--report", str(one), "--select", "X", "--format", "json"])
    assert res.exit_code == 0, res.output
    import json
    assert json.loads(res.stdout)["findings"] == []  # stderr carries the pairing lines
    assert "已配对：困难劳模帮扶专项绩效自评报告.docx" in res.stderr


@pytest.mark.skipif(not SAMPLE.exists(), reason="samples/安庆市总工会2022.xlsx not built")
def test_cli_report_needs_project_for_a_bundle(tmp_path):
    runner = CliRunner()
    res = runner.invoke(main, ["report", str(SAMPLE), "-o", str(tmp_path / "x.docx")])
    assert res.exit_code == 2 and "--project" in res.output
    res = runner.invoke(main, ["report", str(SAMPLE), "--project", "困难劳模帮扶专项", "-o", str(tmp_path / "x.docx")])
    assert res.exit_code == 0 and (tmp_path / "x.docx").exists()
    res = runner.invoke(main, ["report", str(SAMPLE), "--project", "困难劳模帮扶专项", "-o", str(tmp_path / "x.docx")])
    assert res.exit_code == 2 and "已存在" in res.output


def test_round_trip_with_one_indicator_per_level1(tmp_path):
    # the appendix then has one row per 一级指标 and reads like a score table: it must still agree
    from _docs_helpers import make_form
    form = make_form("职工书屋建设", "某市总工会", "宣教部", (20, 20, 18, 10, 0.9, 9), [
        ("产出指标 (50分)", "数量指标", "新建职工书屋 10 家", "10 家", "9 家", 50, 45, "一家企业搬迁"),
        ("效益指标 (30分)", "社会效益指标", "职工阅读条件改善", "有改善", "有改善", 30, 30),
        ("满意度指标 (10分)", "服务对象满意度指标", "职工满意度", "≥90%", "95%", 10, 10),
    ], total=(100, 94))
    out = tmp_path / "r.docx"
    write_report_docx(form, out)
    facts = read_report(out)
    assert all(c.target for c in facts.counts if c.value == 10)  # “新建职工书屋 10 家” is a name
    assert check_form_against_report(form, facts) == []
    assert {f.key: f.value for f in facts.scores}["产出指标"] == 45
