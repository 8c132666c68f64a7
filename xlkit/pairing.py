"""Pair narrative reports with forms by project name, for `xlkit check DIR --report DIR`.

A report names its project in its title ("2022 年度困难劳模帮扶专项绩效评价报告") or file name;
a form in 项目名称. Names are matched exactly first, then by containment ("工会专项工作经费" /
"工会专项工作经费专项"), then by a common suffix-free stem, then by close spelling. Each form
and each report is used once, best matches first; a report that fits two forms equally
well is not paired (and the caller says so) rather than guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Sequence

from .model import ReportFacts
from .quantities import normalize_text

_SUFFIX = re.compile(r"(?:专项资金|专项经费|项目资金|资金|经费|专项|项目)+$")


def norm_name(name: str) -> str:
    t = re.sub(r"\s+", "", normalize_text(name or ""))
    t = re.sub(r"^\d{4}年度?", "", t)
    t = re.sub(r"[(（]\d{4}年度?[)）]", "", t)
    return t.strip("“”\"《》")


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)}


def name_score(a: str, b: str) -> tuple[float, str]:
    """How well two project names match (0..1) and how, in Chinese."""
    x, y = norm_name(a), norm_name(b)
    if not x or not y:
        return 0.0, ""
    if x == y:
        return 1.0, "项目名称一致"
    if min(len(x), len(y)) >= 4 and (x in y or y in x):
        return 0.9, "项目名称包含"
    sx, sy = _SUFFIX.sub("", x), _SUFFIX.sub("", y)
    if len(sx) >= 3 and sx == sy:
        return 0.85, "项目名称主体一致"
    bx, by = _bigrams(x), _bigrams(y)
    if bx and by:
        dice = 2 * len(bx & by) / (len(bx) + len(by))
        if dice >= 0.75:
            return round(0.8 * dice, 3), "项目名称相近"
    return 0.0, ""


@dataclass
class Pair:
    form_path: str
    sheet: str
    project: str
    report: ReportFacts
    score: float
    how: str


@dataclass
class Pairing:
    pairs: list[Pair] = field(default_factory=list)
    forms_without_report: list[tuple[str, str, str]] = field(default_factory=list)  # (path, sheet, project)
    reports_without_form: list[ReportFacts] = field(default_factory=list)
    ambiguous: list[tuple[ReportFacts, list[str]]] = field(default_factory=list)
    duplicates: list[tuple[ReportFacts, ReportFacts]] = field(default_factory=list)  # (unused, the one used)

    def facts_for(self, path: str, project: str) -> ReportFacts | None:
        for p in self.pairs:
            if p.form_path == path and p.project == project:
                return p.report
        return None

    def engine_reports(self) -> list[ReportFacts]:
        """Facts renamed to their form's exact 项目名称, so the engine pairs them by name."""
        return [replace(p.report, project=p.project) for p in self.pairs]

    def report_names(self) -> dict[tuple[str, str], str]:
        return {(p.form_path, p.project): Path(p.report.source).name for p in self.pairs}

    def describe(self) -> list[str]:
        lines = []
        for p in self.pairs:
            lines.append(f"已配对：{Path(p.report.source).name} → {Path(p.form_path).name}［{p.project}］（{p.how}）")
        for facts, names in self.ambiguous:
            lines.append(f"未配对：{Path(facts.source).name} 与多张自评表同样接近（{'、'.join(names)}），请用文件名写明项目名称")
        for facts, used in self.duplicates:
            lines.append(f"未配对：{Path(facts.source).name} 与 {Path(used.source).name} 是同一项目的报告，已使用后者")
        for facts in self.reports_without_form:
            if not any(facts is a for a, _ in self.ambiguous) and not any(facts is a for a, _ in self.duplicates):
                lines.append(f"未配对：{Path(facts.source).name}（报告项目“{facts.project or '未识别'}”）没有对应的自评表")
        for path, sheet, project in self.forms_without_report:
            lines.append(f"无报告：{Path(path).name}［{project or sheet}］")
        return lines


def _report_names(facts: ReportFacts) -> list[str]:
    from .read.documents import project_from_title
    names = [facts.project] if facts.project else []
    if facts.source:
        stem = project_from_title(Path(facts.source).stem)
        if stem and stem not in names:
            names.append(stem)
    return names


def _opening(facts: ReportFacts, n: int = 20) -> str:
    return "".join(norm_name(text) for _, text in facts.paragraphs[:n])


def pair_reports(forms: Sequence[tuple[str, str, str]], reports: Iterable[ReportFacts]) -> Pairing:
    """forms: (file path, sheet, 项目名称) of every form; reports: facts from read_report."""
    reports = list(reports)
    cand: list[tuple[float, int, int, str]] = []
    for ri, facts in enumerate(reports):
        for fi, (_, _, project) in enumerate(forms):
            best = max((name_score(n, project) for n in _report_names(facts)), default=(0.0, ""))
            if best[0] == 0 and len(norm_name(project)) >= 4 and norm_name(project) in _opening(facts):
                best = (0.6, "报告开头提到项目名称")  # a generic title ("绩效评价报告") names it in the text
            if best[0] > 0:
                cand.append((best[0], ri, fi, best[1]))
    cand.sort(key=lambda c: (-c[0], c[1], c[2]))
    result = Pairing()
    used_r: set[int] = set()
    used_f: set[int] = set()
    by_form: dict[int, int] = {}
    for score, ri, fi, how in cand:
        if ri in used_r:
            continue
        if fi in used_f:
            other = by_form.get(fi)
            if other is not None and not any(c[1] == ri and c[2] not in used_f for c in cand):
                # best form already has a report of the same project: a duplicate (.txt beside .docx)
                result.duplicates.append((reports[ri], reports[other]))
                used_r.add(ri)
            continue
        rivals = [c for c in cand if c[1] == ri and c[2] != fi and c[2] not in used_f and abs(c[0] - score) < 1e-9]
        if rivals:
            used_r.add(ri)
            names = [f"{Path(forms[k][0]).name}［{forms[k][2]}］" for k in [fi] + [c[2] for c in rivals]]
            result.ambiguous.append((reports[ri], names))
            continue
        used_r.add(ri)
        used_f.add(fi)
        by_form[fi] = ri
        path, sheet, project = forms[fi]
        result.pairs.append(Pair(path, sheet, project, reports[ri], score, how))
    # One form and one report left over in a single-form check: they belong together.
    if len(forms) == 1 and len(reports) == 1 and not result.pairs and not result.ambiguous:
        path, sheet, project = forms[0]
        result.pairs.append(Pair(path, sheet, project, reports[0], 0.0, "仅有一张自评表和一份报告"))
        used_r.add(0)
        used_f.add(0)
    result.forms_without_report = [f for i, f in enumerate(forms) if i not in used_f]
    result.reports_without_form = [r for i, r in enumerate(reports) if i not in used_r or
                                   any(r is a for a, _ in result.ambiguous) or any(r is a for a, _ in result.duplicates)]
    result.pairs.sort(key=lambda p: (p.form_path, p.sheet, p.project))
    return result


def forms_of(paths: Iterable[str], bundles: dict[str, Any] | None = None) -> list[tuple[str, str, str]]:
    """(path, sheet, 项目名称) of every readable form among the workbook paths; bad files are skipped
    here (the check itself reports them as R01). Bundles read are kept in `bundles` by path, so
    the check does not read each workbook a second time."""
    from .errors import ReadError
    from .read import read_workbook

    out = []
    for p in paths:
        try:
            bundle = read_workbook(p)
        except ReadError:
            continue
        if bundles is not None:
            bundles[str(p)] = bundle
        for f in bundle.forms:
            out.append((str(p), f.sheet or "", f.name))
    return out


def find_reports(paths: Iterable[str], beside_forms: bool = False) -> list[Path]:
    """Report files among paths; with beside_forms only files whose name contains 报告 count,
    so a README.txt next to the workbooks is not read as a report."""
    from .read.documents import iter_report_files
    found = iter_report_files(paths)
    if beside_forms:
        found = [p for p in found if "报告" in p.name]
    return found


def read_reports(paths: Iterable[Path]) -> tuple[list[ReportFacts], list[tuple[str, str]]]:
    """Read report files; unreadable ones are returned as (path, error) instead of raising."""
    from .errors import ReadError
    from .read.documents import read_report

    facts, errors = [], []
    for p in paths:
        try:
            facts.append(read_report(p))
        except ReadError as e:
            errors.append((str(p), e.message))
    return facts, errors



@dataclass
class CheckReports:
    """What `xlkit check --report` needs: facts for the engine, lines to tell the user, names for the summary."""

    facts: list[ReportFacts]
    lines: list[str]
    report_names: dict[tuple[str, str], str]
    bundles: dict[str, Any] = field(default_factory=dict)  # workbooks read while pairing, by path


def reports_for_check(files: Sequence[str], report_paths: Sequence[str]) -> CheckReports:
    """Read the reports given with --report (files or folders; a folder may be the forms' own
    folder: only files named …报告… are read there) and pair them with the forms of `files` by
    project name. A report named explicitly that cannot be read raises ReadError (the user
    asked for it); unreadable files found in a folder are told in `lines` and skipped."""
    from .read import iter_input_files
    from .read.documents import read_report

    if any(not str(p).strip() for p in report_paths):  # Path("") is ".": do not read the whole folder
        from .errors import ReadError
        raise ReadError("--report 的路径为空（是否漏写了文件名，或变量为空？）", path="")
    dirs = [p for p in report_paths if Path(p).is_dir()]
    plain = [p for p in report_paths if not Path(p).is_dir()]
    form_dirs = {Path(p).resolve() for p in files if Path(p).is_dir()}
    facts = [read_report(p) for p in dict.fromkeys(plain)]
    paths: list[Path] = []
    for d in dirs:
        paths += find_reports([d], beside_forms=Path(d).resolve() in form_dirs)
    found, errors = read_reports(list(dict.fromkeys(paths)))
    facts += found
    lines = [f"无法读取报告：{msg}" for _, msg in errors]
    if not facts:
        if report_paths and not errors:
            lines.append("没有找到绩效报告（.docx/.txt/.md）：" + "、".join(map(str, report_paths)))
        return CheckReports([], lines, {})
    workbooks = [str(p) for p in iter_input_files(list(files))]
    bundles: dict[str, Any] = {}
    pairing = pair_reports(forms_of(workbooks, bundles), facts)
    lines += pairing.describe()
    return CheckReports(pairing.engine_reports(), lines, pairing.report_names(), bundles)
