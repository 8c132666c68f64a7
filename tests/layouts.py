"""Builders of test workbooks: the five layouts of seed 002 (安庆市总工会 2022), as real .xlsx files.

Other test modules (reader, rules, fill, reports) reuse these; the API below is stable.

Data
----
``SEED_PROJECTS``: the five projects of seed 002 as mappings keyed by the headers of
:mod:`xlkit.columns` (项目名称, 主管部门, 实施单位, 年初预算数 / 财政拨款全年预算数 …, 执行率分值,
执行率, 执行率得分, 预期目标, 实际完成情况, 总分分值, 总分得分, 绩效指标: [{一级指标, 一级指标分值,
二级指标, 三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施}]), with the seed's raw
texts ("140.4 万元", "502-安庆市总工会", "指标:…", "100.00%"). Text cells hold str, numeric
cells int/float, missing cells None. ``project(n)`` returns a deep copy of project n (1..5);
``SEED_LIST`` is the 项目清单 (序号, 项目名称, 备注); ``SEED_DEPARTMENT``/``SEED_YEAR``.

Layouts (``layout=1..5``) reproduce the seed's forms one by one:
  1  送温暖帮扶专项: 10 columns, 三级指标 spans two columns, "(2022 年度)", "全年预算数 (A)",
     amounts "140.4 万元", fund-row dashes "-", rate 1
  2  困难劳模帮扶专项: title "项目支出绩效自评" (no 表), "（2022年度）", "全年执行数(B)",
     "其中:本年财政拨款"; unmerged: its 成本指标 row is shifted one column left
  3  市总机关在职职工社保专项: 三级指标 prefixed "指标:", targets "≥55万元"
  4  送温暖帮扶及安康杯…: budget-system export: 主管部门 "502-安庆市总工会", amounts as numbers,
     rate "100.00%", dashes "—", "年度总体目标" / "绩效指标", no merged cells
  5  工会专项工作经费: like 4 with "年初 预算数" / "全年预 算数" / "分 值", three rows per 二级指标,
     "<p>" in the goal texts; unmerged: 成本指标 and most 效益指标 rows shifted one column left,
     a blank row inside the table and the 一级 label's "(30分)" on a later line (as in the seed)

Builders (all return the written path; ``origin`` is the form's top-left cell):
  write_form(ws, project, layout, origin="A1", merged=None, quirks=None) -> int (next free row, 1-based)
  build_layout(path, layout, *, project=None, origin="A1", merged=None, quirks=None, sheet="自评表")
  build_stacked(path, layouts=(1, 4), *, projects=None, origin="A1", gap=3, sheet="自评表")
  build_bundle(path, layouts=(1, 2, 3, 4, 5), *, project_list=True, one_sheet=False, merged=None)
  convert(path, fmt, outdir) -> Path   (LibreOffice: "xls" / "ods"; skip unless HAVE_SOFFICE)
``merged`` defaults to True for layouts 1–3 and False for 4–5 (as in the seed); ``quirks``
(the shifted rows of layouts 2 and 5) default to ``not merged``.

More builders:
  write_list(ws, entries=None, department=..., origin="A1")   the 部门绩效自评项目清单 block
  replace_texts(path, {old: new}, out=None, prefix_names=None) respell labels of a built workbook
  build_huge(path, rows=200_000, layout=4)   a form followed by `rows` rows of other data
  to_html(path, out) / to_xml2003(path, out)  "export to Excel" files of budget systems (.xls names)
  make_bad_files(outdir) -> {case: path}     one file per R01 case (see its docstring), and the
      single builders make_encrypted_xlsx, make_encrypted_ods, make_entity_bomb, make_zip_bomb,
      make_far_cell, make_cfb
Helpers for expectations: expected_text(v), strip_indicator_prefix(name).
"""
from __future__ import annotations

import copy
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import openpyxl
from openpyxl.utils.cell import coordinate_from_string, column_index_from_string, get_column_letter

SEED_DEPARTMENT = "安庆市总工会"
SEED_YEAR = 2022
HAVE_SOFFICE = shutil.which("soffice") is not None


SEED_YAML = Path(__file__).resolve().parent.parent / "samples" / "安庆市总工会2022.yaml"
_REASON = "偏差原因分析及改进措施"


def _cell_value(v):
    """How the seed's workbooks hold an actual value: a bare number ("1350") as a number cell."""
    if isinstance(v, str):
        try:
            f = float(v)
        except ValueError:
            return v
        return int(f) if f.is_integer() else f
    return v


def _seed_from_yaml() -> tuple[tuple[dict, ...], list[dict]]:
    """The seed 002 bundle as the workbooks hold it, from the one transcription in samples/."""
    import yaml

    from xlkit.columns import FUND_HEADERS
    data = yaml.safe_load(SEED_YAML.read_text(encoding="utf-8"))
    projects = []
    for p in data["项目"]:
        p = {**dict.fromkeys(FUND_HEADERS), **{k: v for k, v in p.items() if k != "年度"}}
        p["绩效指标"] = [{**i, "实际完成值": _cell_value(i["实际完成值"]), _REASON: i[_REASON] or None}
                        for i in p["绩效指标"]]
        projects.append(p)
    # form 5 came from a budget system's HTML export: its goal texts keep the <p> tags
    for key in ("预期目标", "实际完成情况"):
        projects[4][key] = f"<p>{projects[4][key]}</p>"
    entries = [{**e, "备注": e["备注"] or None} for e in data["项目清单"]]
    return tuple(projects), entries


SEED_PROJECTS, SEED_LIST = _seed_from_yaml()


def project(n: int) -> dict:
    """A deep copy of seed project n (1..5)."""
    return copy.deepcopy(SEED_PROJECTS[n - 1])


# --- layout geometry: column offsets from the form's origin ---------------------------

_GEOMETRY = {
    # width, name value col, dept value col, 实施单位 label col, its value col, fund-row label col,
    # first fund column, 实际完成情况 col, 三级指标 width, first column after 三级指标
    1: dict(width=10, name_val=2, dept_val=2, impl_label=5, impl_val=6, fund_label=2, fund0=3, achieved=5, name_span=2),
    2: dict(width=9, name_val=2, dept_val=2, impl_label=5, impl_val=6, fund_label=2, fund0=3, achieved=5, name_span=1),
    3: dict(width=9, name_val=2, dept_val=2, impl_label=5, impl_val=6, fund_label=2, fund0=3, achieved=5, name_span=1),
    4: dict(width=9, name_val=1, dept_val=1, impl_label=4, impl_val=5, fund_label=1, fund0=2, achieved=4, name_span=1),
    5: dict(width=9, name_val=2, dept_val=2, impl_label=4, impl_val=5, fund_label=1, fund0=2, achieved=4, name_span=1),
}
_LABELS = {
    1: dict(title="项目支出绩效自评表", year="(2022 年度)",
            fund_head=("年初预算数", "全年预算数 (A)", "全年执行数 (B)", "分值", "执行率 (B/A)", "得分"),
            fund_rows=("年度资金总额:", "其中: 本年财政拨款", "上年结转资金", "其他资金"),
            goal="年度总体目标完成情况", ind="年度绩效指标完成情况", dash="-", score_dash="-"),
    2: dict(title="项目支出绩效自评", year="（2022年度）",
            fund_head=("年初预算数", "全年预算数 (A)", "全年执行数(B)", "分值", "执行率 (B/A)", "得分"),
            fund_rows=("年度资金总额:", "其中:本年财政拨款", "上年结转资金", "其他资金"),
            goal="年度总体目标完成情况", ind="年度绩效指标完成情况", dash="-", score_dash="-"),
    3: dict(title="项目支出绩效自评表", year="（2022年度）",
            fund_head=("年初预算数", "全年预算数 (A)", "全年执行数 (B)", "分值", "执行率 (B/A)", "得分"),
            fund_rows=("年度资金总额:", "其中:本年财政拨款", "上年结转资金", "其他资金"),
            goal="年度总体目标完成情况", ind="年度绩效指标完成情况", dash="-", score_dash="-"),
    4: dict(title="项目支出绩效自评表", year="(2022 年度)",
            fund_head=("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
            fund_rows=("年度资金总额:", "其中: 本年财政拨款", "上年结转资金", "其他资金"),
            goal="年度总体目标", ind="绩效指标", dash="—", score_dash=None),
    5: dict(title="项目支出绩效自评表", year="(2022 年度)",
            fund_head=("年初 预算数", "全年预 算数", "全年执行数", "分 值", "执行率", "得分"),
            fund_rows=("年度资金总额:", "其中:本年财政拨款", "上年结转资金", "其他资金"),
            goal="年度总体目标", ind="绩效指标", dash="—", score_dash=None),
}
_FUND_PREFIXES = ("", "财政拨款", "上年结转", "其他资金")
_IND_HEAD = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")


def _origin(origin: str) -> tuple[int, int]:
    letters, row = coordinate_from_string(origin)
    return row, column_index_from_string(letters)


def _level1_label(l1: str, pts) -> str:
    return f"{l1} ({pts:g}分)" if pts is not None else l1


def write_form(ws, project: dict, layout: int = 1, *, origin: str = "A1", merged: bool | None = None,
               quirks: bool | None = None, styled: bool = False) -> int:
    """Write one form of `layout` into worksheet `ws` at `origin`; return the next free row (1-based).

    styled=True dresses the form like a real one (宋体, thin borders on every cell, wrapped
    and centred text, widths and heights, print setup): the reader ignores styles, but
    openpyxl's load time depends on them, so the benchmark uses styled forms.
    """
    g = _GEOMETRY[layout]
    lab = _LABELS[layout]
    if merged is None:
        merged = layout <= 3
    if quirks is None:
        quirks = not merged
    r0, c0 = _origin(origin)
    W = g["width"]
    last = c0 + W - 1

    def put(r, c, v, number_format=None):
        if v is None:
            return
        cell = ws.cell(row=r, column=c0 + c, value=v)
        if isinstance(v, str) and v.startswith("="):
            cell.data_type = "s"  # "=2 场" is a typed target, not a formula
        if number_format:
            cell.number_format = number_format

    def merge(r1, c1, r2, c2):
        if merged and (r1, c1) != (r2, c2):
            ws.merge_cells(start_row=r1, start_column=c0 + c1, end_row=r2, end_column=c0 + c2)

    r = r0
    put(r, 0, lab["title"]); merge(r, 0, r, W - 1); r += 1
    put(r, 0, lab["year"]); merge(r, 0, r, W - 1); r += 1
    # 项目名称 / 主管部门 / 实施单位
    put(r, 0, "项目名称"); merge(r, 0, r, g["name_val"] - 1)
    put(r, g["name_val"], project["项目名称"]); merge(r, g["name_val"], r, W - 1); r += 1
    put(r, 0, "主管部门"); merge(r, 0, r, g["dept_val"] - 1)
    put(r, g["dept_val"], project["主管部门"]); merge(r, g["dept_val"], r, g["impl_label"] - 1)
    put(r, g["impl_label"], "实施单位")
    put(r, g["impl_val"], project["实施单位"]); merge(r, g["impl_val"], r, W - 1); r += 1
    # 项目资金
    f0 = g["fund0"]
    put(r, 0, "项目资金 (万元)"); merge(r, 0, r + 4, g["fund_label"] - 1)
    for i, h in enumerate(lab["fund_head"]):
        put(r, f0 + i, h)
    r += 1
    for k, (label, prefix) in enumerate(zip(lab["fund_rows"], _FUND_PREFIXES)):
        put(r, g["fund_label"], label)
        for i, col in enumerate(("年初预算数", "全年预算数", "全年执行数")):
            put(r, f0 + i, project.get(prefix + col))
        if k == 0:
            put(r, f0 + 3, project.get("执行率分值"))
            rate = project.get("执行率")
            put(r, f0 + 4, rate, "0.00%" if isinstance(rate, (int, float)) and layout >= 4 else None)
            put(r, f0 + 5, project.get("执行率得分"))
        else:
            put(r, f0 + 3, lab["dash"])
            put(r, f0 + 5, lab["score_dash"])
        r += 1
    # 年度总体目标
    a = g["achieved"]
    put(r, 0, lab["goal"]); merge(r, 0, r + 1, 0)
    put(r, 1, "预期目标"); merge(r, 1, r, a - 1)
    put(r, a, "实际完成情况"); merge(r, a, r, W - 1); r += 1
    put(r, 1, project.get("预期目标")); merge(r, 1, r, a - 1)
    put(r, a, project.get("实际完成情况")); merge(r, a, r, W - 1); r += 1
    # 绩效指标
    span = g["name_span"]
    cols = [1, 2, 3] + [3 + span + i for i in range(5)]  # l1 l2 name target actual weight score reason
    ind_top = r
    for c, h in zip(cols, _IND_HEAD):
        put(r, c, h)
    if span > 1:
        merge(r, 3, r, 3 + span - 1)
    r += 1
    rows = project.get("绩效指标") or []
    prev_l1 = prev_l2 = None
    l1_start = l2_start = r
    shifted_l1 = None  # layout 5 quirk: where "(30分)" goes
    for i, ind in enumerate(rows):
        l1, l2 = ind["一级指标"], ind["二级指标"]
        new_l1 = l1 != prev_l1
        new_l2 = new_l1 or l2 != prev_l2
        if new_l1 and i:
            merge(l1_start, 1, r - 1, 1)
        if new_l2 and i:
            merge(l2_start, 2, r - 1, 2)
        if new_l1:
            l1_start = r
        if new_l2:
            l2_start = r
        shift = 0
        l1_text = _level1_label(l1, ind.get("一级指标分值")) if new_l1 else None
        if quirks and layout == 2 and l2 == "成本指标":
            shift = 1
        if quirks and layout == 5:
            if l2 == "成本指标":
                shift = 1
            elif l1 == "效益指标":
                if new_l1:
                    l1_text = l1  # "(30分)" comes two lines later, after a blank line
                    shifted_l1 = _level1_label("", ind.get("一级指标分值")).strip()
                else:
                    shift = 1
                    if shifted_l1:
                        r += 1  # the blank line of the seed
                        put(r, 0, shifted_l1)
                        shifted_l1 = None
        vals = [l1_text, l2 if new_l2 else None, ind["三级指标"], ind["年度指标值"], ind["实际完成值"],
                ind["分值"], ind["得分"], ind.get("偏差原因分析及改进措施")]
        if shift:
            # the seed's exported row: every cell one column to the left of its header
            base = [None, l2 if new_l2 else None, ind["三级指标"], ind["年度指标值"], ind["实际完成值"],
                    ind["分值"], ind["得分"], ind.get("偏差原因分析及改进措施")]
            for j, v in enumerate(base):
                if j == 0:
                    continue
                put(r, j, v)
        else:
            for c, v in zip(cols, vals):
                put(r, c, v)
            if span > 1:
                merge(r, 3, r, 3 + span - 1)
        prev_l1, prev_l2 = l1, l2
        r += 1
    if rows:
        merge(l1_start, 1, r - 1, 1)
        merge(l2_start, 2, r - 1, 2)
    merge(ind_top, 0, r - 1, 0)
    put(ind_top, 0, lab["ind"])
    # 总分
    wcol, scol = cols[5], cols[6]
    tshift = 1 if (quirks and layout == 5) else 0
    put(r, 1 if (layout == 1 and not merged) else 0, "总分")
    merge(r, 0, r, wcol - 1)
    put(r, wcol - tshift, project.get("总分分值"))
    put(r, scol - tshift, project.get("总分得分"), "0.00" if layout >= 4 else None)
    r += 1
    ws.column_dimensions[get_column_letter(c0 + 3)].width = 30
    if styled:
        _style(ws, r0, c0, r - 1, last)
    return r


def _style(ws, r1: int, c1: int, r2: int, c2: int) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name="宋体", size=10)
    title = Font(name="方正小标宋简体", size=16, bold=True)
    align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r in range(r1, r2 + 1):
        ws.row_dimensions[r].height = 28
        for c in range(c1, c2 + 1):
            cell = ws.cell(row=r, column=c)
            if r == r1:
                cell.font = title
            else:
                cell.font = font
                cell.border = border
            cell.alignment = align
    for c in range(c1, c2 + 1):
        ws.column_dimensions[get_column_letter(c)].width = 30 if c == c1 + 3 else 12
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_options.horizontalCentered = True
    ws.print_area = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"


def build_layout(path, layout: int = 1, *, project: dict | None = None, origin: str = "A1",
                 merged: bool | None = None, quirks: bool | None = None, sheet: str = "自评表",
                 styled: bool = False) -> Path:
    """One form of `layout` (seed project `layout` unless `project` is given) in a new workbook."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    write_form(ws, project if project is not None else SEED_PROJECTS[layout - 1], layout,
               origin=origin, merged=merged, quirks=quirks, styled=styled)
    path = Path(path)
    wb.save(path)
    return path


def build_stacked(path, layouts=(1, 4), *, projects=None, origin: str = "A1", gap: int = 3,
                  sheet: str = "自评表", merged: bool | None = None) -> Path:
    """Several forms one below the other in one sheet, `gap` blank rows apart."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    row, col = _origin(origin)
    letters = get_column_letter(col)
    for i, layout in enumerate(layouts):
        proj = projects[i] if projects else SEED_PROJECTS[layout - 1]
        nxt = write_form(ws, proj, layout, origin=f"{letters}{row}", merged=merged)
        row = nxt + gap
    path = Path(path)
    wb.save(path)
    return path


def write_list(ws, entries=None, *, department: str = SEED_DEPARTMENT, origin: str = "A1") -> None:
    """The 部门绩效自评项目清单: title, blank row, 序号/项目名称/备注 header, one row per project."""
    r, c = _origin(origin)
    ws.cell(row=r, column=c, value=f"{department}部门绩效自评项目清单")
    ws.cell(row=r + 2, column=c, value="序号")
    ws.cell(row=r + 2, column=c + 1, value="项目名称")
    ws.cell(row=r + 2, column=c + 2, value="备注")
    for i, e in enumerate(entries if entries is not None else SEED_LIST):
        ws.cell(row=r + 3 + i, column=c, value=e["序号"])
        ws.cell(row=r + 3 + i, column=c + 1, value=e["项目名称"])
        if e.get("备注") is not None:
            ws.cell(row=r + 3 + i, column=c + 2, value=e["备注"])


def build_bundle(path, layouts=(1, 2, 3, 4, 5), *, project_list: bool = True, one_sheet: bool = False,
                 merged: bool | None = None, projects=None) -> Path:
    """The department bundle of seed 002: a 项目清单 sheet, then one form per sheet
    (sheet name = project name, truncated to Excel's 31 characters) or all forms in one sheet."""
    wb = openpyxl.Workbook()
    first = wb.active
    if project_list:
        first.title = "项目清单"
        write_list(first)
    else:
        wb.remove(first)
    projs = projects or [SEED_PROJECTS[n - 1] for n in layouts]
    if one_sheet:
        ws = wb.create_sheet("自评表")
        row = 1
        for layout, proj in zip(layouts, projs):
            row = write_form(ws, proj, layout, origin=f"A{row}", merged=merged) + 2
    else:
        for layout, proj in zip(layouts, projs):
            ws = wb.create_sheet(proj["项目名称"][:31])
            write_form(ws, proj, layout, merged=merged)
    path = Path(path)
    wb.save(path)
    return path


def convert(path, fmt: str, outdir) -> Path:
    """Convert `path` to `fmt` ("xls", "ods", "xlsx") with LibreOffice; return the new file.

    Uses a private LibreOffice profile so parallel test runs do not fight over one.
    """
    path = Path(path)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.gettempdir()) / f"xlkit-lo-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", fmt, "--outdir", str(outdir), str(path)]
    try:
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    out = outdir / (path.stem + "." + fmt)
    if not out.exists():
        raise RuntimeError(f"LibreOffice did not produce {out}")
    return out


# --- expected model values --------------------------------------------------------------

def expected_text(v) -> str | None:
    """The text a reader should report for a text field written as `v`."""
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def strip_indicator_prefix(name: str) -> str:
    for p in ("指标:", "指标："):
        if name.startswith(p):
            return name[len(p):].strip()
    return name


# --- bad files (R01) ------------------------------------------------------------------

def make_cfb(path, streams: dict[str, bytes]) -> Path:
    """A minimal but well-formed OLE compound file (v3) holding `streams` (each padded to
    4096 bytes so no mini stream is needed). Encrypted .xlsx files are such containers."""
    import struct

    SECT, END, FREE, FATSECT = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    names = list(streams)
    datas = [streams[n].ljust(4096, b"\0") for n in names]
    per = [len(d) // SECT for d in datas]
    fat = [FATSECT, END]
    start = 2
    starts = []
    for n in per:
        starts.append(start)
        fat += [start + i + 1 for i in range(n - 1)] + [END]
        start += n
    fat += [FREE] * (SECT // 4 - len(fat))
    header = bytearray(SECT)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6, 0)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, END, 0, END, 0)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, FREE)

    def entry(name, typ, left=FREE, right=FREE, child=FREE, start=END, size=0):
        e = bytearray(128)
        raw = (name + "\0").encode("utf-16-le")
        e[0:len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), typ, 1)
        struct.pack_into("<III", e, 68, left, right, child)
        struct.pack_into("<II", e, 116, start, size)
        return bytes(e)

    dirs = [entry("Root Entry", 5, child=1)]
    for i, n in enumerate(names):
        dirs.append(entry(n, 2, right=(i + 2) if i + 1 < len(names) else FREE, start=starts[i], size=len(streams[n])))
    while len(dirs) < 4:
        dirs.append(bytes(128))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    path = Path(path)
    path.write_bytes(bytes(header) + fat_bytes + b"".join(dirs) + b"".join(datas))
    return path


def make_encrypted_xlsx(path) -> Path:
    """What Excel/WPS write for an .xlsx with an opening password: an OLE container with
    EncryptionInfo (agile) and EncryptedPackage streams."""
    info = (b"\x04\x00\x04\x00\x40\x00\x00\x00" + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
            b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
            b'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>')
    package = (7312).to_bytes(8, "little") + os.urandom(7312)
    return make_cfb(path, {"EncryptionInfo": info, "EncryptedPackage": package})


def make_entity_bomb(path) -> Path:
    """An .xlsx whose worksheet part declares a billion-laughs DOCTYPE (and uses it in A1)."""
    import re
    import zipfile

    src = Path(path).with_suffix(".src.xlsx")
    build_layout(src, 1)
    dtd = ('<!DOCTYPE worksheet [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
           + ']>')
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                decl = re.match(r"<\?xml[^>]*\?>", text)
                cut = decl.end() if decl else 0
                text = text[:cut] + dtd + text[cut:]
                text = re.sub(r'<c r="A1"[^>]*>.*?</c>', '<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c>', text, count=1)
                data = text.encode("utf-8")
            zout.writestr(item, data)
    src.unlink()
    return Path(path)


def make_zip_bomb(path, inflated_mb: int = 300) -> Path:
    """An .xlsx whose sheet part inflates to `inflated_mb` MB of blanks (about 300 KB on disk)."""
    import zipfile

    src = Path(path).with_suffix(".src.xlsx")
    build_layout(src, 4)
    chunk = b" " * (1024 * 1024)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                zi = zipfile.ZipInfo(item.filename)
                zi.compress_type = zipfile.ZIP_DEFLATED
                with zout.open(zi, "w", force_zip64=True) as fh:
                    head = zin.read(item.filename)
                    fh.write(head[:-len(b"</worksheet>")])
                    for _ in range(inflated_mb):
                        fh.write(chunk)
                    fh.write(b"</worksheet>")
            else:
                zout.writestr(item, zin.read(item.filename))
    src.unlink()
    return Path(path)


def make_bad_files(outdir) -> dict[str, Path]:
    """One file per R01 case: {case: path}. Cases: truncated, garbage_zip, text, png, docx,
    empty_bytes, pdf, xml_dtd (Excel 2003 XML with a DOCTYPE), encrypted, encrypted_ods,
    entity_bomb, zip_bomb, far_cell."""
    import zipfile

    d = Path(outdir)
    d.mkdir(parents=True, exist_ok=True)
    good = build_layout(d / "good.src.xlsx", 1)
    data = good.read_bytes()
    out = {}
    out["truncated"] = d / "截断.xlsx"
    out["truncated"].write_bytes(data[: len(data) // 2])
    out["garbage_zip"] = d / "损坏.xlsx"
    out["garbage_zip"].write_bytes(data[:200] + os.urandom(2000) + data[-300:])
    out["text"] = d / "说明.xlsx"
    out["text"].write_text("这不是表格，只是一段文字。\n", encoding="utf-8")
    out["png"] = d / "图片.xls"
    out["png"].write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    out["docx"] = d / "报告.xlsx"
    with zipfile.ZipFile(out["docx"], "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    out["empty_bytes"] = d / "空文件.xlsx"
    out["empty_bytes"].write_bytes(b"")
    out["pdf"] = d / "扫描件.xlsx"
    out["pdf"].write_bytes(b"%PDF-1.4\n" + os.urandom(300))
    out["xml_dtd"] = d / "系统导出.xls"
    out["xml_dtd"].write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                              '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet/></Workbook>',
                              encoding="utf-8")
    out["encrypted"] = make_encrypted_xlsx(d / "加密.xlsx")
    out["encrypted_ods"] = make_encrypted_ods(d / "加密.ods")
    out["entity_bomb"] = make_entity_bomb(d / "实体炸弹.xlsx")
    out["zip_bomb"] = make_zip_bomb(d / "压缩炸弹.xlsx")
    out["far_cell"] = make_far_cell(d / "远处单元格.xlsx")
    good.unlink()
    return out


def build_huge(path, rows: int = 200_000, *, layout: int = 4) -> Path:
    """A form of `layout` followed in the same sheet by `rows` rows of other data (a ledger
    of numbers and text). The extra rows are spliced into the sheet XML directly, which is
    ~20x faster than writing them through openpyxl or xlsxwriter."""
    import re
    import zipfile

    path = Path(path)
    src = path.with_suffix(".src.xlsx")
    build_layout(src, layout)
    with zipfile.ZipFile(src) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    src.unlink()
    xml = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    last = max(int(m) for m in re.findall(r'<row r="(\d+)"', xml))
    start = last + 3

    def row(r, i):
        return (f'<row r="{r}"><c r="A{r}"><v>{i}</v></c>'
                f'<c r="B{r}" t="inlineStr"><is><t>支付款项{i % 97}</t></is></c>'
                f'<c r="C{r}" t="inlineStr"><is><t>项目支出</t></is></c>'
                f'<c r="D{r}"><v>{i * 1.5}</v></c><c r="E{r}"><v>0</v></c>'
                f'<c r="F{r}" t="inlineStr"><is><t>—</t></is></c></row>')

    head = (f'<row r="{start}">' + "".join(f'<c r="{c}{start}" t="inlineStr"><is><t>{t}</t></is></c>'
                                          for c, t in zip("ABCDEF", ("凭证号", "摘要", "科目", "借方", "贷方", "备注")))
            + "</row>")
    body = head + "".join(row(start + i, i) for i in range(1, rows + 1))
    xml = xml.replace("</sheetData>", body + "</sheetData>", 1)
    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:I{start + rows}"/>', xml, count=1)
    parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def replace_texts(path, mapping: dict, out=None, *, prefix_names: str | None = None) -> Path:
    """Rewrite label texts of a built workbook: every cell whose text equals a key of
    `mapping` gets the mapped text (None clears it). `prefix_names` is put before each
    三级指标 text (e.g. "指标："). Returns `out` (default: overwrite `path`)."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        name_col = None
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if v == "三级指标":
                    name_col = cell.column
                    continue
                if isinstance(v, str) and v in mapping:
                    cell.value = mapping[v]
                elif (prefix_names and name_col is not None and cell.column == name_col
                      and isinstance(v, str) and v != "总分"):
                    cell.value = prefix_names + v
    out = Path(out) if out is not None else Path(path)
    wb.save(out)
    return out


def make_far_cell(path) -> Path:
    """A form plus one stray value in XFD1048576: a dense reader would allocate ~500 GB."""
    path = build_layout(path, 4)
    wb = openpyxl.load_workbook(path)
    wb.active["XFD1048576"] = "x"
    wb.save(path)
    return Path(path)


def make_encrypted_ods(path) -> Path:
    """What LibreOffice writes for an .ods saved with a password: the manifest lists
    encryption data and content.xml is ciphertext."""
    import zipfile

    manifest = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="4096">'
                '<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
                'manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
                'manifest:initialisation-vector="AAAA"/></manifest:encryption-data></manifest:file-entry></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", os.urandom(4096))
    return Path(path)


def to_html(path, out, *, encoding: str = "gb2312") -> Path:
    """Write the first sheet of workbook `path` as an HTML table file `out`, the way budget
    systems "export to Excel" (colspan/rowspan for merges, a GB2312 meta charset, .xls name)."""
    import html

    import python_calamine as pc

    sh = pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(
        pc.CalamineWorkbook.from_path(str(path)).sheet_names[0])
    rows = sh.to_python(skip_empty_area=False)
    merges = {(r1, c1): (r2, c2) for (r1, c1), (r2, c2) in (sh.merged_cell_ranges or [])}
    covered = {(r, c) for (r1, c1), (r2, c2) in merges.items()
               for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) != (r1, c1)}
    parts = [f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
             "<style>td{border:1px solid}</style></head><body><table>"]
    for r, row in enumerate(rows):
        parts.append("<tr>")
        for c, v in enumerate(row):
            if (r, c) in covered:
                continue
            span = ""
            if (r, c) in merges:
                r2, c2 = merges[(r, c)]
                span = f' rowspan="{r2 - r + 1}" colspan="{c2 - c + 1}"'
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            parts.append(f"<td{span}>{html.escape(str(v)) if v != '' else '&nbsp;'}</td>")
        parts.append("</tr>")
    parts.append("</table></body></html>")
    out = Path(out)
    out.write_bytes("".join(parts).encode("gb18030" if encoding.lower() in ("gb2312", "gbk") else encoding))
    return out


def to_xml2003(path, out) -> Path:
    """Write the sheets of workbook `path` as Excel 2003 XML (SpreadsheetML), another common
    "export to Excel" format of budget systems (merges as MergeAcross/MergeDown, ss:Index)."""
    from xml.sax.saxutils import escape

    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(path))
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
             '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
             'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">']
    for name in wb.sheet_names:
        sh = wb.get_sheet_by_name(name)
        rows = sh.to_python(skip_empty_area=False)
        merges = {(r1, c1): (r2, c2) for (r1, c1), (r2, c2) in (sh.merged_cell_ranges or [])}
        covered = {(r, c) for (r1, c1), (r2, c2) in merges.items()
                   for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) != (r1, c1)}
        parts.append(f'<Worksheet ss:Name="{escape(name)}"><Table>')
        for r, row in enumerate(rows):
            cells = []
            skipped = False
            for c, v in enumerate(row):
                if (r, c) in covered or (v == "" and (r, c) not in merges):
                    skipped = True
                    continue
                attrs = f' ss:Index="{c + 1}"' if skipped or c == 0 else ""
                skipped = False
                if (r, c) in merges:
                    r2, c2 = merges[(r, c)]
                    attrs += f' ss:MergeAcross="{c2 - c}"' * (c2 > c) + f' ss:MergeDown="{r2 - r}"' * (r2 > r)
                if isinstance(v, float):
                    data = f'<Data ss:Type="Number">{v:g}</Data>'
                elif v == "":
                    data = ""
                else:
                    data = f'<Data ss:Type="String">{escape(str(v))}</Data>'
                cells.append(f"<Cell{attrs}>{data}</Cell>")
            parts.append(f'<Row ss:Index="{r + 1}">' + "".join(cells) + "</Row>")
        parts.append("</Table></Worksheet>")
    parts.append("</Workbook>")
    out = Path(out)
    out.write_text("".join(parts), encoding="utf-8")
    return out
