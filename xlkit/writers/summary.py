"""The batch summary workbook (`xlkit check DIR --summary 汇总.xlsx`), written with xlsxwriter.

Sheets:
- 汇总: one row per form — file, sheet, 项目名称, 主管部门, 全年预算数, 全年执行数, 执行率, stated and
  recomputed totals, grade, counts of E/W/I, the top findings (and the paired report, when known);
  frozen header, filters, widths that fit Chinese text.
- 问题清单: every finding.
- 统计: counts by rule and by 主管部门, with native Excel charts (findings by rule; stated vs
  recomputed total per project).
- 无法读取: files that could not be read, with their error (only when there are any).

Input: an engine CheckReport (``.files``: FileResult with path, status, error, forms
[FormSummary: sheet, project, stated_total, recomputed_total, grade, stated_grade], findings,
bundle). The bundle (``check(..., keep_bundles=True)``) supplies 主管部门 and the amounts;
without it those columns stay empty.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from ..model import Finding, Form
from ..outputs import atomic_path
from ..textwidth import display_width, wrapped_lines

SEV_ORDER = {"E": 0, "W": 1, "I": 2}
SEV_NAME = {"E": "错误", "W": "警告", "I": "提示"}
TOP_N = 3


def row_height(cells: list[tuple[str, float]], line: float = 14.5) -> float:
    """Points needed by the tallest of (text, column width in characters) when wrapped."""
    lines = max([1] + [wrapped_lines(text, width - 1) for text, width in cells])
    return max(15.0, line * lines + 3)


def _grade(check_report: Any, total: float | None) -> str | None:
    profile = getattr(check_report, "profile", None)
    if total is None or profile is None or not callable(getattr(profile, "grade_for", None)):
        return None
    return profile.grade_for(total)


def _rule_titles() -> dict[str, str]:
    try:
        from ..rules import RULES
        return {c: r.title for c, r in RULES.items()}
    except Exception:  # the catalog is optional for the summary
        return {}


def _forms_by_key(bundle) -> dict[tuple[str, str], Form]:
    out = {}
    for f in getattr(bundle, "forms", None) or []:
        out[(f.sheet or "", f.name)] = f
    return out


def _rate(form: Form | None) -> float | None:
    if form is None:
        return None
    return form.funds.execution_rate()


def summary_rows(check_report: Any, report_names: dict[tuple[str, str], str] | None = None) -> list[dict[str, Any]]:
    """The 汇总 rows as dicts (also used by tests and other writers)."""
    rows = []
    for fr in check_report.files:
        if fr.status == "error":
            continue
        forms = _forms_by_key(getattr(fr, "bundle", None))
        for fs in fr.forms:
            form = forms.get((fs.sheet, fs.project))
            mine = [f for f in fr.findings if _belongs(f, fs.sheet, fs.project)]
            counts = {s: sum(1 for f in mine if f.severity == s) for s in SEV_ORDER}
            top = sorted(mine, key=lambda f: (SEV_ORDER.get(f.severity, 9), f.sort_key()))[:TOP_N]
            rows.append({
                "文件": Path(fr.path).name, "路径": fr.path, "工作表": fs.sheet, "项目名称": fs.project,
                "主管部门": form.department.text.strip() if form is not None else "",
                "全年预算数": form.funds.total.budget.number if form is not None else None,
                "全年执行数": form.funds.total.executed.number if form is not None else None,
                "执行率": _rate(form),
                "自评总分": fs.stated_total, "重算总分": fs.recomputed_total,
                # the grade the form states, else the grade of its stated total; the recomputed one beside it
                "评价等级": fs.stated_grade or _grade(check_report, fs.stated_total) or "",
                "重算等级": fs.grade or "",
                "错误": counts["E"], "警告": counts["W"], "提示": counts["I"],
                "主要问题": "\n".join(f"{f.code} {f.cell} {f.message}".replace("  ", " ") for f in top),
                "绩效报告": (report_names or {}).get((fr.path, fs.project), ""),
            })
        if not fr.forms:
            rows.append({"文件": Path(fr.path).name, "路径": fr.path, "工作表": "", "项目名称": "",
                         "主管部门": "", "全年预算数": None, "全年执行数": None, "执行率": None,
                         "自评总分": None, "重算总分": None, "评价等级": "", "重算等级": "",
                         "错误": sum(1 for f in fr.findings if f.severity == "E"),
                         "警告": sum(1 for f in fr.findings if f.severity == "W"),
                         "提示": sum(1 for f in fr.findings if f.severity == "I"),
                         "主要问题": "未找到项目支出绩效自评表", "绩效报告": ""})
    return rows


def dept_key(name: str) -> str:
    """"502-安庆市总工会" and "安庆市总工会" are one department: budget systems prefix a code."""
    import re
    name = re.sub(r"^\s*\d+\s*[-－—_ ]\s*", "", name or "").strip()
    return name or "（未知）"


def _belongs(f: Finding, sheet: str, project: str) -> bool:
    """A finding is about a form when it is on the form's sheet and names its project (or none)."""
    return f.sheet == sheet and (f.project == project or not f.project)


def _row_of(fr, f: Finding, rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    for row in rows:
        if row["路径"] == fr.path and row["项目名称"] and _belongs(f, row["工作表"], row["项目名称"]):
            return row
    return None


def _dept_of(fr, finding: Finding) -> str:
    forms = _forms_by_key(getattr(fr, "bundle", None))
    form = forms.get((finding.sheet, finding.project))
    if form is not None and form.department.text.strip():
        return form.department.text.strip()
    dept = getattr(getattr(fr, "bundle", None), "department", None)
    return dept or "（未知）"


def write_summary(check_report: Any, path: str | os.PathLike, force: bool = False, inputs: Iterable = (),
                  report_names: dict[tuple[str, str], str] | None = None,
                  annotated: dict[str, str | os.PathLike] | None = None) -> Path:
    """Write the summary workbook for an engine CheckReport to `path` (.xlsx).

    report_names: optional {(file path, 项目名称): report file name} from pairing, shown in 汇总.
    annotated: optional {input path: annotated copy} (from annotate_workbooks); the file names in
        汇总 and the cells in 问题清单 then link to the marked-up copy, at the cell.
    """
    links = {str(k): os.path.relpath(Path(v).resolve(), Path(path).resolve().parent) for k, v in (annotated or {}).items()}
    import xlsxwriter

    rows = summary_rows(check_report, report_names)
    titles = _rule_titles()
    all_findings: list[tuple[Any, Finding]] = [(fr, f) for fr in check_report.files for f in fr.findings]
    all_findings.sort(key=lambda x: x[1].sort_key())
    broken = [fr for fr in check_report.files if fr.status == "error"]

    with atomic_path(path, force=force, inputs=tuple(inputs)) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"nan_inf_to_errors": True})
        wb.set_properties({"title": "自评表校验汇总", "author": "xlkit"})
        head = wb.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True,
                              "valign": "vcenter", "align": "center", "font_name": "宋体"})
        text = wb.add_format({"font_name": "宋体", "valign": "top", "border": 1})
        wrap = wb.add_format({"font_name": "宋体", "valign": "top", "text_wrap": True, "border": 1})
        money = wb.add_format({"font_name": "宋体", "valign": "top", "num_format": "#,##0.00", "border": 1})
        pct = wb.add_format({"font_name": "宋体", "valign": "top", "num_format": "0.00%", "border": 1})
        score = wb.add_format({"font_name": "宋体", "valign": "top", "num_format": "0.##", "border": 1})
        err = wb.add_format({"font_name": "宋体", "valign": "top", "border": 1, "bg_color": "#FFC7CE"})
        warn = wb.add_format({"font_name": "宋体", "valign": "top", "border": 1, "bg_color": "#FFE699"})
        title_fmt = wb.add_format({"bold": True, "font_size": 12, "font_name": "宋体"})
        link = wb.add_format({"font_name": "宋体", "valign": "top", "border": 1, "font_color": "#0563C1",
                              "underline": 1})

        # --- 汇总 --------------------------------------------------------------------
        ws = wb.add_worksheet("汇总")
        cols = ["序号", "文件", "工作表", "项目名称", "主管部门", "全年预算数(万元)", "全年执行数(万元)", "执行率",
                "自评总分", "重算总分", "评价等级", "重算等级", "错误", "警告", "提示", "主要问题"]
        if any(r["绩效报告"] for r in rows):
            cols.append("绩效报告")
        keys = ["", "文件", "工作表", "项目名称", "主管部门", "全年预算数", "全年执行数", "执行率", "自评总分",
                "重算总分", "评价等级", "重算等级", "错误", "警告", "提示", "主要问题", "绩效报告"]
        fmts = [text, text, text, wrap, text, money, money, pct, score, score, text, text, text, text, text, wrap, text]
        widths = [display_width(c) + 2 for c in cols]
        ws.write_row(0, 0, cols, head)
        for i, r in enumerate(rows, start=1):
            for j, (col, key, fmt) in enumerate(zip(cols, keys, fmts)):
                v = i if j == 0 else r.get(key)
                if key == "错误" and v:
                    fmt = err
                elif key == "警告" and v:
                    fmt = warn
                if v is None or v == "":
                    ws.write_blank(i, j, None, fmt)
                elif key == "文件" and r["路径"] in links:
                    target = f"external:{links[r['路径']]}" + (f"#'{r['工作表']}'!A1" if r["工作表"] else "")
                    ws.write_url(i, j, target, link, string=str(v), tip="打开标注副本")
                else:
                    ws.write(i, j, v, fmt)
                longest = max((display_width(x) for x in str(v if v is not None else "").split("\n")), default=0)
                widths[j] = max(widths[j], min(longest + 2, 60 if key == "主要问题" else 40))
        for j, w in enumerate(widths):
            ws.set_column(j, j, w)
        # xlsxwriter cannot autofit heights and LibreOffice does not on load: size wrapped rows ourselves
        problems_col = keys.index("主要问题")
        for i, r in enumerate(rows, start=1):
            ws.set_row(i, row_height([(r.get("主要问题") or "", widths[problems_col]),
                                      (r.get("项目名称") or "", widths[3])]))
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(rows), 1), len(cols) - 1)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)

        # --- 问题清单 ------------------------------------------------------------------
        ws2 = wb.add_worksheet("问题清单")
        cols2 = ["序号", "级别", "代码", "规则", "文件", "工作表", "单元格", "项目名称", "问题说明", "应为", "实为", "说明"]
        widths2 = [display_width(c) + 2 for c in cols2]
        ws2.write_row(0, 0, cols2, head)
        for i, (fr, f) in enumerate(all_findings, start=1):
            vals = [i, SEV_NAME.get(f.severity, f.severity), f.code, titles.get(f.code, ""), Path(f.file or fr.path).name,
                    f.sheet, f.cell, f.project, f.message, _plain(f.expected), _plain(f.actual), f.note]
            for j, v in enumerate(vals):
                fmt = wrap if j in (3, 8, 11) else text
                if j == 1:
                    fmt = err if f.severity == "E" else warn if f.severity == "W" else text
                if v is None or v == "":
                    ws2.write_blank(i, j, None, fmt)
                elif j == 6 and fr.path in links and f.sheet:
                    target = f"external:{links[fr.path]}#'{f.sheet}'!{f.cell.split(':')[0]}"
                    ws2.write_url(i, j, target, link, string=str(v), tip="在标注副本中打开此单元格")
                else:
                    ws2.write(i, j, v, fmt)
                widths2[j] = max(widths2[j], min(display_width(v) + 2, 80 if j == 8 else 36))
        for j, w in enumerate(widths2):
            ws2.set_column(j, j, w)
        for i, (_, f) in enumerate(all_findings, start=1):
            ws2.set_row(i, row_height([(f.message, widths2[8]), (titles.get(f.code, ""), widths2[3]), (f.note, widths2[11])]))
        ws2.freeze_panes(1, 0)
        ws2.autofilter(0, 0, max(len(all_findings), 1), len(cols2) - 1)
        ws2.set_landscape()
        ws2.fit_to_pages(1, 0)
        ws2.repeat_rows(0)

        # --- 统计 ----------------------------------------------------------------------
        ws3 = wb.add_worksheet("统计")
        by_rule: dict[str, int] = {}
        for _, f in all_findings:
            by_rule[f.code] = by_rule.get(f.code, 0) + 1
        ws3.write(0, 0, "按规则统计", title_fmt)
        ws3.write_row(1, 0, ["代码", "规则", "级别", "数量"], head)
        rule_rows = sorted(by_rule.items())
        for i, (code, n) in enumerate(rule_rows, start=2):
            sev = next((f.severity for _, f in all_findings if f.code == code), "")
            ws3.write_row(i, 0, [code, titles.get(code, ""), SEV_NAME.get(sev, sev), n], text)
        r = 2 + max(len(rule_rows), 1) + 2
        ws3.write(r, 0, "按主管部门统计", title_fmt)
        ws3.write_row(r + 1, 0, ["主管部门", "自评表数", "错误", "警告", "提示"], head)
        depts: dict[str, list[int]] = {}
        for row in rows:
            if not row["项目名称"]:
                continue
            d = depts.setdefault(dept_key(row["主管部门"]), [0, 0, 0, 0])
            d[0] += 1
            d[1] += row["错误"]
            d[2] += row["警告"]
            d[3] += row["提示"]
        for fr in check_report.files:
            if fr.status == "error":
                continue  # unreadable files are listed on their own sheet
            for f in fr.findings:
                if _row_of(fr, f, rows) is None:  # bundle-level findings (D01, R02) count for the department
                    d = depts.setdefault(dept_key(_dept_of(fr, f)), [0, 0, 0, 0])
                    d[1 + SEV_ORDER.get(f.severity, 2)] += 1
        for i, (dept, vals) in enumerate(sorted(depts.items()), start=r + 2):
            ws3.write_row(i, 0, [dept, *vals], text)
        r2 = r + 2 + max(len(depts), 1) + 2
        ws3.write(r2, 0, "各项目总分（自评与重算）", title_fmt)
        ws3.write_row(r2 + 1, 0, ["项目名称", "自评总分", "重算总分"], head)
        proj_rows = [x for x in rows if x["项目名称"]]
        for i, x in enumerate(proj_rows, start=r2 + 2):
            ws3.write(i, 0, x["项目名称"], text)
            for j, key in ((1, "自评总分"), (2, "重算总分")):
                if x[key] is None:
                    ws3.write_blank(i, j, None, score)
                else:
                    ws3.write_number(i, j, x[key], score)
        r3 = r2 + 2 + max(len(proj_rows), 1) + 1
        ws3.write(r3, 0, f"文件 {len(check_report.files)} 个，自评表 {len(proj_rows)} 张，无法读取 {len(broken)} 个，"
                         f"问题 {len(all_findings)} 条", text)
        # section titles may overflow into the next cells; the column fits the data
        ws3.set_column(0, 0, min(max([10] + [display_width(x["项目名称"]) + 2 for x in proj_rows]
                                     + [display_width(d) + 2 for d in depts]), 40))
        ws3.set_landscape()
        ws3.set_paper(9)
        ws3.fit_to_pages(1, 0)
        ws3.set_column(1, 1, max([12] + [min(display_width(titles.get(c, "")) + 2, 50) for c, _ in rule_rows]))
        ws3.set_column(2, 4, 10)

        if rule_rows:
            chart = wb.add_chart({"type": "bar"})
            chart.add_series({"name": "问题数", "categories": ["统计", 2, 0, 1 + len(rule_rows), 0],
                              "values": ["统计", 2, 3, 1 + len(rule_rows), 3], "data_labels": {"value": True}})
            chart.set_title({"name": "各规则发现的问题数"})
            chart.set_legend({"none": True})
            chart.set_y_axis({"reverse": True})
            chart.set_size({"width": 520, "height": max(240, 24 * len(rule_rows) + 80)})
            ws3.insert_chart(1, 6, chart)
        if proj_rows:
            chart2 = wb.add_chart({"type": "column"})
            for j, name in ((1, "自评总分"), (2, "重算总分")):
                chart2.add_series({"name": name, "categories": ["统计", r2 + 2, 0, r2 + 1 + len(proj_rows), 0],
                                   "values": ["统计", r2 + 2, j, r2 + 1 + len(proj_rows), j]})
            chart2.set_title({"name": "各项目自评总分与重算总分"})
            chart2.set_y_axis({"min": 0, "max": 100})
            chart2.set_size({"width": max(520, 70 * len(proj_rows) + 160), "height": 320})
            ws3.insert_chart(r2, 6, chart2)

        # --- 无法读取 --------------------------------------------------------------------
        if broken:
            ws4 = wb.add_worksheet("无法读取")
            ws4.write_row(0, 0, ["序号", "文件", "路径", "错误"], head)
            w = [6, 12, 20, 40]
            for i, fr in enumerate(broken, start=1):
                vals = [i, Path(fr.path).name, fr.path, fr.error or ""]
                ws4.write_row(i, 0, vals, wrap)
                for j, v in enumerate(vals):
                    w[j] = max(w[j], min(display_width(v) + 2, 90))
            for j, width in enumerate(w):
                ws4.set_column(j, j, width)
            ws4.freeze_panes(1, 0)
            ws4.set_landscape()
            ws4.fit_to_pages(1, 0)
        wb.close()
    return Path(path)


def _plain(v: Any) -> Any:
    if v is None or isinstance(v, (int, float, str)):
        return v
    return str(v)
