"""N — the 实际完成情况 narrative inside the form against the form's own numbers.

Conservative by design: a count in the text is compared with an indicator only when the
words before the count share at least two character pairs with the indicator's name
("慰问困难职工 1350 人" ~ "“两节”期间帮扶困难职工"); otherwise we cannot tell what it counts.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Finding, Indicator
from ..quantities import fmt_num, normalize_text
from ..targets import _NUM, is_time_phrase
from .context import FormContext, strip_label
from .registry import rule

COUNT_UNITS = ("人次", "户次", "人", "户", "场", "次", "家", "本", "项", "期", "名", "所", "册")
_COUNT = re.compile(rf"(?P<ctx>[^\d,;:。、()]{{0,16}}?)\s*(?P<num>{_NUM})\s*(?P<unit>{'|'.join(COUNT_UNITS)})")
_AMOUNT = re.compile(rf"(?P<ctx>[^\d,;:。、()]{{0,16}}?)\s*(?P<num>{_NUM})\s*(?P<unit>亿元|万元|元)")
_SPEND_WORDS = ("使用", "支出", "执行", "拨付", "支付", "花费", "用款", "实际发放", "发放")
_UNIT_TO_WAN = {"亿元": 1e4, "万元": 1.0, "元": 1e-4}
MIN_OVERLAP = 2


def _bigrams(s: str) -> set[str]:
    s = re.sub(r"[^\u4e00-\u9fff]", "", s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def text_counts(text: str) -> list[tuple[str, float, str]]:
    """(words before, number, unit) for each count in a narrative; dates are skipped."""
    s = normalize_text(text or "")
    out = []
    for m in _COUNT.finditer(s):
        if is_time_phrase(m.group(0)):
            continue
        out.append((m.group("ctx").strip(), float(m.group("num").replace(",", "")), m.group("unit")))
    return out


def text_spending(text: str) -> list[tuple[str, float]]:
    """(words before, amount in 万元) for amounts introduced by a spending word."""
    s = normalize_text(text or "")
    out = []
    for m in _AMOUNT.finditer(s):
        ctx = m.group("ctx")
        if any(w in ctx for w in _SPEND_WORDS):
            out.append((ctx.strip(), float(m.group("num").replace(",", "")) * _UNIT_TO_WAN[m.group("unit")]))
    return out


def _indicator_count(ctx: FormContext, ind: Indicator) -> tuple[float, str] | None:
    a = ctx.analysis(ind)
    if a.target is None or a.actual is None:
        return None
    unit = a.actual.unit or a.target.unit
    if unit not in COUNT_UNITS:
        return None
    return a.actual.base if a.actual.unit else a.actual.number * a.target.quantity.scale, unit


@rule("N01", "W", "实际完成情况中的人数/数量与对应指标的实际完成值矛盾，或文中分项数之和与指标不符")
def n01_counts(ctx: FormContext) -> Iterator[Finding]:
    """A count in 实际完成情况 that plainly refers to an indicator must equal its 实际完成值."""
    counts = text_counts(ctx.form.achieved.text)
    if not counts:
        return
    for ind in ctx.rows():
        got = _indicator_count(ctx, ind)
        if got is None:
            continue
        value, unit = got
        name = _bigrams(strip_label(ind.name.text))
        related = [(len(name & _bigrams(c)), c, n) for c, n, u in counts if u == unit]
        related = [r for r in related if r[0] >= MIN_OVERLAP]
        if not related:
            continue
        values = [n for _, _, n in related]
        if any(abs(v - value) < 1e-9 for v in values) or abs(sum(values) - value) < 1e-9:
            continue
        _, words, n = max(related, key=lambda r: r[0])
        yield ctx.finding("N01", f"实际完成情况写「{words} {fmt_num(n)} {unit}」，指标「{strip_label(ind.name.text)}」"
                          f"实际完成值为 {fmt_num(value)} {unit}", ind.actual, expected=value, actual=n)


@rule("N02", "W", "实际完成情况中的金额（“使用 140.4 万元”）与全年执行数不符")
def n02_amount(ctx: FormContext) -> Iterator[Finding]:
    """An amount the narrative says was spent must equal 全年执行数."""
    executed = ctx.form.funds.total.executed.number
    spent = text_spending(ctx.form.achieved.text)
    if executed is None or not spent:
        return
    tol = ctx.profile.amount_tolerance
    if any(abs(v - executed) <= tol for _, v in spent):
        return
    words, v = spent[0]
    yield ctx.finding("N02", f"实际完成情况写「{words} {fmt_num(v, 4)} 万元」，全年执行数为 {fmt_num(executed, 4)} 万元",
                      ctx.form.achieved, expected=executed, actual=v,
                      note=f"amount_tolerance={fmt_num(tol, 4)}")
