"""Numbers as people type them into forms (issue 3 §3)."""
import pytest

from xlkit.model import Finding, V, cell_sort_key, col_letter, parse_ref, ref
from xlkit.quantities import fmt_num, fmt_pct, parse_number


@pytest.mark.parametrize("raw,value,as_text,unit", [
    ("140.4 万元", 140.4, True, "万元"),
    ("62.38万元", 62.38, True, "万元"),
    ("100.00%", 1.0, True, "%"),
    ("10 分", 10.0, True, "分"),
    ("１２０", 120.0, True, None),
    ("１００％", 1.0, True, "%"),
    ("1,350", 1350.0, True, None),
    ("  25 ", 25.0, True, None),
    (25, 25.0, False, None),
    (0.6238, 0.6238, False, None),
    ("—", None, False, None),
    ("-", None, False, None),
    ("/", None, False, None),
    ("", None, False, None),
    (None, None, False, None),
])
def test_parse_number(raw, value, as_text, unit):
    n = parse_number(raw)
    assert n.ok
    assert n.value == pytest.approx(value) if value is not None else n.value is None
    assert n.text_number is as_text
    assert n.unit == unit


@pytest.mark.parametrize("raw", ["达成预期指标", "有改善", "12 月份前完成", "100人以上"])
def test_parse_number_rejects_text(raw):
    assert not parse_number(raw).ok


def test_refs_round_trip():
    for r, c in [(1, 1), (7, 2), (30, 26), (5, 27), (100, 702)]:
        assert parse_ref(ref(r, c)) == (r, c)
    assert col_letter(28) == "AB"
    assert parse_ref("$H$14") == (14, 8)
    assert cell_sort_key("G10:G18") == (10, 7)


def test_value_and_finding_helpers():
    v = V(140.4, "140.4 万元", sheet="表1", cell="D7")
    assert v.number == 140.4 and v.where == "表1!D7" and v.text == "140.4 万元"
    assert V().empty and V("  ").empty
    f = Finding("W02", "E", "msg", file="a.xlsx", sheet="s", cell="H12")
    assert f.to_dict()["cell"] == "H12"
    assert fmt_num(18.0) == "18" and fmt_num(62.380000001) == "62.38" and fmt_pct(0.6238) == "62.38%"


def test_execution_rate_is_b_over_a_else_the_stated_rate():
    from xlkit.model import Funds
    f = Funds()
    f.total.budget, f.total.executed, f.rate = V(62.38), V(62.38), V(0.5)
    assert f.execution_rate() == 1.0  # the amounts win over a stated rate
    g = Funds()
    g.rate = V(100.0)
    assert g.execution_rate() == 1.0  # "100" typed under 执行率 means 100 %, not 10000 %
    assert Funds().execution_rate() is None
