"""A real spreadsheet program (LibreOffice headless) opens xlkit's workbooks: it recalculates
every formula to the values xlkit cached, and prints each form one page wide on A4."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from _fill_helpers import SAMPLES, TEMPLATE, calamine_grid, make_form, merges, single
from xlkit.fill import fill_bundle

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 不在 PATH 上"),
]

# Force "always recalculate on load": LibreOffice's default keeps an xlsx file's cached values,
# which would make the comparison below vacuous.
RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice(profile: Path, fmt: str, outdir: Path, *files: Path) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)],
                   check=True, timeout=240, capture_output=True)


def poison_cached_values(src: Path, dst: Path) -> None:
    """A copy whose every cached formula value is 999: only a recalculation can fix it."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'(<c r="[A-Z]+\d+"[^>]*?)(?: t="[a-z]+")?(>(?:<f>[^<]*</f>))<v>[^<]*</v>',
                              rb"\1\2<v>999</v>", data)
            zout.writestr(info, data)


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    d = tmp_path_factory.mktemp("lo")
    profile = d / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_XCU, encoding="utf-8")
    bundle = d / "bundle.xlsx"
    shutil.copy(SAMPLES / "安庆市总工会2022.xlsx", bundle)
    big = d / "big.xlsx"
    fill_bundle(single(make_form(25)), big)
    poisoned = d / "poisoned.xlsx"
    poison_cached_values(bundle, poisoned)
    template = d / "template.xlsx"  # re-saved by a real spreadsheet program below
    shutil.copy(TEMPLATE, template)
    (d / "xlsx").mkdir()
    soffice(profile, "xlsx", d / "xlsx", bundle, big, poisoned, template)
    (d / "pdf").mkdir()
    soffice(profile, "pdf", d / "pdf", bundle, big)
    return d


def formula_cells(path: Path) -> dict[str, list[tuple[int, int]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [(c.row, c.column) for row in ws.iter_rows() for c in row if c.data_type == "f"]
            for ws in wb.worksheets}


def assert_same_values(ours: Path, theirs: Path) -> int:
    checked = 0
    for sheet, cells in formula_cells(ours).items():
        a, b = calamine_grid(ours, sheet), calamine_grid(theirs, sheet)
        for r, c in cells:
            x, y = a[r - 1][c - 1], b[r - 1][c - 1]
            if isinstance(x, float):
                assert y == pytest.approx(x, abs=1e-9), (sheet, r, c)
            else:
                assert (x or "") == (y or ""), (sheet, r, c)
            checked += 1
    return checked


@pytest.mark.parametrize("name", ["bundle", "big"])
def test_recalculated_values_equal_cached_values(converted, name):
    assert assert_same_values(converted / f"{name}.xlsx", converted / "xlsx" / f"{name}.xlsx") >= 3


def test_libreoffice_really_recalculates(converted):
    # The poisoned copy had 999 in every formula cell; after LibreOffice it matches xlkit's values.
    bad = calamine_grid(converted / "poisoned.xlsx", "困难劳模帮扶专项")
    assert bad[5][6] == 999
    assert assert_same_values(converted / "bundle.xlsx", converted / "xlsx" / "poisoned.xlsx") >= 10
    fixed = calamine_grid(converted / "xlsx" / "poisoned.xlsx", "困难劳模帮扶专项")
    assert fixed[5][6] == pytest.approx(1.0)


def pdf_pages(path: Path) -> list[tuple[float, float]]:
    data = path.read_bytes()
    pages = re.findall(rb"/Type\s*/Page(?!s)", data)
    boxes = [tuple(float(x) for x in m.split()[2:4])
             for m in re.findall(rb"/MediaBox\s*\[\s*([\d.\s]+)\]", data)]
    assert pages and boxes
    return [boxes[0]] * len(pages) if len(set(boxes)) == 1 else boxes[-len(pages):]


def test_pdf_is_a4_portrait_one_page_wide(converted):
    sheets = len(openpyxl.load_workbook(converted / "bundle.xlsx").sheetnames)
    pages = pdf_pages(converted / "pdf" / "bundle.pdf")
    # one page per sheet: no form was split across a second page horizontally (nor vertically)
    assert len(pages) == sheets
    for w, h in pages:
        assert w == pytest.approx(595.3, abs=1) and h == pytest.approx(841.9, abs=1)


def test_pdf_of_a_grown_form(converted):
    pages = pdf_pages(converted / "pdf" / "big.pdf")
    assert 1 <= len(pages) <= 2  # 25 indicator rows: at most one page tall more, never wider
    assert all(w < h for w, h in pages)


def test_template_saved_by_libreoffice_still_fills(converted, tmp_path):
    resaved = converted / "xlsx" / "template.xlsx"
    out = tmp_path / "o.xlsx"
    fill_bundle(single(make_form(3)), out, template=resaved)
    ws = openpyxl.load_workbook(out)["测试项目"]
    assert ws["B3"].value == "测试项目" and ws["D15"].value == "指标3" and ws["A16"].value == "总分"
    assert {"A12:A15", "B13:B15", "C13:C15", "A16:F16"} <= merges(ws)
    assert ws["H16"].value.replace("$", "") == "=SUM(H13:H15,H6)"
    grid = calamine_grid(out, "测试项目")
    assert grid[5][6] == pytest.approx(0.75) and grid[15][7] == pytest.approx(4.5 + 7.5)
    assert any("B13:B15" in str(dv.sqref) for dv in ws.data_validations.dataValidation)
