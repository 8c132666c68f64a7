"""The official layout as an Excel template, its markers, and blank forms.

How the template works (EasyExcel-style placeholders)
----------------------------------------------------
The template ``form_templates/项目支出绩效自评表.xlsx`` is an ordinary workbook. The fill
engine (:mod:`xlkit.fill`) scans every cell of the sheet that contains ``{项目名称}`` and
replaces placeholders; it uses no fixed cell addresses, so a province may move blocks,
insert logo rows, change fonts, widths and formulas, save the file in Excel/WPS and pass it
with ``xlkit fill --template THEIRS.xlsx``.

- ``{名称}`` — one value of the project. Names are the headers of the 项目 data table
  (xlkit.columns): ``{项目名称}`` ``{主管部门}`` ``{实施单位}`` ``{年度}`` ``{预期目标}``
  ``{实际完成情况}`` ``{执行率分值}`` and the fund cells ``{年初预算数}`` ``{全年预算数}``
  ``{全年执行数}`` ``{财政拨款年初预算数}`` … ``{其他资金全年执行数}``; also ``{执行率}``
  ``{执行率得分}`` ``{总分分值}`` ``{总分得分}`` ``{评价等级}`` ``{备注}`` if a template wants
  them as plain values. A cell holding only a placeholder gets a typed value (amounts as
  numbers); a placeholder inside text (``（{年度}年度）``) is replaced within the text.
- ``{.名称}`` — the repeated indicator row. All ``{.…}`` placeholders sit in ONE row; names
  are the headers of the 指标 table: ``{.一级指标}`` ``{.二级指标}`` ``{.三级指标}``
  ``{.年度指标值}`` ``{.实际完成值}`` ``{.分值}`` ``{.得分}`` ``{.偏差原因分析及改进措施}``.
  The row is repeated once per 三级指标 (0 rows removes it); the 一级/二级 labels are merged
  down over exactly their rows; every row below moves down together with its merges, row
  heights, data validations, conditional formats, formulas, print area and print titles.
  A range that touches the repeated row (``SUM(H13:H13)``, the ``绩效指标`` label merge,
  a validation on ``G13:H13``) grows to cover all the indicator rows.
- Formulas stay formulas. The engine evaluates them (IF/OR/AND/NOT/SUM/MIN/MAX/ROUND/ABS/N
  and arithmetic) and stores the results as cached values, so readers that do not
  recalculate see numbers. It recognises the 执行率 formula (refers to ``{全年执行数}``), the
  预算执行率得分 formula (refers to the rate cell), the 总分 分值/得分 formulas (refer to the
  ``{.分值}``/``{.得分}`` column): if the data states a different value, the stated value is
  written as a constant, as the clerk typed it.
- Markers: a custom document property ``xlkit_template`` and a workbook-level defined name
  ``xlkit_template`` (value ``项目支出绩效自评表/1``); each filled sheet gets sheet-scoped
  defined names (:data:`ANCHOR_NAMES`) pointing at its blocks, read by :func:`read_anchors`.
"""
from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import IO, Iterable

from .errors import DataError, TemplateError
from .model import Bundle, Form, Indicator, ProjectEntry, Value

TEMPLATE_ID = "项目支出绩效自评表/1"
MARKER_NAME = "xlkit_template"
TEMPLATE_SHEET = "项目支出绩效自评表"
LIST_SHEET = "部门绩效自评项目清单"

ANCHOR_NAMES = ("xlkit_project", "xlkit_department", "xlkit_implementer", "xlkit_year",
                "xlkit_funds", "xlkit_goal", "xlkit_achieved", "xlkit_indicators", "xlkit_total")

# Standard indicator system (SCORING.md §1) with the default 一级 weights.
STANDARD_LEVEL2 = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
DEFAULT_POINTS = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
LEVEL1_CHOICES = (*STANDARD_LEVEL2, *(f"{k}（{v}分）" for k, v in DEFAULT_POINTS.items()))
LEVEL2_CHOICES = (*(n for names in STANDARD_LEVEL2.values() for n in names), "满意度指标")

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "cp": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
       "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


# --- markers and anchors (no openpyxl: the reader calls these on every file) ---------

def read_marker(path: str | os.PathLike | IO[bytes]) -> str | None:
    """The xlkit template id/version of a workbook ("项目支出绩效自评表/1"), or None.

    Looks at the custom document property, then the workbook-level defined name. Works on
    any file: a non-zip or broken file simply has no marker.
    """
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "docProps/custom.xml" in names:
                v = _marker_from_custom(z.read("docProps/custom.xml"))
                if v:
                    return v
            if "xl/workbook.xml" in names:
                for dn, sheet_id in _defined_names(z.read("xl/workbook.xml")):
                    if dn.get("name") == MARKER_NAME and sheet_id is None:
                        return (dn.text or "").strip().strip('"').strip() or None
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def read_anchors(path: str | os.PathLike | IO[bytes]) -> dict[str, dict[str, str]]:
    """Sheet-scoped xlkit anchors: {sheet name: {"xlkit_project": "B3", "xlkit_funds": "C6:H9", ...}}.

    References are returned without sheet name and "$". Sheets without anchors are absent.
    """
    out: dict[str, dict[str, str]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            wb_xml = z.read("xl/workbook.xml")
    except (zipfile.BadZipFile, OSError, KeyError):
        return out
    sheets = _sheet_names(wb_xml)
    for dn, sheet_id in _defined_names(wb_xml):
        name = dn.get("name", "")
        if name not in ANCHOR_NAMES or sheet_id is None or sheet_id >= len(sheets):
            continue
        text = (dn.text or "").strip()
        rng = text.rsplit("!", 1)[-1].replace("$", "")
        out.setdefault(sheets[sheet_id], {})[name] = rng
    return out


def _parse(xml: bytes):
    from defusedxml import ElementTree as ET
    return ET.fromstring(xml)


def _marker_from_custom(xml: bytes) -> str | None:
    root = _parse(xml)
    for prop in root.findall("cp:property", _NS):
        if prop.get("name") == MARKER_NAME:
            for child in prop:
                if child.text:
                    return child.text.strip()
    return None


def _defined_names(wb_xml: bytes):
    root = _parse(wb_xml)
    for dn in root.findall("m:definedNames/m:definedName", _NS):
        sid = dn.get("localSheetId")
        yield dn, (int(sid) if sid is not None and sid.isdigit() else None)


def _sheet_names(wb_xml: bytes) -> list[str]:
    root = _parse(wb_xml)
    return [s.get("name", "") for s in root.findall("m:sheets/m:sheet", _NS)]


def set_marker(wb) -> None:
    """Stamp an openpyxl workbook with the template marker (property + defined name)."""
    from openpyxl.packaging.custom import StringProperty
    from openpyxl.workbook.defined_name import DefinedName

    props = wb.custom_doc_props
    for p in list(props.props):
        if p.name == MARKER_NAME:
            props.props.remove(p)
    props.append(StringProperty(name=MARKER_NAME, value=TEMPLATE_ID))
    wb.defined_names[MARKER_NAME] = DefinedName(MARKER_NAME, attr_text=f'"{TEMPLATE_ID}"')


def set_anchor(ws, name: str, rng: str) -> None:
    """A sheet-scoped defined name (absolute reference) on an openpyxl worksheet."""
    from openpyxl.utils.cell import absolute_coordinate, quote_sheetname
    from openpyxl.workbook.defined_name import DefinedName

    ws.defined_names[name] = DefinedName(name, attr_text=f"{quote_sheetname(ws.title)}!{absolute_coordinate(rng)}")


# --- sheet names -----------------------------------------------------------------------

def sheet_names_for(titles: Iterable[str], reserved: Iterable[str] = ()) -> list[str]:
    """Excel-safe, unique sheet names: ≤ 31 chars, no []:*?/\\, not empty, not "History"."""
    used = {r.lower() for r in reserved}
    out = []
    for i, t in enumerate(titles, 1):
        base = _BAD_SHEET_CHARS.sub("_", str(t or "")).strip().strip("'") or f"项目{i}"
        if base.lower() == "history":
            base = "History_"
        base = base[:31]
        name, n = base, 2
        while name.lower() in used:
            suffix = f"({n})"
            name = base[: 31 - len(suffix)] + suffix
            n += 1
        used.add(name.lower())
        out.append(name)
    return out


# --- blank forms -------------------------------------------------------------------------

def blank_form(year: int | None, project: str | None = None, department: str | None = None) -> Form:
    """A form with only the header filled and the standard 二级 list, one empty row each."""
    form = Form(project=Value(project, project), department=Value(department, department),
                year=Value(year, str(year) if year else None))
    for level1, names in STANDARD_LEVEL2.items():
        for n in names:
            form.indicators.append(Indicator(level1=Value(level1, level1), level2=Value(n, n),
                                             level1_points=float(DEFAULT_POINTS[level1])))
    form.funds.weight = Value(10.0)
    return form


def blank_bundle(year: int | None, department: str | None, entries: list[ProjectEntry]) -> Bundle:
    forms = [blank_form(year, e.name.text, department) for e in entries]
    return Bundle(department=department, year=year, project_list=entries, forms=forms)


def load_project_list(path: str | os.PathLike) -> list[ProjectEntry]:
    """项目清单 from .xlsx (sheet 项目清单, else the first sheet) or .csv: 序号, 项目名称, 备注."""
    from . import data

    p = Path(path)
    if not p.exists():
        raise DataError(f"找不到项目清单文件：{p}")
    if p.suffix.lower() == ".csv":
        rows = data._read_csv(p)
    elif p.suffix.lower() in (".xlsx", ".xlsm"):
        rows = _first_table(p)
    else:
        raise DataError(f"项目清单应为 .xlsx 或 .csv：{p}")
    entries = [data._entry(r, data._Where(f"项目清单 {p.name} ", r.get("__row__"))) for r in rows]
    if not entries:
        raise DataError(f"项目清单 {p.name} 中没有项目（需要表头：序号、项目名称、备注）")
    return entries


def _first_table(p: Path) -> list[dict]:
    from . import data
    wb = data.open_table_workbook(p, "项目清单")
    names = wb.sheet_names
    name = next((n for n in names if n.strip() in (data.TABLE_LIST, LIST_SHEET)), names[0])
    grid = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    # A list sheet may start with a title row (部门绩效自评项目清单): start at the header row.
    for i, row in enumerate(grid):
        if any(data._header(v) == "项目名称" for v in row):
            return data._rows_from_grid(grid[i:])
    raise DataError(f"项目清单 {p.name} 缺少表头「项目名称」")


def write_blank(out: str | os.PathLike, year: int | None, *, template: str | os.PathLike | None = None,
                force: bool = False, department: str | None = None,
                projects: str | os.PathLike | None = None) -> Path:
    """`xlkit template`: a blank form, or (with projects) a department bundle of blank forms."""
    from .fill import fill_bundle

    if projects is not None:
        entries = load_project_list(projects)
        bundle = blank_bundle(year, department, entries)
        inputs = (projects,)
    else:
        bundle = Bundle(department=department, year=year, forms=[blank_form(year, None, department)])
        inputs = ()
    if template is not None and not Path(template).is_file():
        raise TemplateError(f"找不到模板文件：{template}")
    return fill_bundle(bundle, out, template=template, force=force, inputs=inputs)
