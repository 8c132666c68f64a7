"""The Chinese column headers of the two data tables that `xlkit fill` takes and
`xlkit extract` writes (项目 and 指标), and the keys of the YAML/JSON data files.

One vocabulary for all three so that extract -> fill -> extract round-trips.
"""
from __future__ import annotations

# 项目 table: one row per project (form).
P_SEQ = "序号"
P_NAME = "项目名称"
P_YEAR = "年度"
P_DEPT = "主管部门"
P_IMPL = "实施单位"
P_NOTE = "备注"  # the 项目清单 remark
P_GOAL = "预期目标"
P_ACHIEVED = "实际完成情况"
P_BUDGET_WEIGHT = "执行率分值"  # 分值 of 预算执行率 (default 10)
P_RATE = "执行率"  # stated rate (optional; the template computes B/A)
P_BUDGET_SCORE = "执行率得分"
P_TOTAL_WEIGHT = "总分分值"
P_TOTAL_SCORE = "总分得分"
P_GRADE = "评价等级"

# Fund columns: row prefix + column name. 年度资金总额 has no prefix.
FUND_PREFIX = {"年度资金总额": "", "本年财政拨款": "财政拨款", "上年结转资金": "上年结转", "其他资金": "其他资金"}
FUND_COLS = ("年初预算数", "全年预算数", "全年执行数")


def fund_header(row_key: str, col: str) -> str:
    """('本年财政拨款', '全年预算数') -> '财政拨款全年预算数'; ('年度资金总额', '年初预算数') -> '年初预算数'."""
    return FUND_PREFIX[row_key] + col


FUND_HEADERS = tuple(fund_header(r, c) for r in FUND_PREFIX for c in FUND_COLS)

PROJECT_HEADERS = (
    P_SEQ, P_NAME, P_YEAR, P_DEPT, P_IMPL,
    *FUND_HEADERS,
    P_BUDGET_WEIGHT, P_RATE, P_BUDGET_SCORE,
    P_GOAL, P_ACHIEVED,
    P_TOTAL_WEIGHT, P_TOTAL_SCORE, P_GRADE, P_NOTE,
)

# 指标 table: one row per 三级指标, keyed by 项目名称.
I_PROJECT = "项目名称"
I_LEVEL1 = "一级指标"
I_LEVEL1_POINTS = "一级指标分值"  # the "(50分)" in the 一级 label; optional
I_LEVEL2 = "二级指标"
I_NAME = "三级指标"
I_TARGET = "年度指标值"
I_ACTUAL = "实际完成值"
I_WEIGHT = "分值"
I_SCORE = "得分"
I_REASON = "偏差原因分析及改进措施"

INDICATOR_HEADERS = (I_PROJECT, I_LEVEL1, I_LEVEL1_POINTS, I_LEVEL2, I_NAME, I_TARGET,
                     I_ACTUAL, I_WEIGHT, I_SCORE, I_REASON)

# Extra columns `xlkit extract` adds (ignored by `xlkit fill`).
X_FILE = "来源文件"
X_SHEET = "工作表"
X_CELL = "单元格"

# YAML/JSON keys beyond the table headers.
Y_PROJECT_LIST = "项目清单"  # bundle: list of {序号, 项目名称, 备注}
Y_PROJECTS = "项目"  # bundle: list of project mappings
Y_INDICATORS = "绩效指标"  # project: list of indicator mappings (without 项目名称)

# Sheet names of the two-table Excel workbook.
SHEET_PROJECTS = "项目"
SHEET_INDICATORS = "指标"
SHEET_LIST = "项目清单"
