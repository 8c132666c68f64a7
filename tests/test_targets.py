"""Targets and actuals as forms write them (SCORING.md §3–§4): a table of real phrasings."""
import pytest

from xlkit.targets import (AT_LEAST, AT_MOST, APPROX, EXACT, MET, NOT_MET, PARTIAL, classify_actual,
                           comparable, is_time_phrase, looks_quantitative, parse_actual, parse_target)

# (年度指标值, cost row?, direction, number as written, base unit, base value)
TARGETS = [
    ("≥55万元", False, AT_LEAST, 55, "元", 550000),
    (">=90%", False, AT_LEAST, 90, "%", 90),
    ("100 人以上", False, AT_LEAST, 100, "人", 100),
    ("不少于 3 次", False, AT_LEAST, 3, "次", 3),
    ("不低于95%", False, AT_LEAST, 95, "%", 95),
    ("≤5%", False, AT_MOST, 5, "%", 5),
    ("不超过 10 次", False, AT_MOST, 10, "次", 10),
    ("10次以内", False, AT_MOST, 10, "次", 10),
    ("=2 场", False, EXACT, 2, "场", 2),
    ("＝100%", False, EXACT, 100, "%", 100),
    ("1500 人", False, AT_LEAST, 1500, "人", 1500),
    ("40 人左右", False, APPROX, 40, "人", 40),
    ("约 20 人", False, APPROX, 20, "人", 20),
    ("１００％", False, AT_LEAST, 100, "%", 100),
    ("1,500人", False, AT_LEAST, 1500, "人", 1500),
    ("0.6万元", False, AT_LEAST, 0.6, "元", 6000),
    ("=0.6 万元", True, EXACT, 0.6, "元", 6000),
    ("2亿元", False, AT_LEAST, 2, "元", 2e8),
    ("100 人", False, AT_LEAST, 100, "人", 100),
    ("50人", False, AT_LEAST, 50, "人", 50),
    ("100%", False, AT_LEAST, 100, "%", 100),
    ("=300 人次", False, EXACT, 300, "人次", 300),
    ("=1 万元", True, EXACT, 1, "元", 10000),
    ("购买资料 150 本", False, AT_LEAST, 150, "本", 150),
    ("100%打卡发放", True, AT_MOST, 100, "%", 100),
    ("≤1000 元", True, AT_MOST, 1000, "元", 1000),
    ("1000 元", True, AT_MOST, 1000, "元", 1000),
    ("1000 人次以上", False, AT_LEAST, 1000, "人次", 1000),
    ("≥20 场", False, AT_LEAST, 20, "场", 20),
    ("至少 5 家", False, AT_LEAST, 5, "家", 5),
    ("不高于 3%", False, AT_MOST, 3, "%", 3),
    ("满意度≥90%", False, AT_LEAST, 90, "%", 90),
    ("满意度不低于 85%", False, AT_LEAST, 85, "%", 85),
    ("200 户及以上", False, AT_LEAST, 200, "户", 200),
    ("5 个以下", False, AT_MOST, 5, "个", 5),
    ("大于等于 12 期", False, AT_LEAST, 12, "期", 12),
    ("＞＝８０％", False, AT_LEAST, 80, "%", 80),
    ("≧ 30 篇", False, AT_LEAST, 30, "篇", 30),
    ("≦ 2 天", False, AT_MOST, 2, "天", 2),
    ("大约 60 名", False, APPROX, 60, "人", 60),
    ("1.2万人次", False, AT_LEAST, 1.2, "人次", 12000),
    ("3万", False, AT_LEAST, 3, None, 30000),
    ("15 项", False, AT_LEAST, 15, "项", 15),
    ("3 个工作日内", False, AT_MOST, 3, "工作日", 3),
    ("指标:55万元", True, AT_MOST, 55, "元", 550000),
    ("<=0.5万元", True, AT_MOST, 0.5, "元", 5000),
    ("1 000", False, None, None, None, None),  # a space inside a number: two numbers, not parsed
]


@pytest.mark.parametrize("text,cost,direction,number,unit,base", TARGETS, ids=[t[0] for t in TARGETS])
def test_parse_target(text, cost, direction, number, unit, base):
    t = parse_target(text, cost=cost)
    if direction is None:
        assert t is None
        return
    assert t is not None
    assert t.direction == direction
    assert t.number == pytest.approx(number)
    assert t.unit == unit
    assert t.quantity.base == pytest.approx(base)


# Not quantitative: qualitative words and time phrases (dates are never counts).
QUALITATIVE = ["有改善", "春节前完成", "12 月份前完成", "2022 年开展", "12月完成", "当年完成",
               "2022 年底前完成", "打卡发放", "全部打卡发放", "效果明显", "职工较为满意", "无",
               "9月30日前", "1-3月完成", "第四季度", "在 2022 年春节前完成送温暖任务", "达成预期指标",
               "2022年度", "长期"]


@pytest.mark.parametrize("text", QUALITATIVE)
def test_not_quantitative(text):
    assert parse_target(text) is None
    assert not looks_quantitative(text)


@pytest.mark.parametrize("text", ["2022 年开展", "12 月份前完成", "12月完成", "9月30日前", "1-3月完成"])
def test_time_phrases(text):
    assert is_time_phrase(text)


@pytest.mark.parametrize("text", ["2-3 次", "100 人，满意度 90%", "≥ 40 人左右"])
def test_quantitative_but_unparsed(text):
    """C04 material: a number is there but the phrase is not one comparison."""
    assert parse_target(text) is None
    assert looks_quantitative(text)


ACTUALS = [
    ("1350", 1350, None), ("116 人", 116, "人"), ("100%打卡发放", 100, "%"), ("55万元", 550000, "元"),
    ("2", 2, None), ("0.6", 0.6, None), (1350.0, 1350, None), ("１３１人", 131, "人"),
    ("1,050 人次", 1050, "人次"), ("96%", 96, "%"),
]


@pytest.mark.parametrize("text,base,unit", ACTUALS, ids=[str(a[0]) for a in ACTUALS])
def test_parse_actual(text, base, unit):
    q = parse_actual(text)
    assert q is not None and q.base == pytest.approx(base) and q.unit == unit


@pytest.mark.parametrize("text", ["达成预期指标", "有改善", "较上年增长 5%", "", None])
def test_actual_not_a_number(text):
    assert parse_actual(text) is None


@pytest.mark.parametrize("target,actual,numbers", [
    ("=0.6 万元", "0.6", (0.6, 0.6)),  # a bare actual is in the target's written unit
    ("≥55万元", "55万元", (550000, 550000)),
    ("100%", 1.0, (100, 100)),  # a percent cell read as a fraction
    ("1500 人", "1350", (1500, 1350)),
    ("100 人", "100 人次", None),  # 人 vs 人次: not comparable (C05)
])
def test_comparable(target, actual, numbers):
    got = comparable(parse_target(target), parse_actual(actual))
    assert got == (pytest.approx(numbers) if numbers else None)


BANDS = [
    ("达成预期指标", "", MET), ("有改善", "有改善", MET), ("已完成", "", MET), ("春节前完成", "春节前完成", MET),
    ("职工表示满意", "职工较为满意", MET), ("满意", "满意", MET), ("较为满意", "满意", PARTIAL),
    ("基本完成", "", PARTIAL), ("部分达成", "", PARTIAL), ("基本满意", "满意", PARTIAL),
    ("未达成", "", NOT_MET), ("未完成", "", NOT_MET), ("未按时完成", "按时完成", NOT_MET),
    ("没有全部达到", "", NOT_MET), ("已全部完成", "", MET), ("不断改善", "有改善", MET), ("不满意", "满意", NOT_MET),
    ("打卡发放", "全部打卡发放", None), ("有待提高", "", None), ("见附件", "", None), ("无", "无", None),
]


@pytest.mark.parametrize("actual,target,band", BANDS, ids=[f"{a}|{t}" for a, t, _ in BANDS])
def test_classify_actual(actual, target, band):
    assert classify_actual(actual, target) == band


def test_table_is_large_enough():
    assert len(TARGETS) + len(QUALITATIVE) + len(ACTUALS) >= 60


# --- properties: parsing never crashes, and what parses is self-consistent --------------

from hypothesis import given, settings, strategies as st  # noqa: E402

_PIECES = st.sampled_from(["≥", "≤", "=", "约", "不少于", "以上", "以内", "左右", "人", "人次", "万元", "元", "%",
                           "年", "月", "12", "0.6", "1,500", " ", "完成", "满意", "１００", "－", "/"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=6).map("".join), st.booleans())
def test_parse_never_raises(text, cost):
    t = parse_target(text, cost=cost)
    if t is not None:
        assert t.quantity.base == pytest.approx(t.number * t.quantity.scale)
        assert looks_quantitative(text)
    parse_actual(text)
    classify_actual(text, text)
