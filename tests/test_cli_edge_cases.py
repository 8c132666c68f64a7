"""Hostile-but-realistic command-line use: bad paths, bad outputs, bad option values.

Every refusal is one Chinese line on stderr and exit 2; no traceback, no English-only
message from click; inputs are never modified and nothing is left behind on failure.
"""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from xlkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FORM = SAMPLES / "安庆市总工会2022.xlsx"
YAML = SAMPLES / "安庆市总工会2022.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_refused(r, *needles, one_line=True):
    assert r.exit_code == 2, (r.exit_code, r.output, r.stderr)
    err = r.stderr.strip()
    assert err.startswith("错误："), err
    if one_line:
        assert "\n" not in err, err
    else:  # extract: one line per unreadable input, then the conclusion (documented)
        assert all(line.startswith("错误：") for line in err.splitlines()), err
    assert "Traceback" not in r.output and "Error:" not in err and "Usage" not in err, err
    for n in needles:
        assert n in err, err
    return err


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture()
def form(tmp_path):
    p = tmp_path / "自评 表.xlsx"
    shutil.copy(FORM, p)
    return p


def no_temp_files(d: Path) -> bool:
    return not [p for p in d.iterdir() if p.name.endswith(".tmp")]


# --- click usage errors come out as one Chinese line -----------------------------------

@pytest.mark.parametrize("args, needle", [
    (["check", "x.xlsx", "--jobs", "0"], "超出范围"),
    (["check", "x.xlsx", "--jobs", "abc"], "不是整数"),
    (["check", "--bogus", "x.xlsx"], "没有选项 --bogus"),
    (["check"], "缺少参数"),
    (["check", "x.xlsx", "--format", "xml"], "xml"),
    (["fill", "不存在.yaml", "-o", "o.xlsx"], "不存在"),
    (["fill", str(YAML)], "缺少选项"),
    (["nosuchcommand"], "没有命令"),
    (["template", "--year", "99999", "-o", "t.xlsx"], "超出范围"),
    (["template", "-y", "2024", "-d", "X", "-p", "不存在.csv", "-o", "t.xlsx"], "不存在"),
])
def test_usage_errors_are_one_chinese_line(tmp_path, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    assert_refused(run(*args), needle)
    assert list(tmp_path.iterdir()) == []


# --- outputs ---------------------------------------------------------------------------

def test_output_that_is_a_directory_is_refused_even_with_force(tmp_path, form):
    d = tmp_path / "out"
    d.mkdir()
    before = sha(form)
    assert_refused(run("rescore", form, "-o", d, "--force"), "文件夹")
    assert_refused(run("check", form, "-o", d, "--force"), "文件夹")
    assert sha(form) == before
    assert list(d.iterdir()) == [] and no_temp_files(tmp_path)


def test_output_below_a_file_is_refused(tmp_path, form):
    assert_refused(run("rescore", form, "-o", tmp_path / "自评 表.xlsx" / "x.xlsx"), "无法创建输出文件夹")


def test_unwritable_output_dir_is_one_chinese_line(tmp_path, form, monkeypatch):
    import tempfile

    def denied(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    assert_refused(run("rescore", form, "-o", tmp_path / "ro" / "x.xlsx"), "没有写入权限")


@pytest.mark.parametrize("args", [
    ["disclose", "{form}", "-o", "{tmp}/结果.docx"],
    ["report", "{form}", "--project", "困难劳模帮扶专项", "-o", "{tmp}/报告.txt"],
    ["check", "{form}", "--summary", "{tmp}/汇总.txt"],
    ["check", "{form}", "-o", "{tmp}/结果.xlsx"],
    ["check", "{form}", "--format", "json", "-o", "{tmp}/结果.docx"],
])
def test_wrong_output_suffix_is_refused(tmp_path, form, args):
    args = [a.format(form=form, tmp=tmp_path) for a in args]
    assert_refused(run(*args), "文件名" if "-o" in args and args[0] == "check" else "结尾")
    assert sorted(p.name for p in tmp_path.iterdir()) == [form.name]


def test_check_output_exists_refused_before_the_run(tmp_path, form):
    out = tmp_path / "结果.json"
    out.write_text("keep", encoding="utf-8")
    r = run("check", form, "--format", "json", "-o", out)
    assert_refused(r, "已存在")
    assert r.stdout == ""
    assert out.read_text(encoding="utf-8") == "keep"


# --- inputs ----------------------------------------------------------------------------

@pytest.mark.parametrize("content, needle", [
    (b"", "为空"),
    (b"hello, not a workbook", "不是电子表格"),
    (None, "损坏"),  # a truncated xlsx
])
def test_fill_data_workbook_bad_file(tmp_path, content, needle):
    data = tmp_path / "数据.xlsx"
    data.write_bytes(FORM.read_bytes()[:3000] if content is None else content)
    assert_refused(run("fill", data, "-o", tmp_path / "o.xlsx"), needle)
    assert not (tmp_path / "o.xlsx").exists() and no_temp_files(tmp_path)


@pytest.mark.parametrize("name, text, needle", [
    ("坏.yaml", "x: [1\n", "不是合法的 YAML：第 2 行"),
    ("坏.json", '{"a":', "不是合法的 JSON：第 1 行"),
])
def test_fill_unparsable_data_names_the_line(tmp_path, name, text, needle):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    assert_refused(run("fill", p, "-o", tmp_path / "o.xlsx"), needle)


def test_template_projects_list_not_a_workbook(tmp_path):
    p = tmp_path / "清单.xlsx"
    p.write_bytes(b"hello")
    assert_refused(run("template", "-y", "2024", "-d", "X", "-p", p, "-o", tmp_path / "t.xlsx"), "不是电子表格")


@pytest.mark.parametrize("name, content, needle", [
    ("模板.xlsx", b"hello", "不是有效的 .xlsx"),
    ("模板.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xlsx 或 .xlsm"),
])
def test_fill_bad_template(tmp_path, name, content, needle):
    t = tmp_path / name
    t.write_bytes(content)
    assert_refused(run("fill", YAML, "--template", t, "-o", tmp_path / "o.xlsx"), needle)
    assert not (tmp_path / "o.xlsx").exists()


def test_profile_errors_name_the_key(tmp_path, form):
    p = tmp_path / "规则.yaml"
    p.write_text("grades: [{min: 八十, grade: 优}]\n", encoding="utf-8")
    assert_refused(run("check", form, "--profile", p), "grades[0].min")
    assert_refused(run("check", form, "--profile", tmp_path), "文件夹")


@pytest.mark.parametrize("content, needle", [
    (b"hello", "不是有效的 .docx"),
    (None, "损坏"),  # a truncated .docx
])
def test_check_with_corrupt_docx_report(tmp_path, form, content, needle):
    rep = tmp_path / "绩效评价报告.docx"
    rep.write_bytes((SAMPLES / "2022年度困难劳模帮扶专项绩效评价报告.docx").read_bytes()[:5000]
                    if content is None else content)
    before = sha(rep)
    err = assert_refused(run("check", form, "--report", rep), needle)
    assert "Error" not in err
    assert sha(rep) == before


def test_check_with_gbk_text_report(tmp_path, form):
    txt = (SAMPLES / "2022年度困难劳模帮扶专项绩效评价报告.txt").read_text(encoding="utf-8-sig")
    rep = tmp_path / "报告 GBK.txt"
    rep.write_bytes(txt.encode("gbk", errors="replace"))
    r = run("check", form, "--report", rep, "--select", "X")
    assert r.exit_code == 1, r.stderr
    assert "已配对" in r.stderr and "X04" in r.stdout


def test_annotated_copy_keeps_formula_cached_values(tmp_path, form):
    """openpyxl drops cached values; re-checking the annotated copy must not invent F04/R03."""
    out = tmp_path / "批 注"
    r = run("check", form, "--annotate", out)
    assert r.exit_code == 1, r.stderr
    copy = out / form.name
    again = run("check", copy)
    orig = run("check", form)
    assert again.stdout.splitlines()[1:] == orig.stdout.splitlines()[1:]
    assert " F04 " not in again.stdout and " R03 " not in again.stdout
    assert no_temp_files(out)


def test_form_line_without_total_has_no_dangling_comma():
    from types import SimpleNamespace

    from xlkit.writers.console import _form_line

    s = SimpleNamespace(stated_total=None, recomputed_total=100, grade="优", sheet="表", project="表")
    assert _form_line(s) == "  表  等级 优"


@pytest.mark.parametrize("args", [
    ["check", ""],
    ["extract", "", "-o", "x.xlsx"],
    ["rescore", "", "-o", "x.xlsx"],
    ["check", "{form}", "--report", ""],
    ["check", "{form}", "--profile", ""],
    ["extract", "{form}", "-o", ""],
])
def test_empty_path_does_not_mean_the_current_folder(tmp_path, monkeypatch, form, args):
    """`xlkit check "$DIR"` with an empty variable must not check everything under the cwd."""
    monkeypatch.chdir(tmp_path)
    args = [a.format(form=form) for a in args]
    r = run(*args)
    assert_refused(r, "路径为空", one_line=args[0] != "extract")
    assert r.stdout == ""


def test_rescore_directory_input(tmp_path):
    assert_refused(run("rescore", tmp_path, "-o", tmp_path / "x.xlsx"), "文件夹")


def test_failed_run_leaves_no_new_output_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "空").mkdir()
    assert_refused(run("check", "空", "-o", "新/结果.json"), "没有找到")
    assert_refused(run("check", "空", "--summary", "新2/汇总.xlsx"), "没有找到")
    assert not (tmp_path / "新").exists() and not (tmp_path / "新2").exists()


def test_output_into_new_nested_folder_with_spaces(tmp_path, form):
    out = tmp_path / "新 目录" / "深 层" / "重算.xlsx"
    r = run("rescore", form, "-o", out)
    assert r.exit_code == 0, r.stderr
    assert out.is_file() and no_temp_files(out.parent)


HTML_XLS = b"<html><body><table><tr><td>\xe9\xa1\xb9\xe7\x9b\xae</td></tr></table></body></html>"


def test_rescore_refuses_a_renamed_non_xlsx(tmp_path):
    """A budget-system HTML export (or an .xls) named .xlsx: one Chinese line, not BadZipFile."""
    src = tmp_path / "导出.xlsx"
    src.write_bytes(HTML_XLS)
    assert_refused(run("rescore", src, "-o", tmp_path / "r.xlsx"), "内容实为 html")
    assert not (tmp_path / "r.xlsx").exists()


def test_fill_data_workbook_renamed_non_xlsx(tmp_path):
    src = tmp_path / "数据.xlsx"
    src.write_bytes(HTML_XLS)
    assert_refused(run("fill", src, "-o", tmp_path / "o.xlsx"), "内容实为 html")


@pytest.mark.libreoffice
def test_xls_renamed_xlsx_rescore_and_annotate(tmp_path):
    import subprocess

    from conftest import soffice_path

    subprocess.run([soffice_path(), f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--convert-to", "xls", "--outdir", str(tmp_path), str(FORM)],
                   check=True, capture_output=True, timeout=180)
    xls = tmp_path / (FORM.stem + ".xls")
    fake = tmp_path / "其实是xls.xlsx"
    xls.rename(fake)
    before = sha(fake)
    assert_refused(run("rescore", fake, "-o", tmp_path / "r.xlsx"), "内容实为 xls")
    r = run("check", fake, "--annotate", tmp_path / "批注")
    assert r.exit_code == 1, r.stderr
    assert (tmp_path / "批注" / fake.name).is_file()
    assert sha(fake) == before


def test_top_level_help_has_no_english_option_text():
    r = run("--help")
    assert r.exit_code == 0
    assert "Show the version" not in r.stdout and "显示版本并退出" in r.stdout


def test_single_project_yaml_error_names_file_and_project_with_a_space(tmp_path):
    p = tmp_path / "一个项目.yaml"
    p.write_text("项目名称: 甲\n绩效指标:\n  - [a, b]\n", encoding="utf-8")
    assert_refused(run("fill", p, "-o", tmp_path / "o.xlsx"), "数据文件 一个项目.yaml 项目「甲」的第 1 个绩效指标")
