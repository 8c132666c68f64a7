"""`xlkit check` and `xlkit rules` through the CLI: exit codes, text, JSON (golden)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from xlkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "安庆市总工会2022.xlsx"
GOLDEN = Path(__file__).parent / "golden" / "check_seed.json"
needs_sample = pytest.mark.skipif(not SAMPLE.exists(), reason="samples/安庆市总工会2022.xlsx not built")


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def sample(tmp_path):
    """A copy under a fixed name so the JSON's file paths do not depend on the checkout."""
    p = tmp_path / "安庆市总工会2022.xlsx"
    shutil.copy(SAMPLE, p)
    return p


@needs_sample
def test_text_output_grouped_in_chinese(sample):
    r = run("check", str(sample))
    assert r.exit_code == 1
    out = r.output
    assert "困难劳模帮扶专项" in out
    assert "E S03 困难劳模帮扶专项!H13" in out and "应得 10 分" in out and "填 9 分" in out
    assert "E B04 困难劳模帮扶专项!H6" in out
    assert out.strip().splitlines()[-1].startswith("共 1 个文件、5 张自评表：错误 5，警告 13，提示 1")


@needs_sample
def test_json_golden(sample, monkeypatch):
    monkeypatch.chdir(sample.parent)
    r = run("check", sample.name, "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.output)
    if os.environ.get("XLKIT_REGEN_GOLDEN"):
        GOLDEN.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert data == json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1 and data["counts"]["E"] == 5
    keys = [(f["file"], f["sheet"], f["code"]) for f in data["findings"]]
    assert len(keys) == 19


@needs_sample
def test_json_is_deterministic_and_sorted(sample):
    a = run("check", str(sample), "--format", "json").output
    b = run("check", str(sample), "--format", "json", "--jobs", "2").output
    assert a == b
    from xlkit.model import cell_sort_key
    rows = [(f["file"], f["sheet"], cell_sort_key(f["cell"]), f["code"]) for f in json.loads(a)["findings"]]
    assert rows == sorted(rows)


@needs_sample
def test_select_ignore_and_exit_0(sample):
    r = run("check", str(sample), "--select", "C,D")
    assert r.exit_code == 0  # only warnings
    assert " S0" not in r.output and "C01" in r.output
    r = run("check", str(sample), "--ignore", "E")
    assert r.exit_code == 0 and "错误 0" in r.output


@needs_sample
def test_output_file_and_force(sample, tmp_path):
    out = tmp_path / "r.json"
    assert run("check", str(sample), "--format", "json", "-o", str(out)).exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["counts"]["files"] == 1
    r = run("check", str(sample), "-o", str(out))
    assert r.exit_code == 2 and "--force" in r.output
    assert run("check", str(sample), "-o", str(out), "--force").exit_code == 1


def test_bad_usage_exit_2(tmp_path):
    r = run("check", str(tmp_path / "nope.xlsx"))
    assert r.exit_code == 2 and "Traceback" not in r.output
    bad = tmp_path / "x.xlsx"
    bad.write_text("not excel")
    r = run("check", str(bad))
    assert r.exit_code == 2 and "R01" in r.output
    r = run("check", str(bad), "--select", "ZZ")
    assert r.exit_code == 2 and "未知的规则代码" in r.output


def test_bad_profile_exit_2(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("score_tolerance: [1]\n", encoding="utf-8")
    r = run("check", "whatever.xlsx", "--profile", str(p))
    assert r.exit_code == 2 and "score_tolerance" in r.output


@needs_sample
def test_profile_changes_findings(sample, tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("name: 宽松\nscore_tolerance: 5\n", encoding="utf-8")
    r = run("check", str(sample), "--profile", str(p), "--select", "B04,S03")
    assert r.exit_code == 0 and "评分规则 宽松" in r.output


@needs_sample
def test_report_option(sample):
    report = ROOT / "samples" / "2022年度困难劳模帮扶专项绩效评价报告.txt"
    if not report.exists():
        pytest.skip("no report sample")
    r = run("check", str(sample), "--report", str(report), "--select", "X")
    assert r.exit_code in (0, 1)
    assert "X01" in r.output  # the report's 208 people against the form's 116 + 131


def test_rules_lists_every_code():
    from xlkit.rules import RULES
    r = run("rules")
    assert r.exit_code == 0
    for code, info in RULES.items():
        assert f"{code}  {info.severity}" in r.output
    data = json.loads(run("rules", "--format", "json").output)
    assert {d["code"] for d in data} == set(RULES)


def test_help_has_example():
    for cmd in ("check", "rules", "rescore"):
        r = run(cmd, "--help")
        assert r.exit_code == 0 and "示例" in r.output


@needs_sample
def test_check_starts_fast_without_excel_writers(sample):
    code = ("import sys; from xlkit.cli import main\n"
            "try:\n main(['check', sys.argv[1], '--format', 'json'])\n"
            "except SystemExit: pass\n"
            "print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl','pandas','xlsxwriter','docx')))")
    out = subprocess.run([sys.executable, "-c", code, str(sample)], capture_output=True, text=True)
    assert "LOADED []" in out.stdout


# --- xlkit rescore --------------------------------------------------------------------------

@needs_sample
def test_rescore_changes_scores_and_keeps_input(sample, tmp_path):
    import hashlib
    before = hashlib.sha256(sample.read_bytes()).hexdigest()
    out = tmp_path / "重算.xlsx"
    r = run("rescore", str(sample), "-o", str(out))
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert "困难劳模帮扶专项!H13 9 -> 10" in lines[0]
    assert any(l.startswith("困难劳模帮扶专项!H6 5 -> 10") for l in lines)
    assert any(l.startswith("困难劳模帮扶专项!H22 94 -> 100") for l in lines)
    assert any(l.startswith("市总机关在职职工社保专项!H21 9 -> 10") for l in lines)
    assert lines[-1].startswith("共改动 5 个单元格")
    assert hashlib.sha256(sample.read_bytes()).hexdigest() == before
    from xlkit.engine import check
    rep = check([str(out)])
    codes = {(f.sheet, f.code) for f in rep.findings}
    assert ("困难劳模帮扶专项", "B04") not in codes and ("困难劳模帮扶专项", "S03") not in codes
    assert not [f for f in rep.findings if f.code.startswith("F")]  # cached values refreshed
    totals = {s.project: s.stated_total for s in rep.files[0].forms}
    assert totals["困难劳模帮扶专项"] == 100


@needs_sample
def test_rescore_refuses_existing_output(sample, tmp_path):
    out = tmp_path / "o.xlsx"
    out.write_bytes(b"keep")
    r = run("rescore", str(sample), "-o", str(out))
    assert r.exit_code == 2 and "--force" in r.output and out.read_bytes() == b"keep"
    assert run("rescore", str(sample), "-o", str(out), "--force").exit_code == 0


def test_rescore_needs_xlsx(tmp_path):
    src = tmp_path / "a.xls"
    src.write_bytes(b"x")
    r = run("rescore", str(src), "-o", str(tmp_path / "b.xlsx"))
    assert r.exit_code == 2 and ".xlsx" in r.output and "Traceback" not in r.output


@needs_sample
def test_jobs_2_equals_jobs_1_with_reports_and_summary(sample, tmp_path):
    """Issue 5: parallel checking of a folder (forms, a report, a broken file) changes nothing."""
    folder = sample.parent
    shutil.copy(ROOT / "samples" / "2022年度困难劳模帮扶专项绩效评价报告.docx", folder)
    (folder / "坏文件.xlsx").write_bytes(b"PK\x03\x04 broken")
    out_dir = tmp_path.parent / (tmp_path.name + "-out")  # outside the checked folder
    out_dir.mkdir()
    outs = {}
    for jobs in ("1", "2"):
        res = CliRunner().invoke(main, ["check", str(folder), "--report", str(folder), "--format", "json",
                                        "--jobs", jobs, "--summary", str(out_dir / f"汇总{jobs}.xlsx")])
        assert res.exit_code == 1, res.output
        outs[jobs] = json.loads(res.stdout)
    assert outs["1"] == outs["2"]
    assert {f["code"] for f in outs["1"]["findings"]} >= {"X01", "X04", "R01", "B04"}
    import openpyxl
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(out_dir / "汇总1.xlsx").worksheets[0].iter_rows()]
    rows2 = [[c.value for c in r] for r in openpyxl.load_workbook(out_dir / "汇总2.xlsx").worksheets[0].iter_rows()]
    assert rows == rows2


@needs_sample
def test_report_pairing_does_not_read_the_workbooks_twice(sample, monkeypatch):
    """Pairing reports with forms reads each workbook once; the check reuses what it read."""
    import xlkit.read as read_mod
    calls = []
    real = read_mod.read_workbook

    def counting(path, *a, **kw):
        calls.append(str(path))
        return real(path, *a, **kw)

    monkeypatch.setattr(read_mod, "read_workbook", counting)
    report = ROOT / "samples" / "2022年度困难劳模帮扶专项绩效评价报告.docx"
    res = CliRunner().invoke(main, ["check", str(sample), "--report", str(report), "--format", "json"])
    assert res.exit_code == 1 and {f["code"] for f in json.loads(res.stdout)["findings"]} >= {"X01", "X04"}
    assert calls == [str(sample)]
