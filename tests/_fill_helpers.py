"""Shared helpers for the template/fill tests: build forms, read filled cells back directly
(openpyxl, python-calamine, the raw sheet XML) without the reader package."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from xlkit.model import Bundle, Form, Indicator, V, Value

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SAMPLE_YAML = SAMPLES / "安庆市总工会2022.yaml"
TEMPLATE = ROOT / "form_templates" / "项目支出绩效自评表.xlsx"


def make_form(n: int = 3, *, level1: str = "产出指标", level2: str = "数量指标", name: str = "测试项目",
              budget: float = 80.0, executed: float = 60.0, weight: float = 10.0) -> Form:
    """A form whose n indicators all sit under one 二级指标."""
    f = Form(project=V(name), department=V("安庆市总工会"), implementer=V("办公室"), year=Value(2024, "2024"))
    f.funds.total.initial = Value(100.0)
    f.funds.total.budget = Value(budget)
    f.funds.total.executed = Value(executed)
    f.funds.weight = Value(weight)
    f.goal, f.achieved = V("目标文字"), V("完成文字")
    for i in range(n):
        f.indicators.append(Indicator(level1=V(level1), level2=V(level2), name=V(f"指标{i + 1}"),
                                      target=V(f"{i + 1} 人"), actual=V(f"{i + 1} 人"),
                                      weight=Value(2.0), score=Value(1.5), level1_points=50.0))
    return f


def single(form: Form) -> Bundle:
    return Bundle(forms=[form])


def sheet_xml(path: Path, sheet: str) -> str:
    """The XML of a worksheet by its name."""
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'<sheet[^>]*name="{re.escape(sheet)}"[^>]*r:id="([^"]+)"', wb).group(1)
        target = re.search(rf'<Relationship[^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels)
        if target is None:
            target = re.search(rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
        t = target.group(1)
        return z.read(t.lstrip("/") if t.startswith("/") else "xl/" + t).decode()


def xml_cell(xml: str, ref: str) -> str:
    m = re.search(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml)
    return m.group(0) if m else ""


def calamine_grid(path: Path, sheet: str) -> list[list]:
    from python_calamine import CalamineWorkbook
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def merges(ws) -> set[str]:
    return {str(m) for m in ws.merged_cells.ranges}
