"""F rules and the formula evaluator behind them."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from _forms import clean_project, make_bundle
from xlkit.engine import check, check_bundle
from xlkit.formula_cells import SheetFormulas, load_formula_cells, translate
from xlkit.formulas import Unsupported, XlError, evaluate, same_value, sum_arguments
from xlkit.scoring import default_profile

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "安庆市总工会2022.xlsx"
SHEET = "示例清洁项目"
needs_sample = pytest.mark.skipif(not SAMPLE.exists(), reason="samples/安庆市总工会2022.xlsx not built")

CELLS = {"A1": 1.0, "A2": 2.0, "A3": "text", "B1": 0.0, "B2": None, "C1": XlError("#REF!")}


@pytest.mark.parametrize("formula,value", [
    ("=SUM(A1:A3)", 3.0), ("=A1+A2*2", 5.0), ("=-A2^2", 4.0), ("=(A1+A2)/A2", 1.5),
    ("=IF(A1>0,\"是\",\"否\")", "是"), ("=IF(OR(B2=\"\",B1=0),\"\",A1/B1)", ""),
    ("=IFERROR(A1/B1,0)", 0.0), ("=ROUND(2.5,0)", 3.0), ("=ROUND(-2.345,2)", -2.35),
    ("=MIN(A1:A2,5)", 1.0), ("=MAX(A1:B2)", 2.0), ("=AND(A1,A2>1)", True), ("=50%", 0.5),
    ("=A1&A2", "12"), ("=A1<>A2", True), ("=SUM(A1:A2,B1)", 3.0), ("=ABS(-A2)", 2.0),
    ("=SUM(A3,A1)", 1.0),  # text in a referenced cell is skipped
    ("=A1+B2", 1.0),  # a blank cell is 0
])
def test_evaluate(formula, value):
    assert evaluate(formula, CELLS.get) == value


@pytest.mark.parametrize("formula,error", [("=A1/B1", "#DIV/0!"), ("=C1+1", "#REF!"), ("=SUM(C1,A1)", "#REF!"),
                                           ("=A3*2", "#VALUE!"), ("=SUM(\"x\",A1)", "#VALUE!")])
def test_evaluate_errors(formula, error):
    assert evaluate(formula, CELLS.get) == error


@pytest.mark.parametrize("formula", ["=VLOOKUP(A1,A1:A2,1)", "=Other!A1", "=A1 +"])
def test_unsupported(formula):
    with pytest.raises(Unsupported):
        evaluate(formula, CELLS.get, "Sheet1")


def test_sum_arguments_and_translate():
    assert [r.cells() for r in sum_arguments("SUM(H13:H14,H6)")] == [["H13", "H14"], ["H6"]]
    assert sum_arguments("IF(A1,SUM(A1:A2),0)") is None
    assert translate("SUM(H13:H$20)+$H6", 2, 1) == "SUM(I15:I$20)+$H8"
    assert same_value(96.5, 96.50000000001) and not same_value(94.0, 100.0)


def run(project=None, formulas=None, template=None, codes=("F01", "F02", "F03", "F04")):
    b = make_bundle({"项目": [project or clean_project()]})
    b.forms[0].template = template
    fs, _ = check_bundle(b, "t.xlsx", default_profile(), codes,
                         formulas={SHEET: formulas} if formulas is not None else None)
    return [(f.code, f.sheet, f.cell) for f in fs]


def _template_formulas(**override):
    """Formula cells as xlkit's template writes them for the clean project (rows 13–20, 总分 21)."""
    sf = SheetFormulas()
    sf.formulas = {"G6": "IF(OR(D6=\"\",D6=0),\"\",E6/D6)", "G21": "SUM(G13:G20,F6)", "H21": "SUM(H13:H20,H6)"}
    p = clean_project()
    sf.cached = {"D6": 100.0, "E6": 95.0, "F6": 10.0, "H6": 9.5, "G6": 0.95, "G21": 100.0, "H21": 96.5}
    for i, ind in enumerate(p["绩效指标"]):
        sf.cached[f"G{13 + i}"] = float(ind["分值"])
        sf.cached[f"H{13 + i}"] = float(ind["得分"])
    sf.formulas.update(override.pop("formulas", {}))
    sf.cached.update(override.pop("cached", {}))
    sf.errors.update(override.pop("errors", {}))
    return sf


def test_F_clean_template_form_has_none():
    assert run(formulas=_template_formulas(), template="项目支出绩效自评表/1") == []


def test_F01_error_value_in_model():
    p = clean_project(执行率="#DIV/0!")
    assert ("F01", SHEET, "G6") in run(p, codes=("F01",))


def test_F01_error_cached_in_formula_cell():
    sf = _template_formulas(errors={"G6": "#DIV/0!"}, cached={"G6": XlError("#DIV/0!")})
    assert run(formulas=sf, codes=("F01",)) == [("F01", SHEET, "G6")]


def test_F01_near_miss_dash_is_not_an_error():
    assert run(clean_project(执行率="—"), codes=("F01",)) == []


def test_F02_constant_in_template_formula_cell():
    sf = _template_formulas()
    del sf.formulas["H21"]
    assert run(formulas=sf, template="项目支出绩效自评表/1", codes=("F02",)) == [("F02", SHEET, "H21")]


def test_F02_near_miss_not_from_template():
    sf = _template_formulas()
    del sf.formulas["H21"]
    assert run(formulas=sf, template=None, codes=("F02",)) == []


def test_F03_sum_stops_short():
    sf = _template_formulas(formulas={"H21": "SUM(H13:H19,H6)"}, cached={"H21": 81.5})
    found = run(formulas=sf, codes=("F03",))
    assert found == [("F03", SHEET, "H21")]


def test_F03_counts_twice():
    sf = _template_formulas(formulas={"G21": "SUM(G13:G20)+G20+F6"})
    assert run(formulas=sf, codes=("F03",)) == [("F03", SHEET, "G21")]


def test_F03_near_miss_plus_terms_cover_all():
    sf = _template_formulas(formulas={"H21": "SUM(H13:H16)+SUM(H17:H20)+H6"})
    assert run(formulas=sf, codes=("F03",)) == []


def test_F04_stale_cached_value():
    sf = _template_formulas(cached={"H21": 90.0})
    assert run(formulas=sf, codes=("F04",)) == [("F04", SHEET, "H21")]


def test_F04_near_miss_unsupported_function_is_silent():
    sf = _template_formulas(formulas={"H21": "SUMPRODUCT(H13:H20,1)"}, cached={"H21": 1.0})
    assert run(formulas=sf, codes=("F04",)) == []


# --- on a real workbook: tamper with the sample's XML -------------------------------------

def _tamper(src: Path, dst: Path, sheet_xml: str, old: str, new: str) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == sheet_xml:
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new).encode("utf-8")
            zout.writestr(info, data)


@needs_sample
def test_sample_formulas_are_clean():
    assert [f for f in check([str(SAMPLE)], select="F").findings] == []
    sheets = load_formula_cells(str(SAMPLE), ["困难劳模帮扶专项"])
    assert sheets["困难劳模帮扶专项"].formulas["H22"] == "SUM(H13:H21,H6)"


@needs_sample
def test_sample_stale_total_F04(tmp_path):
    dst = tmp_path / "stale.xlsx"
    _tamper(SAMPLE, dst, "xl/worksheets/sheet3.xml", "<f>SUM(H13:H21,H6)</f><v>94</v>",
            "<f>SUM(H13:H21,H6)</f><v>90</v>")
    found = [(f.code, f.sheet, f.cell) for f in check([str(dst)], select="F").findings]
    assert found == [("F04", "困难劳模帮扶专项", "H22")]


@needs_sample
def test_sample_formula_replaced_by_constant_F02(tmp_path):
    dst = tmp_path / "typed.xlsx"
    _tamper(SAMPLE, dst, "xl/worksheets/sheet3.xml", "<f>SUM(H13:H21,H6)</f><v>94</v>", "<v>94</v>")
    found = [(f.code, f.sheet, f.cell) for f in check([str(dst)], select="F").findings]
    assert found == [("F02", "困难劳模帮扶专项", "H22")]


@needs_sample
def test_sample_short_sum_F03(tmp_path):
    dst = tmp_path / "short.xlsx"
    _tamper(SAMPLE, dst, "xl/worksheets/sheet3.xml", "<f>SUM(H13:H21,H6)</f><v>94</v>",
            "<f>SUM(H13:H20,H6)</f><v>84</v>")
    found = [(f.code, f.sheet, f.cell) for f in check([str(dst)], select="F").findings]
    assert found == [("F03", "困难劳模帮扶专项", "H22")]
