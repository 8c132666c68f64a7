"""The form model: plain dataclasses, no Excel library.

Every field of a form is a :class:`Value`, which remembers the parsed value, the raw
text as the user typed it and where it came from (sheet + cell), so that checks can
point at cells and say "stored as text" (R04). Data flows one way: readers and the
fill engine build these objects; rules only read them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

SEVERITIES = ("E", "W", "I")

# Canonical names used across the model, the data tables and the rules.
LEVEL1_NAMES = ("产出指标", "效益指标", "满意度指标")
BUDGET_LEVEL1 = "预算执行率"
FUND_ROWS = ("年度资金总额", "本年财政拨款", "上年结转资金", "其他资金")
FUND_COLUMNS = ("年初预算数", "全年预算数", "全年执行数")


@dataclass(slots=True)
class Value:
    """One cell's worth of data.

    value: the parsed value: a float for numeric fields (percentages as fractions),
        a str for text fields, None when the cell is empty or holds only a dash.
    raw: the cell's text as shown to the user (None when the cell is empty).
    sheet, cell: where it came from ("Sheet1", "H14"); None for values from data files.
    formula: the formula text ("=B7/A7") when the cell holds one and the reader saw it.
    text_number: the number was read from text, or carried a unit/percent sign/full-width
        digits ("140.4 万元", "100.00%", "１２０") — R04 reports it.
    unit: the unit found next to a number ("万元", "人", "%"), if any.
    """

    value: Any = None
    raw: str | None = None
    sheet: str | None = None
    cell: str | None = None
    formula: str | None = None
    text_number: bool = False
    unit: str | None = None

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())

    @property
    def number(self) -> float | None:
        v = self.value
        if isinstance(v, bool):
            return None
        if isinstance(v, (int, float)):
            return float(v)
        return None

    @property
    def text(self) -> str:
        """The value as text for messages and text fields ('' when empty)."""
        if self.raw is not None:
            return self.raw
        if self.value is None:
            return ""
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return str(self.value)

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.cell or ""


def V(value: Any = None, raw: str | None = None, **kw: Any) -> Value:
    """Shorthand for tests and data loaders."""
    if raw is None and value is not None:
        raw = value if isinstance(value, str) else None
    return Value(value=value, raw=raw, **kw)


@dataclass(slots=True)
class FundRow:
    """One row of the 项目资金 block: 年度资金总额 / 本年财政拨款 / 上年结转资金 / 其他资金."""

    key: str  # one of FUND_ROWS
    label: Value = field(default_factory=Value)
    initial: Value = field(default_factory=Value)  # 年初预算数
    budget: Value = field(default_factory=Value)  # 全年预算数 (A)
    executed: Value = field(default_factory=Value)  # 全年执行数 (B)

    def column(self, name: str) -> Value:
        return {"年初预算数": self.initial, "全年预算数": self.budget, "全年执行数": self.executed}[name]


@dataclass(slots=True)
class Funds:
    total: FundRow = field(default_factory=lambda: FundRow("年度资金总额"))
    fiscal: FundRow = field(default_factory=lambda: FundRow("本年财政拨款"))
    carryover: FundRow = field(default_factory=lambda: FundRow("上年结转资金"))
    other: FundRow = field(default_factory=lambda: FundRow("其他资金"))
    weight: Value = field(default_factory=Value)  # 分值 of 预算执行率 (default 10)
    rate: Value = field(default_factory=Value)  # stated 执行率, as a fraction
    score: Value = field(default_factory=Value)  # 得分 of 预算执行率
    # source rows the four fields have no place for ("中央补助资金", "地方配套资金", "单位自筹资金"),
    # key = the row's label as written; B01 counts them as sources of the 年度资金总额
    extra: list[FundRow] = field(default_factory=list)

    @property
    def rows(self) -> tuple[FundRow, FundRow, FundRow, FundRow]:
        return (self.total, self.fiscal, self.carryover, self.other)

    def execution_rate(self) -> float | None:
        """执行率 as a fraction: 全年执行数 / 全年预算数 (B/A), or the stated rate when the
        amounts are missing ("100" typed for 100 % counts as 1.0)."""
        a, b = self.total.budget.number, self.total.executed.number
        if a and b is not None and a > 0:
            return b / a
        stated = self.rate.number
        if stated is not None and stated > 1.5:
            return stated / 100
        return stated

    def row(self, key: str) -> FundRow:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)


@dataclass(slots=True)
class Indicator:
    """One 三级指标 row of the 绩效指标 table."""

    level1: Value = field(default_factory=Value)  # value: canonical name ("产出指标"); raw: label as written ("产出指标 (50分)")
    level2: Value = field(default_factory=Value)  # 二级指标, e.g. 数量指标
    name: Value = field(default_factory=Value)  # 三级指标
    target: Value = field(default_factory=Value)  # 年度指标值 (text as written)
    actual: Value = field(default_factory=Value)  # 实际完成值 (text as written)
    weight: Value = field(default_factory=Value)  # 分值
    score: Value = field(default_factory=Value)  # 得分
    reason: Value = field(default_factory=Value)  # 偏差原因分析及改进措施
    level1_points: float | None = None  # points declared in the 一级 label, "(50分)" -> 50
    row: int | None = None  # 1-based sheet row, when read from a workbook


@dataclass(slots=True)
class Form:
    """One 项目支出绩效自评表."""

    project: Value = field(default_factory=Value)  # 项目名称
    department: Value = field(default_factory=Value)  # 主管部门
    implementer: Value = field(default_factory=Value)  # 实施单位
    year: Value = field(default_factory=Value)  # value: int year (2022); raw: "（2022年度）"
    title: Value = field(default_factory=Value)
    funds: Funds = field(default_factory=Funds)
    goal: Value = field(default_factory=Value)  # 年度总体目标 — 预期目标
    achieved: Value = field(default_factory=Value)  # 年度总体目标 — 实际完成情况
    indicators: list[Indicator] = field(default_factory=list)
    total_weight: Value = field(default_factory=Value)  # 总分 分值
    total_score: Value = field(default_factory=Value)  # 总分 得分
    grade: Value = field(default_factory=Value)  # 评价等级 / 评价结论, when the form states one
    source: str | None = None  # file path
    sheet: str | None = None
    origin: str | None = None  # top-left cell of the form in its sheet
    template: str | None = None  # xlkit template id/version when made from xlkit's template
    notes: dict[str, Any] = field(default_factory=dict)  # reader remarks (layout variant, etc.)

    @property
    def name(self) -> str:
        return self.project.text.strip()

    def values(self) -> Iterator[tuple[str, Value]]:
        """Every Value of the form with a dotted path, for generic checks (R04, F01)."""
        for attr in ("project", "department", "implementer", "year", "goal", "achieved",
                     "total_weight", "total_score", "grade"):
            yield attr, getattr(self, attr)
        for r in self.funds.rows:
            for col in FUND_COLUMNS:
                yield f"funds.{r.key}.{col}", r.column(col)
        for attr in ("weight", "rate", "score"):
            yield f"funds.{attr}", getattr(self.funds, attr)
        for i, ind in enumerate(self.indicators):
            for attr in ("level1", "level2", "name", "target", "actual", "weight", "score", "reason"):
                yield f"indicators.{i}.{attr}", getattr(ind, attr)


@dataclass(slots=True)
class ProjectEntry:
    """A row of the 部门绩效自评项目清单."""

    seq: Value = field(default_factory=Value)
    name: Value = field(default_factory=Value)
    note: Value = field(default_factory=Value)


@dataclass(slots=True)
class Bundle:
    """What one workbook (or one data file) holds: a department's list and its forms."""

    department: str | None = None
    year: int | None = None
    project_list: list[ProjectEntry] = field(default_factory=list)
    list_sheet: str | None = None
    forms: list[Form] = field(default_factory=list)
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found. Text and JSON writers both print from this record."""

    code: str
    severity: str  # E / W / I
    message: str  # Chinese, with the numbers involved
    file: str = ""
    sheet: str = ""
    project: str = ""
    cell: str = ""  # "H14" or "G10:G18"
    actual: Any = None
    expected: Any = None
    note: str = ""  # e.g. which profile value was used

    def sort_key(self) -> tuple:
        row, col = cell_sort_key(self.cell)
        return (self.file, self.sheet, row, col, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "sheet": self.sheet, "project": self.project,
            "code": self.code, "severity": self.severity, "cell": self.cell,
            "message": self.message, "expected": self.expected, "actual": self.actual,
            "note": self.note,
        }


# --- report facts (绩效自评报告 / 绩效评价报告) ------------------------------------

@dataclass(slots=True)
class ReportFact:
    """One number (or grade) stated in a narrative report, with where it was said.

    kind: "total" (总得分), "grade" (评价等级), "score"/"weight" (评价得分/标准分值 of a
        一级指标, key = canonical 一级 name or "合计"), "count" (people/items), "rate"
        (预算执行率, as a fraction), "amount" (万元).
    where: a location a person can find: "第12段", "表1第3行第2列", "第40行".
    sentence: the sentence (or table row) the fact was read from, for messages.
    subject: for counts the words naming what was counted ("生活困难劳模帮扶"); for
        amounts the clause ("全年执行数"); for scores the 一级 name.
    role: for amounts: "initial" / "budget" / "executed" / "" (unknown).
    target: the number is a plan or target ("100 人以上", "拟帮扶 200 人左右"), not a result.
    parts: for a count followed by "其中 …": the counts it is made of.
    """

    kind: str
    value: Any
    where: str = ""
    sentence: str = ""
    key: str = ""
    subject: str = ""
    unit: str = ""
    role: str = ""
    target: bool = False
    parts: tuple["ReportFact", ...] = ()
    year: int | None = None  # a year the sentence names before the number ("2021 年帮扶 95 人"), if any


@dataclass(slots=True)
class ReportFacts:
    """What xlkit read from one report (see xlkit.read.documents.read_report)."""

    source: str = ""
    title: str = ""
    project: str = ""  # project name guessed from the title/file name ("困难劳模帮扶专项")
    total: list[ReportFact] = field(default_factory=list)
    grade: list[ReportFact] = field(default_factory=list)
    scores: list[ReportFact] = field(default_factory=list)  # kind "score": 评价得分 by 一级指标
    weights: list[ReportFact] = field(default_factory=list)  # kind "weight": 标准分值 by 一级指标
    counts: list[ReportFact] = field(default_factory=list)
    rates: list[ReportFact] = field(default_factory=list)
    amounts: list[ReportFact] = field(default_factory=list)
    problems: str = ""  # text of the 存在的问题 section, when found
    suggestions: str = ""  # text of the 建议 section, when found
    achievements: str = ""  # text of the 主要绩效/经验 section, when found
    paragraphs: list[tuple[str, str]] = field(default_factory=list)  # (where, text), in order


# --- A1 references -------------------------------------------------------------

def col_letter(col: int) -> str:
    """1 -> 'A', 27 -> 'AA'."""
    s = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def ref(row: int, col: int) -> str:
    """1-based row/col -> 'B7'."""
    return f"{col_letter(col)}{row}"


def parse_ref(a1: str) -> tuple[int, int]:
    """'B7' -> (7, 2), 1-based. '$B$7' accepted."""
    a1 = a1.replace("$", "").strip().upper()
    i = 0
    while i < len(a1) and a1[i].isalpha():
        i += 1
    if i == 0 or i == len(a1):
        raise ValueError(f"not a cell reference: {a1!r}")
    return int(a1[i:]), col_index(a1[:i])


def cell_sort_key(cell: str) -> tuple[int, int]:
    if not cell:
        return (0, 0)
    first = cell.split(":")[0]
    try:
        return parse_ref(first)
    except ValueError:
        return (0, 0)
