"""Formats: .xls and .ods made by LibreOffice, .xlsm, content sniffed regardless of the
extension, and a form followed by 200,000 rows of other data."""
from __future__ import annotations

import shutil
import time

import pytest

import layouts as L
from test_read_layouts import assert_form_matches
from xlkit.read import read_workbook


@pytest.fixture(scope="module")
def bundle_xlsx(tmp_path_factory):
    return L.build_bundle(tmp_path_factory.mktemp("fmt") / "部门.xlsx")


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_libreoffice_formats(bundle_xlsx, tmp_path, fmt):
    converted = L.convert(bundle_xlsx, fmt, tmp_path)
    assert converted.suffix == "." + fmt
    b = read_workbook(converted)
    assert [e.name.value for e in b.project_list] == [e["项目名称"] for e in L.SEED_LIST]
    assert len(b.forms) == 5
    for form, proj in zip(b.forms, L.SEED_PROJECTS):
        assert_form_matches(form, proj)
    assert b.forms[0].funds.total.initial.raw == "140.4 万元"


@pytest.mark.parametrize("name", ["表.xlsm", "WPS另存.xls", "无扩展名", "表.ods"])
def test_format_sniffed_from_content(bundle_xlsx, tmp_path, name):
    # WPS and mail clients rename files freely: the bytes decide, not the extension
    p = tmp_path / name
    shutil.copyfile(bundle_xlsx, p)
    b = read_workbook(p)
    assert len(b.forms) == 5 and b.source == str(p)


@pytest.mark.libreoffice
def test_xls_renamed_xlsx(bundle_xlsx, tmp_path):
    xls = L.convert(bundle_xlsx, "xls", tmp_path)
    renamed = tmp_path / "其实是xls.xlsx"
    shutil.copyfile(xls, renamed)
    assert len(read_workbook(renamed).forms) == 5


def test_form_followed_by_200000_rows(tmp_path):
    path = L.build_huge(tmp_path / "大表.xlsx", rows=200_000)
    t = time.perf_counter()
    b = read_workbook(path)
    elapsed = time.perf_counter() - t
    assert len(b.forms) == 1
    assert_form_matches(b.forms[0], L.SEED_PROJECTS[3])
    # generous bound for loaded CI machines; benchmarks/bench_read.py measures properly
    assert elapsed < 30


def test_wps_style_dimension_a1(tmp_path):
    """WPS writes <dimension ref="A1"/> whatever the sheet holds (openpyxl's read-only mode
    then sees a single cell); the reader must not trust it."""
    import re
    import zipfile

    src = L.build_layout(tmp_path / "src.xlsx", 5)
    out = tmp_path / "wps.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
                assert n == 1
            zout.writestr(item, data)
    form = read_workbook(out).forms[0]
    assert_form_matches(form, L.SEED_PROJECTS[4])


def test_reader_never_imports_openpyxl(tmp_path):
    """Reading values goes through python-calamine only (openpyxl is ~50x slower and its
    read-only mode sees only A1 in WPS files)."""
    import subprocess
    import sys

    path = L.build_bundle(tmp_path / "b.xlsx")
    code = ("import sys; from xlkit.read import read_workbook; b = read_workbook(sys.argv[1]); "
            "assert len(b.forms) == 5; assert 'openpyxl' not in sys.modules, 'openpyxl imported'")
    r = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


@pytest.mark.libreoffice
def test_xlsx_resaved_by_another_program(bundle_xlsx, tmp_path):
    """The same bundle written by LibreOffice instead of openpyxl (other XML, shared strings,
    styles): read the same."""
    out = L.convert(bundle_xlsx, "xlsx", tmp_path / "lo")
    b = read_workbook(out)
    assert len(b.forms) == 5 and len(b.project_list) == 5
    for form, proj in zip(b.forms, L.SEED_PROJECTS):
        assert_form_matches(form, proj)


@pytest.mark.parametrize("layout", [1, 5])
def test_html_table_export_named_xls(tmp_path, layout):
    """Budget systems export HTML tables (GB2312, rowspan/colspan) under an .xls name."""
    src = L.build_layout(tmp_path / "src.xlsx", layout)
    path = L.to_html(src, tmp_path / "系统导出.xls")
    b = read_workbook(path)
    assert len(b.forms) == 1
    form = b.forms[0]
    assert form.notes["file_format"] == "html"
    assert_form_matches(form, L.SEED_PROJECTS[layout - 1])
    assert form.funds.total.budget.cell == ("E6" if layout == 1 else "D6")


def test_excel2003_xml_export(bundle_xlsx, tmp_path):
    path = L.to_xml2003(bundle_xlsx, tmp_path / "导出.xls")
    b = read_workbook(path)
    assert len(b.project_list) == 5 and len(b.forms) == 5
    for form, proj in zip(b.forms, L.SEED_PROJECTS):
        assert form.notes["file_format"] == "xml2003"
        assert_form_matches(form, proj)


@pytest.mark.libreoffice
def test_html_saved_by_libreoffice(tmp_path):
    src = L.build_layout(tmp_path / "src.xlsx", 1)
    html = L.convert(src, "html", tmp_path / "out")
    form = read_workbook(html).forms[0]
    assert_form_matches(form, L.SEED_PROJECTS[0])
