"""Fill data: YAML/JSON files and the two data tables (项目 + 指标) <-> the form model.

Accepted inputs of :func:`load_data` (keys and headers are those of :mod:`xlkit.columns`):

- YAML/JSON, one form: a mapping with 项目名称 and 绩效指标 (a list of indicator mappings
  with 一级指标, 一级指标分值, 二级指标, 三级指标, 年度指标值, 实际完成值, 分值, 得分,
  偏差原因分析及改进措施) plus the 项目 table's keys (年度, 主管部门, 年初预算数, ...).
- YAML/JSON, a department bundle: a mapping with 主管部门, 年度, 项目清单 (a list of
  {序号, 项目名称, 备注}) and 项目 (a list of project mappings as above); a project inherits
  the bundle's 主管部门 and 年度 when it does not state its own.
- An Excel workbook with sheets 项目 and 指标 (and optionally 项目清单), first row headers.
- Two CSV files 项目.csv + 指标.csv (any common prefix, e.g. 安庆-项目.csv / 安庆-指标.csv),
  or a directory holding them; UTF-8 (with or without BOM) or GBK.

Unknown columns (e.g. 来源文件/工作表/单元格 written by ``xlkit extract``) are ignored.
Invalid data raises :class:`xlkit.errors.DataError` with one Chinese line naming the table
row (or YAML position), the project and the field.

:func:`bundle_to_tables` and :func:`write_tables` go the other way (used by ``xlkit extract``
and to make the samples); :func:`load_data` reads back what they write.
"""
from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from . import columns as C
from .errors import DataError
from .model import (LEVEL1_NAMES, Bundle, Form, Indicator, ProjectEntry,
                    Value)
from .quantities import fmt_num, is_empty_mark, normalize_text, parse_number

TABLE_LIST = C.SHEET_LIST
TABLE_PROJECTS = C.SHEET_PROJECTS
TABLE_INDICATORS = C.SHEET_INDICATORS

LIST_HEADERS = (C.P_SEQ, C.P_NAME, C.P_NOTE)


@dataclass(frozen=True)
class _Where:
    """Where a row came from, for error messages."""

    table: str  # "项目表" / "指标表" / "数据文件 x.yaml"
    row: int | None  # 1-based sheet row (header = row 1) or list position
    project: str | None = None
    unit: str = "行"  # "项" for positions in a YAML/JSON list

    def __str__(self) -> str:
        pos = f"{self.table}第 {self.row} {self.unit}" if self.row is not None else self.table
        return f"{pos}（项目「{self.project}」）" if self.project else pos


# --- public API ---------------------------------------------------------------

def load_data(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> Bundle:
    """Read fill data from one or more files (see the module docstring) into a Bundle.

    Several YAML/JSON/Excel files are merged into one bundle (forms in the given order).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [Path(p) for p in paths]
    if not paths:
        raise DataError("没有给出数据文件")
    bundles: list[Bundle] = []
    csv_files = [p for p in paths if p.suffix.lower() == ".csv"]
    for p in paths:
        if not p.exists():
            raise DataError(f"找不到数据文件：{p}")
        if p.is_dir():
            bundles.append(_load_csv_pair(*_csv_pair_in_dir(p)))
        elif p.suffix.lower() in (".yaml", ".yml", ".json"):
            bundles.append(_bundle_from_mapping(_read_mapping(p), str(p)))
        elif p.suffix.lower() in (".xlsx", ".xlsm"):
            bundles.append(_bundle_from_tables(_read_xlsx_tables(p), str(p)))
        elif p.suffix.lower() == ".csv":
            continue
        else:
            raise DataError(f"不支持的数据文件类型：{p}（可用 .yaml .yml .json .xlsx .csv）")
    if csv_files:
        bundles.append(_load_csv_pair(*_csv_pair_from_files(csv_files)))
    return _merge_bundles(bundles)


def bundle_to_tables(bundle: Bundle, *, with_source: bool = False) -> dict[str, list[dict[str, Any]]]:
    """The bundle as the three data tables: {"项目清单": [...], "项目": [...], "指标": [...]}.

    Rows are dicts keyed by the headers of xlkit.columns (LIST_HEADERS, PROJECT_HEADERS,
    INDICATOR_HEADERS); numeric fields hold numbers (None when empty), text fields strings.
    with_source=True adds 来源文件/工作表/单元格 columns (ignored again by load_data).
    """
    plist = bundle.project_list or [ProjectEntry(seq=Value(i + 1), name=Value(f.name, f.name))
                                    for i, f in enumerate(bundle.forms)]
    list_rows = [{C.P_SEQ: _num_out(e.seq) if e.seq.number is not None else _text_out(e.seq),
                  C.P_NAME: _text_out(e.name), C.P_NOTE: _text_out(e.note)} for e in plist]
    notes = {_text_out(e.name): _text_out(e.note) for e in plist}
    projects, indicators = [], []
    for i, form in enumerate(bundle.forms, 1):
        row = _project_row(form, i, notes.get(form.name))
        if with_source:
            row.update({C.X_FILE: form.source or "", C.X_SHEET: form.sheet or "", C.X_CELL: form.project.cell or ""})
        projects.append(row)
        for ind in form.indicators:
            irow = _indicator_row(form.name, ind)
            if with_source:
                irow.update({C.X_FILE: form.source or "", C.X_SHEET: form.sheet or "",
                             C.X_CELL: ind.name.cell or (f"A{ind.row}" if ind.row else "")})
            indicators.append(irow)
    return {TABLE_LIST: list_rows, TABLE_PROJECTS: projects, TABLE_INDICATORS: indicators}


def write_tables(tables: Mapping[str, list[dict[str, Any]]], path: str | os.PathLike,
                 force: bool = False, inputs: tuple = ()) -> list[Path]:
    """Write tables from :func:`bundle_to_tables` and return the files written.

    - ``*.xlsx``: one workbook with sheets 项目清单, 项目, 指标 (text cells always stored as
      text, so a target "=2 场" stays a string).
    - ``*.csv``: three UTF-8 (BOM) files beside it named ``<stem>-项目清单.csv``,
      ``<stem>-项目.csv``, ``<stem>-指标.csv``; a path without suffix (or an existing
      directory) gets ``项目清单.csv``, ``项目.csv``, ``指标.csv`` inside it.
    Existing files are refused unless force (OutputExistsError, exit 2).
    """
    from .outputs import atomic_path, check_output

    if not str(path).strip():  # Path("") is ".": do not scatter CSV files into the current folder
        raise DataError("输出路径为空（是否漏写了文件名，或变量为空？）")
    p = Path(path)
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        with atomic_path(p, force=force, inputs=inputs) as tmp:
            _write_xlsx_tables(tables, tmp)
            _default_mode(tmp)
        return [p]
    if p.suffix.lower() == ".csv" or p.suffix == "" or p.is_dir():
        targets = _csv_targets(p)
        for t in targets.values():  # refuse before writing anything
            check_output(t, force=force, inputs=inputs)
        for name, t in targets.items():
            with atomic_path(t, force=force, inputs=inputs) as tmp:
                _write_csv(tables.get(name, []), _headers_for(name, tables.get(name, [])), tmp)
                _default_mode(tmp)
        return list(targets.values())
    raise DataError(f"不支持的输出类型：{p}（可用 .xlsx 或 .csv）")


def canonical_level1(label: str) -> tuple[str | None, float | None]:
    """"产出指标 (50分)" -> ("产出指标", 50.0); "效益" -> ("效益指标", None); unknown -> (None, None).

    The same label reading as for submitted workbooks (read.labels.level1_parts), so data
    accepts every way a form writes the label ("一、产出指标", "产出指标50分")."""
    from .read.labels import level1_parts
    name, pts = level1_parts(str(label))
    if name and not name.endswith("指标"):
        name += "指标"
    return (name if name in LEVEL1_NAMES else None), pts


def level1_label(name: str, points: float | None) -> str:
    """("产出指标", 50) -> "产出指标（50分）", the way the official form prints it."""
    if points is None:
        return name
    return f"{name}（{fmt_num(points, 6)}分）"


# --- reading files -------------------------------------------------------------

def _read_mapping(p: Path) -> Any:
    text = _read_text(p)
    try:
        if p.suffix.lower() == ".json":
            return json.loads(text)
        import yaml
        return yaml.safe_load(text)
    except Exception as e:  # yaml.YAMLError / json.JSONDecodeError: both carry a position
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = mark.line + 1 if mark is not None else getattr(e, "lineno", None)
        col = mark.column + 1 if mark is not None else getattr(e, "colno", None)
        kind = "JSON" if p.suffix.lower() == ".json" else "YAML"
        where = f"第 {line} 行第 {col} 列附近" if line else "某处"
        raise DataError(f"数据文件 {p.name} 不是合法的 {kind}：{where}格式有误"
                        f"（{str(e).splitlines()[0]}）") from e


def _read_text(p: Path) -> str:
    raw = p.read_bytes()
    for enc in ("utf-8-sig", "gbk"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise DataError(f"数据文件 {p.name} 的编码无法识别（请用 UTF-8 或 GBK）")


def open_table_workbook(p: Path, what: str):
    """A workbook of tables (data, a project list) opened with python-calamine, after the
    reader's safety checks; `what` names it in messages ("数据工作簿", "项目清单")."""
    import io

    from python_calamine import CalamineWorkbook

    from .read.open import load_bytes
    opened = load_bytes(p)  # empty, not a spreadsheet, truncated, a bomb: one Chinese line (ReadError)
    kind = opened.kind
    if kind != "xlsx" and p.suffix.lower() in (".xlsx", ".xlsm"):
        raise DataError(f"{what} {p.name} 的内容实为 {kind} 格式（扩展名是 {p.suffix}）：请在 Excel/WPS 中另存为 .xlsx")
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(opened.data))  # the bytes already read and checked
    except Exception as e:
        raise DataError(f"无法打开{what} {p.name}：{e}") from e


def _read_xlsx_tables(p: Path) -> dict[str, list[dict[str, Any]]]:
    wb = open_table_workbook(p, "数据工作簿")
    names = {normalize_text(n).strip(): n for n in wb.sheet_names}
    tables = {}
    for t in (TABLE_PROJECTS, TABLE_INDICATORS, TABLE_LIST):
        if t in names:
            tables[t] = _rows_from_grid(wb.get_sheet_by_name(names[t]).to_python(skip_empty_area=False))
    if TABLE_PROJECTS not in tables:
        raise DataError(f"数据工作簿 {p.name} 缺少工作表「{TABLE_PROJECTS}」（还需要「{TABLE_INDICATORS}」）")
    tables.setdefault(TABLE_INDICATORS, [])
    return tables


def _rows_from_grid(grid: list[list[Any]]) -> list[dict[str, Any]]:
    """First row = headers; returns dicts with the sheet row number under key '__row__'."""
    if not grid:
        return []
    headers = [_header(h) for h in grid[0]]
    rows = []
    for i, values in enumerate(grid[1:], start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        row = {h: v for h, v in zip(headers, values) if h}
        row["__row__"] = i
        rows.append(row)
    return rows


def _header(h: Any) -> str:
    return normalize_text(str(h)).strip().replace(" ", "") if h is not None else ""


def _csv_pair_in_dir(d: Path) -> tuple[Path, Path | None, Path | None]:
    files = sorted(d.glob("*.csv"))
    return _csv_pair_from_files(files, where=str(d))


def _csv_pair_from_files(files: list[Path], where: str = "") -> tuple[Path, Path | None, Path | None]:
    """Find <prefix>项目.csv, <prefix>指标.csv and optional <prefix>项目清单.csv, given any of them."""
    def stem_kind(f: Path) -> tuple[str, str] | None:
        for kind in (TABLE_LIST, TABLE_PROJECTS, TABLE_INDICATORS):  # 项目清单 before 项目
            if f.stem.endswith(kind):
                return f.stem[: -len(kind)], kind
        return None

    found: dict[str, Path] = {}
    for f in files:
        sk = stem_kind(f)
        if sk is None:
            raise DataError(f"CSV 文件名应以「项目」「指标」或「项目清单」结尾：{f.name}")
        prefix, kind = sk
        found[kind] = f
        for sib_kind in (TABLE_PROJECTS, TABLE_INDICATORS, TABLE_LIST):
            sib = f.with_name(prefix + sib_kind + ".csv")
            if sib.exists():
                found.setdefault(sib_kind, sib)
    if TABLE_PROJECTS not in found:
        raise DataError(f"缺少 项目.csv{'（' + where + '）' if where else ''}：CSV 数据需要 项目.csv 和 指标.csv 两张表")
    return found[TABLE_PROJECTS], found.get(TABLE_INDICATORS), found.get(TABLE_LIST)


def _load_csv_pair(projects: Path, indicators: Path | None, plist: Path | None) -> Bundle:
    tables = {TABLE_PROJECTS: _read_csv(projects),
              TABLE_INDICATORS: _read_csv(indicators) if indicators else []}
    if plist:
        tables[TABLE_LIST] = _read_csv(plist)
    return _bundle_from_tables(tables, str(projects))


def _read_csv(p: Path) -> list[dict[str, Any]]:
    text = _read_text(p)
    grid = [list(r) for r in csv.reader(text.splitlines())]
    return _rows_from_grid([[c if c != "" else None for c in r] for r in grid])


# --- tables / mappings -> model --------------------------------------------------

def _bundle_from_tables(tables: dict[str, list[dict[str, Any]]], source: str) -> Bundle:
    forms: dict[str, Form] = {}
    order: list[Form] = []
    for row in tables.get(TABLE_PROJECTS, []):
        where = _Where("项目表", row.get("__row__"))
        form = _form_from_project(row, where, None, None)
        if form.name in forms:
            raise DataError(f"{where}：项目名称「{form.name}」重复")
        forms[form.name] = form
        order.append(form)
    for row in tables.get(TABLE_INDICATORS, []):
        name = _opt_text(row.get(C.I_PROJECT))
        where = _Where("指标表", row.get("__row__"), name)
        if not name:
            raise DataError(f"{where}：缺少项目名称")
        if name not in forms:
            raise DataError(f"{where}：项目「{name}」不在项目表中")
        forms[name].indicators.append(_indicator(row, where))
    plist = [_entry(r, _Where("项目清单表", r.get("__row__"))) for r in tables.get(TABLE_LIST, [])]
    return _finish_bundle(order, plist, None, None, source)


def _bundle_from_mapping(data: Any, source: str) -> Bundle:
    fname = Path(source).name
    if not isinstance(data, dict):
        raise DataError(f"数据文件 {fname} 的顶层应为键值映射（含 项目名称 或 项目 列表）")
    if C.Y_PROJECTS in data:  # a department bundle
        dept = _opt_text(data.get(C.P_DEPT))
        year = _year(data.get(C.P_YEAR), _Where(f"数据文件 {fname}", None))
        projects = data.get(C.Y_PROJECTS) or []
        if not isinstance(projects, list):
            raise DataError(f"数据文件 {fname}：「{C.Y_PROJECTS}」应为项目列表")
        forms = [_form_from_mapping(p, _Where(f"数据文件 {fname} 的「项目」列表", i, unit="项"), dept, year)
                 for i, p in enumerate(projects, 1)]
        raw_list = data.get(C.Y_PROJECT_LIST) or []
        plist = [_entry(r, _Where(f"数据文件 {fname} 的「项目清单」", i, unit="项")) for i, r in enumerate(raw_list, 1)]
        return _finish_bundle(forms, plist, dept, year, source)
    form = _form_from_mapping(data, _Where(f"数据文件 {fname}", None), None, None)
    return _finish_bundle([form], [], None, None, source)


def _form_from_mapping(m: Any, where: _Where, dept: str | None, year: int | None) -> Form:
    if not isinstance(m, dict):
        raise DataError(f"{where}：项目应为键值映射")
    form = _form_from_project(m, where, dept, year)
    inds = m.get(C.Y_INDICATORS) or []
    if not isinstance(inds, list):
        raise DataError(f"{_Where(where.table, where.row, form.name, where.unit)}：「{C.Y_INDICATORS}」应为指标列表")
    for i, ind in enumerate(inds, 1):
        iw = _Where(f"{where.table.split('的')[0].rstrip()} 项目「{form.name}」的第 {i} 个绩效指标", None)
        if not isinstance(ind, dict):
            raise DataError(f"{iw}：应为键值映射")
        form.indicators.append(_indicator(ind, iw))
    return form


def _form_from_project(row: Mapping[str, Any], where: _Where, dept: str | None, year: int | None) -> Form:
    name = _opt_text(row.get(C.P_NAME))
    if not name:
        raise DataError(f"{where}：缺少项目名称")
    where = _Where(where.table, where.row, name, where.unit)
    form = Form(project=Value(name, name))
    d = _opt_text(row.get(C.P_DEPT)) or dept
    form.department = Value(d, d)
    impl = _opt_text(row.get(C.P_IMPL))
    form.implementer = Value(impl, impl)
    y = _year(row.get(C.P_YEAR), where) if row.get(C.P_YEAR) not in (None, "") else year
    form.year = Value(y, str(y) if y is not None else None)
    for fr in form.funds.rows:
        for col in C.FUND_COLS:
            h = C.fund_header(fr.key, col)
            v = _number(row.get(h), where, h)
            setattr(fr, {"年初预算数": "initial", "全年预算数": "budget", "全年执行数": "executed"}[col], v)
    form.funds.weight = _number(row.get(C.P_BUDGET_WEIGHT), where, C.P_BUDGET_WEIGHT)
    form.funds.rate = _number(row.get(C.P_RATE), where, C.P_RATE)
    form.funds.score = _number(row.get(C.P_BUDGET_SCORE), where, C.P_BUDGET_SCORE)
    form.goal = _text(row.get(C.P_GOAL))
    form.achieved = _text(row.get(C.P_ACHIEVED))
    form.total_weight = _number(row.get(C.P_TOTAL_WEIGHT), where, C.P_TOTAL_WEIGHT)
    form.total_score = _number(row.get(C.P_TOTAL_SCORE), where, C.P_TOTAL_SCORE)
    form.grade = _text(row.get(C.P_GRADE))
    note = _opt_text(row.get(C.P_NOTE))
    if note:
        form.notes[C.P_NOTE] = note
    seq = row.get(C.P_SEQ)
    if seq not in (None, ""):
        n = parse_number(seq)
        form.notes[C.P_SEQ] = _num_out(Value(n.value)) if n.ok and n.value is not None else seq
    return form


def _indicator(row: Mapping[str, Any], where: _Where) -> Indicator:
    raw1 = _opt_text(row.get(C.I_LEVEL1))
    if not raw1:
        raise DataError(f"{where}：缺少一级指标")
    name1, pts = canonical_level1(raw1)
    if name1 is None:
        raise DataError(f"{where}：一级指标「{raw1}」不是 产出指标、效益指标 或 满意度指标")
    pts_v = _number(row.get(C.I_LEVEL1_POINTS), where, C.I_LEVEL1_POINTS).number
    level2 = _opt_text(row.get(C.I_LEVEL2))
    if not level2:
        raise DataError(f"{where}：缺少二级指标")
    return Indicator(
        level1=Value(name1, raw1), level1_points=pts_v if pts_v is not None else pts,
        level2=Value(level2, level2), name=_text(row.get(C.I_NAME)),
        target=_text(row.get(C.I_TARGET)), actual=_text(row.get(C.I_ACTUAL)),
        weight=_number(row.get(C.I_WEIGHT), where, C.I_WEIGHT),
        score=_number(row.get(C.I_SCORE), where, C.I_SCORE),
        reason=_text(row.get(C.I_REASON)))


def _entry(r: Any, where: _Where) -> ProjectEntry:
    if not isinstance(r, dict):
        raise DataError(f"{where}：应为 {{序号, 项目名称, 备注}}")
    name = _opt_text(r.get(C.P_NAME))
    if not name:
        raise DataError(f"{where}：缺少项目名称")
    seq = r.get(C.P_SEQ)
    n = parse_number(seq)
    return ProjectEntry(seq=Value(n.value if n.ok and n.value is not None else _opt_text(seq),
                                  _opt_text(seq)),
                        name=Value(name, name), note=_text(r.get(C.P_NOTE)))


def _finish_bundle(forms: list[Form], plist: list[ProjectEntry], dept: str | None,
                   year: int | None, source: str) -> Bundle:
    for f in forms:
        f.source = source
    if not plist and len(forms) > 1:
        plist = [ProjectEntry(seq=Value(f.notes.get(C.P_SEQ, i)), name=Value(f.name, f.name),
                              note=Value(f.notes.get(C.P_NOTE), f.notes.get(C.P_NOTE)))
                 for i, f in enumerate(forms, 1)]
    dept = dept or next((f.department.text for f in forms if f.department.text), None)
    year = year or next((f.year.value for f in forms if f.year.value), None)
    return Bundle(department=dept, year=year, project_list=plist, forms=forms, source=source)


def _merge_bundles(bundles: list[Bundle]) -> Bundle:
    if len(bundles) == 1:
        return bundles[0]
    out = Bundle(department=bundles[0].department, year=bundles[0].year, source=bundles[0].source)
    seen: set[str] = set()
    for b in bundles:
        for f in b.forms:
            if f.name in seen:
                raise DataError(f"项目「{f.name}」在多个数据文件中出现（{f.source}）")
            seen.add(f.name)
            out.forms.append(f)
        out.project_list.extend(b.project_list)
    return out


# --- field parsing -----------------------------------------------------------------

def _opt_text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v).strip()
    return s or None


def _text(v: Any) -> Value:
    """A text field: always kept as the string given (numbers become their text)."""
    s = _opt_text(v)
    return Value(s, s)


# Points and scores are never negative (the template's validation says the same to typists).
_NON_NEGATIVE = frozenset({C.P_BUDGET_WEIGHT, C.P_BUDGET_SCORE, C.P_TOTAL_WEIGHT, C.P_TOTAL_SCORE,
                           C.I_LEVEL1_POINTS, C.I_WEIGHT, C.I_SCORE})


def _number(v: Any, where: _Where, field: str) -> Value:
    if v is None or (isinstance(v, str) and not v.strip()):
        return Value()
    n = parse_number(v)
    if not n.ok:
        raise DataError(f"{where}：{field}「{v}」不是数字")
    if field in _NON_NEGATIVE and n.value is not None and n.value < 0:
        raise DataError(f"{where}：{field}「{v}」不能为负数")
    raw = v if isinstance(v, str) else None
    return Value(n.value, raw, text_number=n.text_number, unit=n.unit)


def _year(v: Any, where: _Where) -> int | None:
    if v is None or v == "":
        return None
    year = _year_in(str(v))
    if year is None:
        raise DataError(f"{where}：年度「{v}」不是年份")
    return year


# --- model -> tables -------------------------------------------------------------------

def _project_row(form: Form, seq: int, note: str | None) -> dict[str, Any]:
    row: dict[str, Any] = {h: None for h in C.PROJECT_HEADERS}
    row[C.P_SEQ] = form.notes.get(C.P_SEQ, seq)
    row[C.P_NAME] = form.name
    row[C.P_YEAR] = form.year.value if isinstance(form.year.value, int) else _year_in(form.year.text)
    row[C.P_DEPT] = _text_out(form.department)
    row[C.P_IMPL] = _text_out(form.implementer)
    for fr in form.funds.rows:
        for col in C.FUND_COLS:
            row[C.fund_header(fr.key, col)] = _num_out(fr.column(col))
    row[C.P_BUDGET_WEIGHT] = _num_out(form.funds.weight)
    row[C.P_RATE] = _num_out(form.funds.rate)
    row[C.P_BUDGET_SCORE] = _num_out(form.funds.score)
    row[C.P_GOAL] = _text_out(form.goal)
    row[C.P_ACHIEVED] = _text_out(form.achieved)
    row[C.P_TOTAL_WEIGHT] = _num_out(form.total_weight)
    row[C.P_TOTAL_SCORE] = _num_out(form.total_score)
    row[C.P_GRADE] = _text_out(form.grade)
    row[C.P_NOTE] = note or form.notes.get(C.P_NOTE)
    return row


def _year_in(text: str) -> int | None:
    """2022 from "2022", "2022年", "（２０２２年度）"."""
    m = re.search(r"(19|20)\d\d", normalize_text(text))
    return int(m.group(0)) if m else None


def _indicator_row(project: str, ind: Indicator) -> dict[str, Any]:
    name1 = ind.level1.value if ind.level1.value in LEVEL1_NAMES else (ind.level1.text or None)
    return {
        C.I_PROJECT: project, C.I_LEVEL1: name1, C.I_LEVEL1_POINTS: _num_out(Value(ind.level1_points)),
        C.I_LEVEL2: _text_out(ind.level2), C.I_NAME: _text_out(ind.name),
        C.I_TARGET: _text_out(ind.target), C.I_ACTUAL: _text_out(ind.actual),
        C.I_WEIGHT: _num_out(ind.weight), C.I_SCORE: _num_out(ind.score), C.I_REASON: _text_out(ind.reason),
    }


def _text_out(v: Value) -> str | None:
    t = v.text if v is not None else ""
    return t if t.strip() else None


def _num_out(v: Value) -> float | int | str | None:
    """Numbers as numbers (18 not 18.0); a non-numeric text (seen by a reader) kept as text."""
    n = v.number
    if n is None:
        return None if v.empty or is_empty_mark(v.raw) else v.text
    return int(n) if float(n).is_integer() else n


# --- writing tables ------------------------------------------------------------------

def _headers_for(name: str, rows: list[dict[str, Any]]) -> list[str]:
    base = {TABLE_LIST: LIST_HEADERS, TABLE_PROJECTS: C.PROJECT_HEADERS,
            TABLE_INDICATORS: C.INDICATOR_HEADERS}.get(name, ())
    headers = list(base)
    for r in rows:  # extra columns (来源文件, ...) after the standard ones, in first-seen order
        for k in r:
            if k not in headers and not k.startswith("__"):
                headers.append(k)
    return headers


def _write_xlsx_tables(tables: Mapping[str, list[dict[str, Any]]], path: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    head = wb.add_format({"bold": True, "font_name": "宋体", "bg_color": "#DDEBF7", "border": 1})
    body = wb.add_format({"font_name": "宋体"})
    for name in (TABLE_LIST, TABLE_PROJECTS, TABLE_INDICATORS):
        rows = tables.get(name, [])
        headers = _headers_for(name, rows)
        ws = wb.add_worksheet(name)
        for c, h in enumerate(headers):
            ws.write_string(0, c, h, head)
            ws.set_column(c, c, max(8, min(40, 2.2 * len(h) + 2)))
        for r, row in enumerate(rows, 1):
            for c, h in enumerate(headers):
                v = row.get(h)
                if v is None:
                    continue
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    ws.write_number(r, c, v, body)
                else:
                    ws.write_string(r, c, str(v), body)  # never a formula: "=2 场" stays text
        ws.freeze_panes(1, 0)
    wb.close()


def _csv_targets(p: Path) -> dict[str, Path]:
    names = (TABLE_LIST, TABLE_PROJECTS, TABLE_INDICATORS)
    if p.suffix.lower() == ".csv":
        return {n: p.with_name(f"{p.stem}-{n}.csv") for n in names}
    return {n: p / f"{n}.csv" for n in names}


def _default_mode(path: Path) -> None:
    # mkstemp creates 0600 files; outputs are ordinary documents, readable like any other.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def _write_csv(rows: list[dict[str, Any]], headers: list[str], path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(headers)
        for row in rows:
            w.writerow(["" if row.get(h) is None else row.get(h) for h in headers])


__all__ = ["load_data", "bundle_to_tables", "write_tables", "canonical_level1", "level1_label",
           "LIST_HEADERS"]
