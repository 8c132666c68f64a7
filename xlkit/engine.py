"""check(paths) -> CheckReport: read each file, run the selected rules, sort the findings.

The engine is the only place that knows the order of things; rules see a context, writers
see a CheckReport. Nothing here imports an Excel library: the reader does, and F rules'
formula cells come from a stdlib scan of the .xlsx XML (xlkit.formula_cells).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from .errors import XlkitError
from .model import Bundle, Finding, Form, SEVERITIES
from .rules import RULES, load_all
from .rules.context import BundleContext, FormContext
from .rules.reading import FileContext
from .scoring import Profile, default_profile

SCHEMA_VERSION = 1
FORMULA_EXTS = (".xlsx", ".xlsm")


@dataclass
class FormSummary:
    sheet: str
    project: str
    cell: str  # where the form starts
    stated_total: float | None
    recomputed_total: float | None
    grade: str | None  # grade of the recomputed total under the profile
    stated_grade: str | None  # grade the form states (评价等级), if any

    def to_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "project": self.project, "cell": self.cell,
                "stated_total": self.stated_total, "recomputed_total": self.recomputed_total,
                "grade": self.grade, "stated_grade": self.stated_grade}


@dataclass
class FileResult:
    path: str
    status: str  # ok / error (R01) / empty (R02)
    error: str | None = None
    forms: list[FormSummary] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    bundle: Bundle | None = None  # kept for writers that need the workbook's content (annotate, summary)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "status": self.status, "error": self.error,
                "forms": [f.to_dict() for f in self.forms]}


@dataclass
class CheckReport:
    """Everything one `xlkit check` run found; writers print from this."""

    profile: Profile
    files: list[FileResult]
    codes: tuple[str, ...]  # the rule codes that ran

    @property
    def findings(self) -> list[Finding]:
        out = [f for fr in self.files for f in fr.findings]
        return sorted(out, key=Finding.sort_key)

    def counts(self) -> dict[str, int]:
        c = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            c[f.severity] += 1
        c["files"] = len(self.files)
        c["forms"] = sum(len(fr.forms) for fr in self.files)
        c["unreadable"] = sum(1 for fr in self.files if fr.status == "error")
        return c

    @property
    def exit_code(self) -> int:
        if self.files and all(fr.status == "error" for fr in self.files):
            return 2
        return 1 if any(f.severity == "E" for f in self.findings) else 0


# --- selection ----------------------------------------------------------------------

def _tokens(spec: str | Iterable[str] | None) -> list[str]:
    if spec is None:
        return []
    if isinstance(spec, str):
        spec = [spec]
    out = []
    for s in spec:
        out += [t.strip().upper() for t in s.replace("，", ",").split(",") if t.strip()]
    return out


def _matches(token: str, code: str) -> bool:
    """A token is a severity (E/W/I), a code (S03) or a code prefix (S, S0)."""
    if token in SEVERITIES:
        return RULES[code].severity == token
    return code.startswith(token)


def select_codes(select=None, ignore=None) -> tuple[str, ...]:
    """Codes to run. E/W/I are severities — the weights group is "W0" (W01–W04)."""
    load_all()
    sel, ign = _tokens(select), _tokens(ignore)
    for t in sel + ign:
        if t not in SEVERITIES and not any(c.startswith(t) for c in RULES):
            raise XlkitError(f"未知的规则代码或前缀：{t}（可用 xlkit rules 查看全部代码；W 表示警告级别，权重组请写 W0）")
    codes = [c for c in RULES if not sel or any(_matches(t, c) for t in sel)]
    codes = [c for c in codes if not any(_matches(t, c) for t in ign)]
    return tuple(sorted(codes))


# --- pairing reports (X rules) ---------------------------------------------------------

Reports = Mapping[str, Any] | Sequence[Any] | Callable[[Form], Any] | None


def pair_report(form: Form, path: str, reports: Reports, total_forms: int = 1) -> Any:
    """The report facts that belong to a form: by file path (mapping), by project name
    (sequence of facts with a `project` attribute), or by a callable."""
    if reports is None:
        return None
    if callable(reports):
        return reports(form)
    if isinstance(reports, Mapping):
        return reports.get(path) or reports.get(os.path.abspath(path))
    from .quantities import normalize_text
    name = normalize_text(form.name).replace(" ", "")
    for r in reports:
        proj = getattr(r, "project", None) or getattr(r, "project_name", None)
        if proj and normalize_text(str(proj)).replace(" ", "") == name:
            return r
    if len(reports) == 1 and total_forms == 1:
        return reports[0]  # one form, one report: they belong together
    return None


# --- running ------------------------------------------------------------------------

def _read(path: str) -> Bundle:
    from .read import read_workbook  # the reader imports its Excel libraries lazily itself
    return read_workbook(path)


def _formula_cells(path: str, bundle: Bundle, codes: Sequence[str]):
    """Formula cells per sheet, only when an F rule runs and the format keeps formulas."""
    if not any(c.startswith("F") for c in codes) or not path.lower().endswith(FORMULA_EXTS):
        return {}
    from .formula_cells import load_formula_cells
    sheets = sorted({f.sheet for f in bundle.forms if f.sheet})
    try:
        return load_formula_cells(path, sheets)
    except XlkitError:
        return {}


def summarize(ctx: FormContext) -> FormSummary:
    from .scoring import stated_grade
    f = ctx.form
    recomputed = ctx.recomputed_total()
    return FormSummary(sheet=f.sheet or "", project=f.name, cell=f.origin or f.project.cell or "",
                       stated_total=f.total_score.number, recomputed_total=recomputed,
                       grade=ctx.profile.grade_for(recomputed), stated_grade=stated_grade(f.grade.text))


def run_rules(ctx, codes: Sequence[str], scope: str) -> list[Finding]:
    out: list[Finding] = []
    for code in codes:
        info = RULES[code]
        if info.scope == scope and info.func is not None:
            out.extend(info.func(ctx))
    return out


def check_bundle(bundle: Bundle, path: str, profile: Profile, codes: Sequence[str],
                 reports: Reports = None, formulas: Mapping[str, Any] | None = None,
                 n_files: int = 1) -> tuple[list[Finding], list[FormSummary]]:
    """Run the selected rules over one workbook's content."""
    total_forms = len(bundle.forms) * max(n_files, 1)
    findings: list[Finding] = []
    summaries: list[FormSummary] = []
    for form in bundle.forms:
        ctx = FormContext(form, bundle, profile, file=path,
                          report=pair_report(form, path, reports, total_forms),
                          formulas=(formulas or {}).get(form.sheet or ""))
        findings += run_rules(ctx, codes, "form")
        summaries.append(summarize(ctx))
    findings += run_rules(BundleContext(bundle, profile, file=path), codes, "bundle")
    return findings, summaries


def check_file(path: str, profile: Profile, codes: Sequence[str], reports: Reports = None,
               n_files: int = 1, bundle: Bundle | None = None) -> FileResult:
    """One file; never raises for a bad file (that is R01). `bundle`: the workbook already read
    (e.g. while pairing reports with forms), so it is not read twice."""
    from .errors import ReadError
    try:
        if bundle is None:
            bundle = _read(path)
    except Exception as e:  # one bad file must not stop a batch: it becomes R01
        if not isinstance(e, ReadError) and os.environ.get("XLKIT_DEBUG"):
            raise
        message = e.message if isinstance(e, XlkitError) else f"{path}：读取时出错（{type(e).__name__}: {e}）"
        fr = FileResult(path, "error", error=message)
        if "R01" in codes:
            fr.findings = list(RULES["R01"].func(FileContext(path, message)))
        return fr
    if not bundle.forms:
        fr = FileResult(path, "empty", bundle=bundle)
        if "R02" in codes:
            fr.findings = list(RULES["R02"].func(FileContext(path)))
        fr.findings += run_rules(BundleContext(bundle, profile, file=path), codes, "bundle")
        return fr
    formulas = _formula_cells(path, bundle, codes)
    findings, summaries = check_bundle(bundle, path, profile, codes, reports, formulas, n_files)
    return FileResult(path, "ok", forms=summaries, findings=findings, bundle=bundle)


def _worker(args) -> FileResult:
    path, profile, codes, reports, keep, n, bundle = args
    fr = check_file(path, profile, codes, reports, n, bundle)
    if not keep:
        fr.bundle = None  # do not ship the whole model back across processes
    return fr


def iter_check(paths: Iterable[str], *, profile: Profile | None = None, select=None, ignore=None,
               reports: Reports = None, jobs: int = 1, keep_bundles: bool = False,
               progress: Callable[[int, int], None] | None = None,
               bundles: dict[str, Bundle] | None = None) -> Iterator[FileResult]:
    """Check files one by one, yielding each FileResult in input order.

    Memory stays flat for any number of files when the caller does not keep the results
    (keep_bundles=False drops each workbook's model as soon as its rules have run).
    """
    from .read import iter_input_files
    profile = profile or default_profile()
    codes = select_codes(select, ignore)
    files = [str(p) for p in iter_input_files(list(paths))]
    n = len(files)
    bundles = bundles or {}
    if jobs > 1 and n > 1 and not callable(reports):
        from concurrent.futures import ProcessPoolExecutor
        args = ((p, profile, codes, reports, keep_bundles, n, bundles.get(p)) for p in files)
        with ProcessPoolExecutor(max_workers=min(jobs, n)) as ex:
            # map keeps input order, so the output is the same as with jobs=1
            for i, fr in enumerate(ex.map(_worker, args, chunksize=max(1, n // (jobs * 8))), 1):
                if progress:
                    progress(i, n)
                yield fr
        return
    for i, p in enumerate(files, 1):
        fr = check_file(p, profile, codes, reports, n, bundles.get(p))
        if not keep_bundles:
            fr.bundle = None
        if progress:
            progress(i, n)
        yield fr


def check(paths: Iterable[str], *, profile: Profile | None = None, select=None, ignore=None,
          reports: Reports = None, jobs: int = 1, keep_bundles: bool = False,
          progress: Callable[[int, int], None] | None = None,
          bundles: dict[str, Bundle] | None = None) -> CheckReport:
    """Check workbooks (files or directories). Output is identical for any `jobs`."""
    profile = profile or default_profile()
    codes = select_codes(select, ignore)
    results = list(iter_check(paths, profile=profile, select=select, ignore=ignore, reports=reports,
                              jobs=jobs, keep_bundles=keep_bundles, progress=progress, bundles=bundles))
    return CheckReport(profile=profile, files=results, codes=codes)
