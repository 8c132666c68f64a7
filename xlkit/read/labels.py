"""Label normalisation and matching.

Real forms write the same label many ways: "分 值", "年初 预算数", "全年预算数 (A)",
"全年预算数（A）", "执行率(B/A)", "其中：当年财政拨款", "年度资金总额:", "项 目 名 称".
Everything is compared through :func:`core`: full-width folded to half-width, all
whitespace removed, parenthesised parts and "其中:" / trailing colons dropped.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..quantities import normalize_text

_WS = re.compile(r"\s+")
_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^】]*】")
_POINTS = re.compile(r"\(\s*(\d+(?:\.\d+)?)\s*分?\s*\)|(\d+(?:\.\d+)?)\s*分\s*$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_PREFIX_QIZHONG = re.compile(r"^(其中|含)[:]?")
_IND_PREFIX = re.compile(r"^\s*指标\s*[:：]\s*")


def key(s: Any) -> str:
    """Whitespace-free, half-width, colon-trimmed text of a label cell ('' for non-text)."""
    if not isinstance(s, str):
        return ""
    return _key(s)


# Forms repeat the same few hundred label texts; caching keeps reading a form at ~1 ms.
@lru_cache(maxsize=1 << 16)
def _key(s: str) -> str:
    t = _WS.sub("", normalize_text(s))
    t = t.strip(":*★").replace("\u200b", "")
    return t


def core(s: Any) -> str:
    """:func:`key` without parenthesised parts, "其中:" prefix and "*" required-field marks."""
    if not isinstance(s, str):
        return ""
    return _core(s)


@lru_cache(maxsize=1 << 16)
def _core(s: str) -> str:
    t = _key(s)
    if not t:
        return ""
    if "(" in t or "[" in t or "【" in t:
        t = _PAREN.sub("", t)
    t = _PREFIX_QIZHONG.sub("", t)
    return t.strip(":*")


# --- label vocabularies (compared with core()) ---------------------------------------

PROJECT_NAME = {"项目名称", "项目名"}
DEPARTMENT = {"主管部门", "主管单位", "主管部门名称", "主管部门及代码", "主管部门(单位)", "预算部门", "部门名称",
              "项目主管部门", "主管预算部门", "项目主管单位"}
IMPLEMENTER = {"实施单位", "项目实施单位", "执行单位", "实施单位名称", "实施单位及代码", "预算单位", "单位名称",
               "项目单位", "项目承担单位", "承担单位", "项目执行单位"}

FUND_COLUMNS = {
    "initial": {"年初预算数", "年初预算", "年初预算金额", "年初预算数(万元)", "年初数"},
    "budget": {"全年预算数", "全年预算", "调整后预算数", "全年预算金额", "预算数", "全年预算数(A)", "调整预算数",
               "全年预算安排数"},
    "executed": {"全年执行数", "全年执行", "实际执行数", "执行数", "全年执行金额", "全年实际执行数", "全年执行数(B)",
                 "预算执行数", "实际支出数", "全年实际支出", "实际支出", "全年支出数", "全年决算数", "决算数", "支出数",
                 "全年实际支出数", "执行金额", "实际执行金额"},
    "weight": {"分值", "权重", "分数"},
    "rate": {"执行率", "预算执行率", "执行率(B/A)"},
    "score": {"得分", "评分", "自评得分"},
}

GOAL_BLOCK_PREFIXES = ("年度总体目标", "年度目标", "总体目标")
GOAL_TARGET = {"预期目标", "年度预期目标", "目标"}
GOAL_ACHIEVED = {"实际完成情况", "实际完成", "完成情况", "年度实际完成情况"}

IND_COLUMNS = {
    "level1": {"一级指标"},
    "level2": {"二级指标"},
    "name": {"三级指标", "三级指标名称", "指标名称", "绩效指标名称", "指标内容", "三级指标内容"},
    "target": {"年度指标值", "指标值", "年度目标值", "目标值", "年度指标值(目标值)", "预期指标值", "全年指标值",
               "计划指标值", "预期目标值", "年度计划值", "计划值"},
    "actual": {"实际完成值", "实际值", "完成值", "全年实际值", "实际完成指标值", "实际完成情况"},
    "weight": {"分值", "权重", "分数", "指标分值", "标准分值", "分值权重"},
    "score": {"得分", "评分", "自评得分", "实际得分", "评价得分"},
    "unit": {"计量单位", "度量单位", "单位", "指标单位"},
    # a separate comparison column (≥ / ≤ / =, 正向 / 反向) next to a bare 指标值
    "nature": {"指标性质", "指标方向", "比较符", "运算符", "运算符号", "指标值性质", "指标属性", "符号"},
}
SUBTOTAL_LABELS = {"小计", "分项合计"}
TOTAL_LABELS = {"总分", "合计", "总计", "总分合计", "综合得分", "得分合计", "自评总分", "总得分", "合计得分",
                "评价总分", "绩效总分", "自评得分合计", "综合评分", "总评分", "自评综合得分"}
GRADE_LABELS = {"评价等级", "评价结论", "自评等级", "自评结论", "绩效等级", "自评结果", "评价结果", "等级"}
GRADE_WORDS = {"优", "良", "中", "差", "优秀", "良好", "合格", "不合格", "较差"}
LIST_TITLE_SUFFIX = "绩效自评项目清单"

# Labels of whole blocks, which sit in the leftmost column merged down over the block; in
# unmerged exports and shifted rows they must not be taken for data.
BLOCK_LABEL_PREFIXES = ("项目资金", "年度总体目标", "年度目标", "绩效指标", "年度绩效指标", "总体目标")

LEVEL1_CANON = {"产出指标": "产出指标", "产出": "产出指标", "效益指标": "效益指标", "效益": "效益指标",
                "满意度指标": "满意度指标", "满意度": "满意度指标", "成本指标": "成本指标"}
LEVEL2_NAMES = {
    "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标",
    "可持续影响指标", "服务对象满意度指标", "满意度指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
}


def inline_value(s: Any, vocab: set[str]) -> str | None:
    """'项目名称：送温暖帮扶专项' -> '送温暖帮扶专项' when a label and its value share one cell.

    Only a label from `vocab` followed by a colon counts, so ordinary sentences that merely
    mention 项目名称 are not taken for labels. The value keeps the user's spacing.
    """
    if not isinstance(s, str) or (":" not in s and "：" not in s):
        return None
    t = normalize_text(s).strip()
    i = t.find(":")
    if i <= 0:
        return None
    if _WS.sub("", t[:i]) not in vocab:
        return None
    rest = t[i + 1:].strip()
    return rest or None


OTHER_FIELD_LABELS = {"项目编码", "项目代码", "项目编号", "项目负责人", "负责人", "联系人", "联系电话", "填报人",
                      "填报日期", "项目类型", "项目属性", "资金性质", "单位负责人", "财务负责人", "资金来源",
                      "项目类别", "项目期限", "预算科目", "功能科目", "项目起止时间", "实施期限", "填表人", "审核人"}


def is_field_label(s: Any) -> bool:
    """A label of the form's header block (so not the value of the label before it)."""
    c = core(s)
    return bool(c) and (c in PROJECT_NAME or c in DEPARTMENT or c in IMPLEMENTER or c in OTHER_FIELD_LABELS
                        or c in GRADE_LABELS)


def is_reason_header(s: Any) -> bool:
    c = core(s)
    return bool(c) and ("原因" in c or "改进措施" in c or c in {"备注", "说明"})


def match(s: Any, vocab: set[str]) -> bool:
    c = core(s)
    return bool(c) and (c in vocab or key(s) in vocab)


def fund_column(s: Any) -> str | None:
    return _fund_column(s) if isinstance(s, str) else None


@lru_cache(maxsize=1 << 14)
def _fund_column(s: str) -> str | None:
    c = core(s)
    if not c:
        return None
    for name, vocab in FUND_COLUMNS.items():
        if c in vocab or key(s) in vocab:
            return name
    return None


def fund_row(s: Any) -> str | None:
    """'年度资金总额:' -> '年度资金总额'; '其中：当年财政拨款' -> '本年财政拨款'; ..."""
    c = core(s)
    if not c:
        return None
    if "资金总额" in c or c in {"合计", "总额", "资金合计"}:
        return "年度资金总额"
    if "财政拨款" in c or c in {"财政资金", "当年财政资金", "本年财政资金", "财政性资金"}:
        return "本年财政拨款"
    if "上年结转" in c or "结转资金" in c or "结转结余" in c:
        return "上年结转资金"
    if c.startswith("其他资金") or c == "其他":
        return "其他资金"
    return None


def ind_column(s: Any) -> str | None:
    return _ind_column(s) if isinstance(s, str) else None


@lru_cache(maxsize=1 << 14)
def _ind_column(s: str) -> str | None:
    c = core(s)
    if not c:
        return None
    if is_reason_header(s):
        return "reason"
    for name, vocab in IND_COLUMNS.items():
        if c in vocab or key(s) in vocab:
            return name
    return None


def is_block_label(s: Any) -> bool:
    c = core(s)
    return bool(c) and c.startswith(BLOCK_LABEL_PREFIXES)


def level1_parts(raw: str) -> tuple[str, float | None]:
    """'产出指标 (50分)' -> ('产出指标', 50.0); '(30分)' -> ('', 30.0); '效益指标' -> ('效益指标', None)."""
    t = normalize_text(raw).strip()
    pts = None
    m = None
    for m in _POINTS.finditer(t):
        pass
    if m is not None:
        pts = float(m.group(1) or m.group(2))
        t = (t[:m.start()] + t[m.end():])
    name = strip_enum(_WS.sub("", t).strip(":()"))
    name = LEVEL1_CANON.get(name, name)
    return name, pts


_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十]+\)|\d{1,2}(?:[、.](?!\d)|\)))\s*")


def strip_enum(t: str) -> str:
    """'一、产出指标' -> '产出指标'; '1.数量指标' -> '数量指标'; '(二)效益指标' -> '效益指标'."""
    m = _ENUM.match(t)
    return t[m.end():] if m and m.end() < len(t) else t


def strip_indicator_prefix(raw: str) -> str:
    """'指标:市总机关…' -> '市总机关…' (the raw text keeps the prefix)."""
    if "指标" not in raw[:6]:
        return raw.strip()
    return _IND_PREFIX.sub("", raw, count=1).strip()


def find_year(s: Any) -> int | None:
    if isinstance(s, str):
        m = _YEAR.search(normalize_text(s))
        if m:
            return int(m.group(1))
    return None


def is_year_line(s: Any) -> bool:
    """'（2022年度）', '(2022 年度)', '2022年度' — the line under the title."""
    if not isinstance(s, str):
        return False
    t = _WS.sub("", normalize_text(s)).strip("()")
    return bool(re.fullmatch(r"(?:19|20)\d{2}年度?", t))


_CODE = re.compile(r"^\s*\[?([0-9]{2,12})\]?\s*[-－—_.、:：\s]\s*(\S.*)$")


def split_code(text: str | None) -> tuple[str | None, str | None]:
    """'502-安庆市总工会' -> ('502', '安庆市总工会'); '[502001]安庆市总工会本级' -> ('502001', …);
    text without a budget-system code -> (None, text). The reader keeps values as written;
    rules comparing departments use this."""
    if text is None:
        return None, None
    t = normalize_text(str(text)).strip()
    m = _CODE.match(t)
    if m:
        return m.group(1), m.group(2).strip()
    m = re.match(r"^\[([0-9]{2,12})\]\s*(\S.*)$", t)
    if m:
        return m.group(1), m.group(2).strip()
    return None, t or None
