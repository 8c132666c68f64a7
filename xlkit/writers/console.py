"""Chinese text report: grouped by file and project, one line per finding, a closing count.

    安庆市总工会2022.xlsx
      困难劳模帮扶专项  总分 94（按评分规则重算 100），等级 优
        E S03 困难劳模帮扶专项!H13 指标「…」… 应得 10 分，填 9 分
    共 1 个文件、5 张自评表：错误 5，警告 13，提示 1（评分规则 mof2020）
"""
from __future__ import annotations

from typing import TextIO

from ..model import Finding
from ..quantities import fmt_num

SEV_NAME = {"E": "错误", "W": "警告", "I": "提示"}


def _where(f: Finding) -> str:
    if f.sheet and f.cell:
        return f"{f.sheet}!{f.cell}"
    return f.sheet or f.cell or "-"


def format_finding(f: Finding) -> str:
    return f"{f.severity} {f.code} {_where(f)} {f.message}"


def _form_line(s) -> str:
    total = "" if s.stated_total is None else f"总分 {fmt_num(s.stated_total)}"
    if s.recomputed_total is not None and s.stated_total is not None and abs(s.recomputed_total - s.stated_total) > 0.005:
        total += f"（按评分规则重算 {fmt_num(s.recomputed_total)}）"
    grade = f"{'，' if total else ''}等级 {s.grade}" if s.grade else ""
    sheet = f"  [工作表 {s.sheet}]" if s.sheet and s.sheet != s.project else ""
    return f"  {s.project or '（无项目名称）'}{sheet}  {total}{grade}".rstrip()


def write_text(report, out: TextIO) -> None:
    for fr in report.files:
        out.write(f"{fr.path}\n")
        if fr.status == "error":
            for f in fr.findings:
                out.write(f"  {format_finding(f)}\n")
            if not fr.findings:
                out.write(f"  无法读取：{fr.error}\n")
            continue
        by_project: dict[str, list[Finding]] = {}
        for f in sorted(fr.findings, key=Finding.sort_key):
            by_project.setdefault(f.project, []).append(f)
        listed = set()
        for s in fr.forms:
            out.write(_form_line(s) + "\n")
            items = by_project.get(s.project, []) if s.project not in listed else []
            listed.add(s.project)
            for f in items:
                out.write(f"    {format_finding(f)}\n")
            if not items and s.project not in by_project:
                out.write("    未发现问题\n")
        rest = [f for p, fs in by_project.items() if p not in listed for f in fs]
        if rest:
            out.write("  工作簿\n")
            for f in rest:
                out.write(f"    {format_finding(f)}\n")
    c = report.counts()
    unread = f"（{c['unreadable']} 个无法读取）" if c["unreadable"] else ""
    out.write(f"共 {c['files']} 个文件{unread}、{c['forms']} 张自评表：错误 {c['E']}，警告 {c['W']}，提示 {c['I']}"
              f"（评分规则 {report.profile.name}）\n")
