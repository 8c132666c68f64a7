"""R — reading. R01/R02 are file-level: the engine calls them with a FileContext."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..model import Finding, Value, parse_ref
from ..quantities import fmt_num, fmt_pct
from .context import FormContext, cell_range
from .registry import RULES, rule


@dataclass(slots=True)
class FileContext:
    file: str
    error: str = ""  # the reader's one-line reason (R01)

    def finding(self, code: str, message: str) -> Finding:
        return Finding(code=code, severity=RULES[code].severity, message=message, file=self.file)


@rule("R01", "E", "文件无法作为工作簿打开（损坏、非表格、加密或格式不支持）", scope="file")
def r01_unreadable(ctx: FileContext) -> Iterator[Finding]:
    """The file cannot be opened as a workbook; the reader's reason is the message."""
    yield ctx.finding("R01", f"无法读取：{ctx.error}" if ctx.error else "无法作为工作簿读取")


@rule("R02", "E", "工作簿中没有找到项目支出绩效自评表", scope="file")
def r02_no_form(ctx: FileContext) -> Iterator[Finding]:
    """No sheet carries the form's labels (项目名称, 绩效指标, 总分 ...)."""
    yield ctx.finding("R02", "没有找到项目支出绩效自评表：没有工作表含有自评表的栏目（项目名称、项目资金、绩效指标、总分）")


def _required(ctx: FormContext) -> list[tuple[str, Value]]:
    f = ctx.form
    return [("项目名称", f.project), ("主管部门", f.department), ("实施单位", f.implementer),
            ("全年预算数", f.funds.total.budget), ("全年执行数", f.funds.total.executed),
            ("总分得分", f.total_score)]


@rule("R03", "E", "必填栏目缺失或为空：项目名称、主管部门、实施单位、全年预算数、全年执行数、绩效指标表、总分")
def r03_required(ctx: FormContext) -> Iterator[Finding]:
    """A required field is missing or empty."""
    for label, v in _required(ctx):
        if v.empty:
            yield ctx.finding("R03", f"必填栏目「{label}」为空", v)
    if not ctx.rows():
        yield ctx.finding("R03", "绩效指标表为空：没有任何三级指标行", ctx.form.total_score)


def _numeric_values(ctx: FormContext) -> list[tuple[str, Value]]:
    f = ctx.form
    out: list[tuple[str, Value]] = []
    for r in f.funds.rows:
        out += [(f"{r.key}·年初预算数", r.initial), (f"{r.key}·全年预算数", r.budget),
                (f"{r.key}·全年执行数", r.executed)]
    out += [("执行率分值", f.funds.weight), ("执行率", f.funds.rate), ("执行率得分", f.funds.score),
            ("总分分值", f.total_weight), ("总分得分", f.total_score)]
    for ind in ctx.rows():
        out += [("分值", ind.weight), ("得分", ind.score)]
    return out


def _shown(v: Value) -> str:
    return fmt_pct(v.number) if v.unit == "%" else fmt_num(v.number, 4)


@rule("R04", "W", "数字以文本存储或带单位（“140.4 万元”“100.00%”“10 分”），已读取，但应改为数值")
def r04_text_numbers(ctx: FormContext) -> Iterator[Finding]:
    """Numbers typed as text: Excel cannot sum them and formulas referring to them break.

    One finding per sheet row, so a fund row written "140.4 万元" three times is one line.
    """
    by_row: dict[tuple[str, int], list[tuple[str, Value]]] = {}
    for label, v in _numeric_values(ctx):
        if not v.text_number or v.number is None:
            continue
        row = parse_ref(v.cell)[0] if v.cell else 0
        by_row.setdefault((v.sheet or ctx.sheet, row), []).append((label, v))
    for (_sheet, _row), items in sorted(by_row.items()):
        shown = "、".join(f"{lab}「{v.raw}」" for lab, v in items)
        values = [v for _, v in items]
        yield ctx.finding("R04", f"数字以文本形式填写（已按 {', '.join(_shown(v) for v in values)} 读取）："
                          f"{shown}；应填写数值，单位写在表头", cell_range(values) or None,
                          sheet=values[0].sheet or None)
