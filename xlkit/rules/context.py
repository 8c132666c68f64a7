"""What a rule sees: the form, its bundle, the profile, an optional report, and shared
per-indicator analysis (targets parsed once, expected scores computed once).

Rules read the context and yield Findings made with :meth:`FormContext.finding`, which
fills in file, sheet, project and the registered severity, so a rule states only what is
particular to it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model import Bundle, Finding, Form, Indicator, Value, cell_sort_key, col_letter
from ..quantities import normalize_text
from ..scoring import Profile, quantitative_score, QuantResult
from ..scoring.expected import budget_score
from ..targets import Quantity, Target, classify_actual, comparable, parse_actual, parse_target
from .registry import RULES

PLACEHOLDERS = frozenset({"无", "/", "／", "—", "——", "-", "－", "无指标", "空", "暂无", "N/A", "n/a"})
NO_REASON = frozenset({"", "0", "无", "/", "／", "—", "——", "-", "－", "暂无", "无偏差"})


def clean(text: object) -> str:
    return normalize_text("" if text is None else str(text)).strip()


def strip_label(text: object) -> str:
    """"指标:无" -> "无": some budget systems prefix every 三级指标 with a label."""
    s = clean(text)
    for prefix in ("指标:", "指标："):
        if s.startswith(prefix):
            return s[len(prefix):].strip()
    return s


def is_placeholder(ind: Indicator) -> bool:
    return strip_label(ind.name.text) in PLACEHOLDERS


def has_reason(ind: Indicator) -> bool:
    return clean(ind.reason.text) not in NO_REASON


def level2_key(name: str) -> str:
    """Loose 二级指标 match: "服务对象满意度指标" ~ "服务对象满意度"."""
    s = clean(name).replace(" ", "")
    return s[:-2] if s.endswith("指标") else s


@dataclass(slots=True)
class Analysis:
    """One indicator as the scoring rules see it."""

    target: Target | None
    actual: Quantity | None
    numbers: tuple[float, float] | None  # (target, actual) in a common unit; None if not comparable
    result: QuantResult | None  # quantitative score under the profile
    band: str | None  # qualitative band of the actual (达成/部分达成/未达成)
    unit_mismatch: bool

    @property
    def quantitative(self) -> bool:
        return self.target is not None and self.actual is not None and self.numbers is not None


def criterion_text(v: Value) -> Any:
    """The text a target/actual is judged by: the reader may have completed a bare 指标值 from
    its 指标性质 / 计量单位 columns into the value ("≤" + "5" + "%"); raw stays for messages."""
    t = v.value if v.raw is None or isinstance(v.value, str) else v.raw
    if v.unit and isinstance(t, (str, int, float)) and not isinstance(t, bool):
        s = normalize_text(str(t)).strip()
        if _BARE_NUMBER.fullmatch(s):
            return s + v.unit  # "1500" in 指标值 + "人" in 计量单位
    return t


# a number, optionally after a comparison sign ("≤5"): what a 计量单位 column completes
_BARE_NUMBER = re.compile(r"(?:[≥≤=<>]=?)?\s*[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def analyse(ind: Indicator, profile: Profile) -> Analysis:
    cost = level2_key(ind.level2.text) == "成本"
    target_raw = criterion_text(ind.target)
    target = None if is_placeholder(ind) else parse_target(target_raw, cost=cost)
    actual_raw = criterion_text(ind.actual)
    actual = parse_actual(actual_raw) if target is not None else None
    numbers = comparable(target, actual) if (target and actual) else None
    mismatch = bool(target and actual and numbers is None)
    result = None
    weight = ind.weight.number
    if numbers is not None and weight is not None and weight > 0:
        result = quantitative_score(target, numbers[0], numbers[1], weight, profile)
    band = None
    if actual is None:
        band = classify_actual(ind.actual.text, ind.target.text)
    return Analysis(target, actual, numbers, result, band, mismatch)


class FormContext:
    """Context of a form-scope rule."""

    scope = "form"

    def __init__(self, form: Form, bundle: Bundle, profile: Profile, file: str = "",
                 report: Any = None, formulas: Any = None):
        self.form = form
        self.bundle = bundle
        self.profile = profile
        self.file = file or form.source or bundle.source or ""
        self.report = report  # facts of the paired 绩效评价报告 (X rules); None when absent
        self.formulas = formulas  # formula cells of the form's sheet (F rules); None when unknown
        self._analysis: dict[int, Analysis] = {}
        self._form_rows: tuple[int, int] | None = None  # sheet rows of the form (F rules)
        self._rows: list[Indicator] | None = None

    @property
    def sheet(self) -> str:
        return self.form.sheet or ""

    @property
    def project(self) -> str:
        return self.form.name

    def analysis(self, ind: Indicator) -> Analysis:
        key = id(ind)
        a = self._analysis.get(key)
        if a is None:
            a = self._analysis[key] = analyse(ind, self.profile)
        return a

    def rows(self) -> list[Indicator]:
        """Indicator rows that hold anything (the reader may keep blank rows of a template)."""
        if self._rows is None:
            self._rows = [i for i in self.form.indicators
                          if any(not v.empty for v in (i.name, i.target, i.actual, i.weight, i.score))]
        return self._rows

    def execution_rate(self) -> float | None:
        """全年执行数 / 全年预算数, or the stated rate when the amounts are missing."""
        return self.form.funds.execution_rate()

    def expected_budget_score(self) -> tuple[float, str] | None:
        rate = self.execution_rate()
        weight = self.form.funds.weight.number
        if rate is None or weight is None:
            return None
        return budget_score(rate, weight, self.profile)

    def expected_indicator_score(self, ind: Indicator) -> float | None:
        """The profile's score for a quantitative row; None when it cannot be recomputed."""
        a = self.analysis(ind)
        return a.result.expected if a.result else None

    def recomputed_total(self) -> float | None:
        """总分 with quantitative rows and 预算执行率 recomputed, other rows as stated (capped)."""
        parts = []
        for ind in self.rows():
            exp = self.expected_indicator_score(ind)
            if exp is not None:
                parts.append(exp)
            elif ind.score.number is not None:
                w = ind.weight.number
                parts.append(min(max(ind.score.number, 0.0), w) if w is not None else ind.score.number)
        b = self.expected_budget_score()
        if b is not None:
            parts.append(b[0])
        elif self.form.funds.score.number is not None:
            parts.append(self.form.funds.score.number)
        if not parts:
            return None
        return round(sum(parts), 2)

    def finding(self, code: str, message: str, where: Value | str | None = None, *,
                expected: Any = None, actual: Any = None, note: str = "",
                sheet: str | None = None) -> Finding:
        cell = where.cell if isinstance(where, Value) else where
        if isinstance(where, Value) and where.sheet and sheet is None:
            sheet = where.sheet
        if not cell:
            cell = self.form.origin or ""
        return Finding(code=code, severity=RULES[code].severity, message=message,
                       file=self.file, sheet=sheet if sheet is not None else self.sheet,
                       project=self.project, cell=cell or "", actual=actual,
                       expected=expected, note=note)


class BundleContext:
    """Context of a bundle-scope rule (D01): one workbook's list and forms."""

    scope = "bundle"

    def __init__(self, bundle: Bundle, profile: Profile, file: str = ""):
        self.bundle = bundle
        self.profile = profile
        self.file = file or bundle.source or ""

    def finding(self, code: str, message: str, *, sheet: str = "", cell: str = "",
                project: str = "", expected: Any = None, actual: Any = None, note: str = "") -> Finding:
        return Finding(code=code, severity=RULES[code].severity, message=message, file=self.file,
                       sheet=sheet, project=project, cell=cell, actual=actual, expected=expected, note=note)


def cell_range(values: list[Value]) -> str:
    """"G13:G16" for a column of cells, the single cell for one, '' when none is known."""
    cells = [v.cell for v in values if v.cell]
    if not cells:
        return ""
    if len(cells) == 1:
        return cells[0]
    keys = [cell_sort_key(c) for c in cells]
    rows, cols = [k[0] for k in keys], [k[1] for k in keys]
    return f"{col_letter(min(cols))}{min(rows)}:{col_letter(max(cols))}{max(rows)}"
