"""Pure parsing of 年度指标值 (targets) and 实际完成值 (actuals), SCORING.md §3–§4.

A target is *quantitative* when it reads as a comparison, one number and an optional
unit: "≥55万元", "100 人以上", "不少于 3 次", "40 人左右", "=2 场", "１００％". Time phrases
("2022 年开展", "12 月份前完成", "当年完成") are not counts and are never parsed as such.
Qualitative actuals ("达成预期指标", "基本完成", "不满意") are placed in bands (§4); text
that fits no band is left alone (no guessing). No Excel library here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .quantities import normalize_text

AT_LEAST, AT_MOST, EXACT, APPROX = "ge", "le", "eq", "approx"
DIRECTION_TEXT = {AT_LEAST: "不少于", AT_MOST: "不超过", EXACT: "等于", APPROX: "约为"}

# Multipliers written in front of a unit ("0.6万元", "2亿元", "1.2万人次").
_SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6}
# Units that mean the same base unit after scaling (万元 -> 元).
_UNIT_ALIASES = {"个工作日": "工作日", "元": "元", "%": "%", "％": "%", "人": "人", "名": "人", "位": "人"}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_NUM_RE = re.compile(_NUM)

# A number followed by one of these is a date or a duration of calendar time, not a count.
_TIME_AFTER = re.compile(
    rf"(?:{_NUM})(?:\s*[-~至到—]\s*(?:{_NUM}))?\s*(?:年|月|日|号|季度|周|个月|月份|点|时(?!间))")
# Comparison words, longest first so that "不少于" wins over "少于".
_GE_WORDS = ("大于等于", "不少于", "不低于", "不小于", "至少", "达到", "≥", ">=", "≧", "大于", ">")
_LE_WORDS = ("小于等于", "不超过", "不高于", "不大于", "最多", "≤", "<=", "≦", "少于", "低于", "小于", "<")
_EQ_WORDS = ("==", "=", "等于")
_APPROX_PREFIX = ("约", "大约", "大概")
_GE_SUFFIX = ("及以上", "以上", "或以上", "(含)以上", "以上(含)")
_LE_SUFFIX = ("及以下", "以下", "以内", "之内", "内")
_APPROX_SUFFIX = ("左右", "上下")
# Units we recognise after a number: longest first.
_UNITS = ("个工作日", "工作日", "人次", "户次", "个百分点", "平方米", "公里", "小时", "课时",
          "人", "名", "位", "户", "次", "场", "个", "家", "本", "项", "期", "份", "篇", "天", "台",
          "套", "件", "所", "批", "册", "条", "张", "辆", "座", "处", "元", "%", "亩", "吨", "株",
          "棵", "米", "km", "KM", "分")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit as written and as a base unit ("0.6 万元" -> 0.6 × 1e4 元)."""

    number: float  # as written (0.6)
    scale: float  # multiplier written before the unit (1e4 for 万)
    unit: str | None  # base unit ("元", "人", "%"), None when bare
    written_unit: str | None  # unit as written ("万元")

    @property
    def base(self) -> float:
        return self.number * self.scale


@dataclass(frozen=True, slots=True)
class Target:
    direction: str  # ge / le / eq / approx
    quantity: Quantity
    explicit: bool  # direction stated in words/signs (False: bare number, direction by default)
    raw: str

    @property
    def number(self) -> float:
        return self.quantity.number

    @property
    def unit(self) -> str | None:
        return self.quantity.unit


def _clean(text: object) -> str:
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    s = normalize_text(str(text)).strip()
    s = s.replace("：", ":")
    # "指标:55万元" — a label prefix some budget systems add.
    s = re.sub(r"^指标\s*:\s*", "", s)
    return s


def is_time_phrase(text: object) -> bool:
    """"2022 年开展", "12月完成", "12 月份前完成": a number that is a date, not a count."""
    s = _clean(text)
    return bool(_TIME_AFTER.search(s))


def numbers_in(text: object) -> list[str]:
    """The numbers written in a text, ignoring those that are dates."""
    s = _clean(text)
    s = _TIME_AFTER.sub(" ", s)
    return _NUM_RE.findall(s)


def looks_quantitative(text: object) -> bool:
    """Has a number that is not a date: a reader would expect it to be parsed (C04)."""
    return bool(numbers_in(text))


def _unit_at(s: str) -> tuple[str | None, float, str | None, str]:
    """Read an optional multiplier + unit at the start of s. Returns (base unit, scale, written, rest)."""
    s = s.lstrip()
    scale = 1.0
    written = ""
    for mult in ("百万", "万", "亿", "千"):
        if s.startswith(mult):
            scale = _SCALES[mult]
            written = mult
            s = s[len(mult):]
            break
    for u in _UNITS:
        if s.startswith(u):
            base = _UNIT_ALIASES.get(u, u)
            return base, scale, written + u, s[len(u):]
    if written:  # "3万" alone
        return None, scale, written, s
    return None, 1.0, None, s


def parse_quantity(text: object) -> tuple[Quantity, str, str] | None:
    """Find exactly one (non-date) number in text with its unit: (quantity, before, after)."""
    s = _clean(text)
    if not s:
        return None
    if len(numbers_in(s)) != 1:
        return None
    masked = _TIME_AFTER.sub(lambda m: "\0" * len(m.group(0)), s)
    m = _NUM_RE.search(masked)
    if not m:
        return None
    number = float(m.group(0).replace(",", ""))
    before, after = s[:m.start()], s[m.end():]
    unit, scale, written, rest = _unit_at(after)
    return Quantity(number, scale, unit, written), before.strip(), rest.strip()


def _strip_comparison(before: str, words: tuple[str, ...]) -> tuple[str, bool]:
    """Remove a comparison word that sits right before the number ("满意度≥" -> "满意度")."""
    s = before.strip()
    for w in words:
        if s.endswith(w):
            return s[: -len(w)].strip(), True
    return s, False


def _suffix_direction(after: str) -> str | None:
    """Direction stated after the unit: 以上 / 以内 / 左右."""
    for words, d in ((_GE_SUFFIX, AT_LEAST), (_LE_SUFFIX, AT_MOST), (_APPROX_SUFFIX, APPROX)):
        if any(after.startswith(w) for w in words):
            return d
    return None


def parse_target(text: object, *, cost: bool = False) -> Target | None:
    """Parse a 年度指标值. `cost`: the row is a 成本指标 (a bare number is then an upper bound).

    Returns None for qualitative or unparseable text (see :func:`looks_quantitative`).
    """
    raw = "" if text is None else str(text)
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        q = Quantity(float(text), 1.0, None, None)
        return Target(AT_MOST if cost else AT_LEAST, q, False, raw)
    found = parse_quantity(text)
    if found is None:
        return None
    q, before, after = found
    direction, explicit = None, False
    # Prefix: the comparison word right before the number.
    for words, d in ((_GE_WORDS, AT_LEAST), (_LE_WORDS, AT_MOST), (_EQ_WORDS, EXACT), (_APPROX_PREFIX, APPROX)):
        rest, hit = _strip_comparison(before, words)
        if hit:
            direction, explicit, before = d, True, rest
            break
    suffix = _suffix_direction(after)
    if suffix is not None:
        if direction not in (None, suffix, EXACT):
            return None  # "≥ 40 人左右": contradictory, let a person read it
        direction, explicit = suffix, True
    if direction is None:
        direction = AT_MOST if cost else AT_LEAST
    if before and _NUM_RE.search(before):
        return None
    return Target(direction, q, explicit, raw)


def parse_actual(value: object) -> Quantity | None:
    """Parse a 实际完成值: "116 人", "1350", "100%打卡发放", "55万元", 0.95 (a number cell)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Quantity(float(value), 1.0, None, None)
    found = parse_quantity(value)
    if found is None:
        return None
    q, before, _after = found
    # "较上年增长 5%" and the like: a number introduced by words is a description, not the value,
    # unless the words merely name the thing ("购买资料 150 本").
    if before and re.search(r"(增长|下降|减少|提高|降低|超过|未)", before):
        return None
    return q


def same_unit(a: Quantity, b: Quantity) -> bool | None:
    """True/False when both carry units; None when either is bare (then compare as written)."""
    if a.unit is None or b.unit is None:
        return None
    return a.unit == b.unit


def comparable(target: Target, actual: Quantity) -> tuple[float, float] | None:
    """The (target, actual) numbers to compare, or None when the units disagree (C05)."""
    t = target.quantity
    same = same_unit(t, actual)
    if same is False:
        return None
    if same:
        return t.base, actual.base
    # A bare actual is in the target's written unit ("=0.6 万元" / "0.6").
    if t.unit == "%" and actual.unit is None and actual.number <= 1.5 < t.number:
        return t.number, actual.number * 100  # a percent cell read as a fraction (1 -> 100 %)
    if actual.unit == "%" and t.unit is None and t.number <= 1.5 < actual.number:
        return t.number * 100, actual.number
    return t.number, actual.number


# --- qualitative bands (SCORING.md §4) ----------------------------------------------

MET, PARTIAL, NOT_MET = "达成", "部分达成", "未达成"
_NOT_MET_WORDS = ("未达成", "未完成", "未达到", "没有达成", "没有完成", "未实现", "不满意", "无改善",
                  "未改善", "效果较差", "效果差", "未开展", "不达标")
_PARTIAL_WORDS = ("部分达成", "部分完成", "基本达成", "基本完成", "基本实现", "基本满意", "部分实现",
                  "基本达到", "部分达到")
_MET_WORDS = ("达成预期", "达成年度", "已达成", "全部完成", "已完成", "按时完成", "如期完成", "完成",
              "达成", "达到预期", "达标", "已实现", "实现", "满意", "有改善", "有提高", "有提升",
              "有改进", "明显", "显著", "增强", "提升", "提高", "改善")
# "未按时完成", "没有全部达到", "无法实现": a negation shortly before a completion word.
_NEGATED = re.compile(r"(未|没有|没|无法|不能)[^，,。；;]{0,4}?(完成|达成|达到|实现|到位|改善)")
# Satisfaction words ordered from weakest to strongest.
_SATISFACTION = (("不满意", 0), ("基本满意", 1), ("比较满意", 2), ("较为满意", 2), ("较满意", 2),
                 ("满意", 3), ("非常满意", 4), ("很满意", 4), ("十分满意", 4))


def _satisfaction_level(s: str) -> int | None:
    best = None
    for word, level in _SATISFACTION:
        if word in s and (best is None or len(word) > best[0]):
            best = (len(word), level)
    return best[1] if best else None


def classify_actual(actual: object, target: object = None) -> str | None:
    """Place a qualitative 实际完成值 in a band: 达成 / 部分达成 / 未达成, or None (no guess)."""
    a = _clean(actual)
    t = _clean(target)
    if not a or a in ("无", "/", "-", "—"):
        return None
    if "有待" in a or "待" == a[:1]:
        return None  # "有待提高": says what is missing, not how much was done
    if any(w in a for w in _NOT_MET_WORDS) or _NEGATED.search(a):
        return NOT_MET
    la, lt = _satisfaction_level(a), _satisfaction_level(t)
    if la is not None:
        if lt is None or la >= lt:
            return MET
        # 较为满意 against a target of 满意: one level short -> partly met (§4)
        return PARTIAL if la > 0 and lt - la <= 2 else NOT_MET
    if any(w in a for w in _PARTIAL_WORDS):
        return PARTIAL
    if t and a == t:
        return MET  # "有改善" against "有改善", "春节前完成" against "春节前完成"
    if any(w in a for w in _MET_WORDS):
        return MET
    return None
