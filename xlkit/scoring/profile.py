"""Rule profiles: the numbers of SCORING.md in a YAML file.

The default (xlkit/profiles/mof2020.yaml) ships in the package. A user's profile is laid over
it key by key, so a province only writes what it changes. Anything malformed is rejected
with a ProfileError naming the key, because a silently ignored typo would change scores.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ProfileError
from ..resources import data_path

DEFAULT_NAME = "mof2020.yaml"
LEVEL1_KEYS = ("产出指标", "效益指标", "满意度指标", "预算执行率")
BANDS = ("达成", "部分达成", "未达成")
KNOWN_KEYS = frozenset({
    "name", "weights", "total", "score_tolerance", "rate_tolerance", "amount_tolerance",
    "budget_score", "at_most_rule", "approx_band", "overshoot_warn", "qualitative_bands",
    "grades", "level2", "standard_weights",
})


@dataclass(frozen=True)
class Profile:
    name: str
    weights: dict[str, float]
    total: float
    score_tolerance: float
    rate_tolerance: float
    amount_tolerance: float
    budget_bands: tuple[tuple[float, float], ...] | None  # None: proportional
    linear_to_zero_at: float | None  # None: ratio rule for at-most targets
    approx_band: float
    overshoot_warn: float
    qualitative_bands: dict[str, tuple[float, float]]
    grades: tuple[tuple[float, str], ...]  # (min, grade), highest first
    level2: dict[str, tuple[str, ...]] = field(default_factory=dict)
    standard_weights: bool = True  # False: the province splits the points freely (no W03)
    source: str = ""

    def grade_for(self, total: float | None) -> str | None:
        if total is None:
            return None
        for lo, g in self.grades:
            if total >= lo - 1e-9:
                return g
        return self.grades[-1][1] if self.grades else None


def _load_yaml(path: Path) -> Any:
    import yaml  # imported here: only profile loading needs it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=loader)
    except FileNotFoundError:
        raise ProfileError(f"找不到评分规则文件：{path}") from None
    except IsADirectoryError:
        raise ProfileError(f"评分规则文件 {path} 是一个文件夹，应为 .yaml 文件") from None
    except PermissionError:
        raise ProfileError(f"无权读取评分规则文件：{path}") from None
    except UnicodeDecodeError:
        raise ProfileError(f"评分规则文件 {path} 不是 UTF-8 编码的文本") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ProfileError(f"无法读取评分规则文件 {path}：{e}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        raise ProfileError(f"评分规则文件 {path} 不是合法的 YAML {where}".strip()) from None


def _num(data: dict, key: str, *, lo: float | None = None, hi: float | None = None, where: str = "") -> float:
    v = data.get(key)
    key = where + key  # the full path of the key in the file, e.g. grades[0].min
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ProfileError(f"评分规则键 {key} 应为数字，实为：{v!r}")
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        rng = f"{'' if lo is None else lo} ~ {'' if hi is None else hi}"
        raise ProfileError(f"评分规则键 {key} 超出范围（{rng}）：{v!r}")
    return float(v)


def _bool(data: dict, key: str) -> bool:
    v = data.get(key, True)
    if not isinstance(v, bool):
        raise ProfileError(f"评分规则键 {key} 应为 true 或 false，实为：{v!r}")
    return v


def _weights(data: dict) -> dict[str, float]:
    w = data.get("weights")
    if not isinstance(w, dict):
        raise ProfileError(f"评分规则键 weights 应为映射（产出指标/效益指标/满意度指标/预算执行率），实为：{w!r}")
    out = {}
    for k in LEVEL1_KEYS:
        if k not in w:
            raise ProfileError(f"评分规则键 weights.{k} 缺失")
        out[k] = _num(w, k, lo=0)
    extra = set(w) - set(LEVEL1_KEYS)
    if extra:
        raise ProfileError(f"评分规则键 weights 含未知项：{', '.join(sorted(map(str, extra)))}")
    return out


def _budget(data: dict) -> tuple[tuple[float, float], ...] | None:
    b = data.get("budget_score")
    if b == "proportional":
        return None
    bands = b.get("bands") if isinstance(b, dict) else None
    if not isinstance(bands, list) or not bands:
        raise ProfileError(f"评分规则键 budget_score 应为 proportional 或 {{bands: [...]}}，实为：{b!r}")
    out = []
    for i, band in enumerate(bands):
        if not isinstance(band, dict):
            raise ProfileError(f"评分规则键 budget_score.bands[{i}] 应为 {{min, score}}")
        w = f"budget_score.bands[{i}]."
        out.append((_num(band, "min", lo=0, where=w), _num(band, "score", lo=0, where=w)))
    return tuple(sorted(out, reverse=True))


def _at_most(data: dict) -> float | None:
    r = data.get("at_most_rule")
    if r == "ratio":
        return None
    if isinstance(r, dict) and "linear_to_zero_at" in r:
        k = r["linear_to_zero_at"]
        if isinstance(k, bool) or not isinstance(k, (int, float)) or k <= 1:
            raise ProfileError(f"评分规则键 at_most_rule.linear_to_zero_at 应为大于 1 的数字，实为：{k!r}")
        return float(k)
    raise ProfileError(f"评分规则键 at_most_rule 应为 ratio 或 {{linear_to_zero_at: 2.0}}，实为：{r!r}")


def _bands(data: dict) -> dict[str, tuple[float, float]]:
    b = data.get("qualitative_bands")
    if not isinstance(b, dict):
        raise ProfileError(f"评分规则键 qualitative_bands 应为映射，实为：{b!r}")
    out = {}
    for k in BANDS:
        pair = b.get(k)
        if (not isinstance(pair, (list, tuple)) or len(pair) != 2
                or any(isinstance(x, bool) or not isinstance(x, (int, float)) for x in pair)
                or not 0 <= pair[0] <= pair[1] <= 1):
            raise ProfileError(f"评分规则键 qualitative_bands.{k} 应为 [下限, 上限]（0~1 的比例），实为：{pair!r}")
        out[k] = (float(pair[0]), float(pair[1]))
    return out


def _grades(data: dict) -> tuple[tuple[float, str], ...]:
    g = data.get("grades")
    if not isinstance(g, list) or not g:
        raise ProfileError(f"评分规则键 grades 应为列表 [{{min: 90, grade: 优}}, ...]，实为：{g!r}")
    out = []
    for i, item in enumerate(g):
        if not isinstance(item, dict) or not isinstance(item.get("grade"), str):
            raise ProfileError(f"评分规则键 grades[{i}] 应为 {{min: 数字, grade: 等级}}")
        out.append((_num(item, "min", lo=0, where=f"grades[{i}]."), item["grade"].strip()))
    return tuple(sorted(out, reverse=True))


def _level2(data: dict) -> dict[str, tuple[str, ...]]:
    l2 = data.get("level2")
    if not isinstance(l2, dict):
        raise ProfileError(f"评分规则键 level2 应为映射（一级指标 -> 二级指标列表），实为：{l2!r}")
    out = {}
    for k, names in l2.items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ProfileError(f"评分规则键 level2.{k} 应为二级指标名称列表")
        out[str(k)] = tuple(names)
    return out


def build_profile(data: Any, source: str = "") -> Profile:
    if not isinstance(data, dict):
        raise ProfileError(f"评分规则文件 {source} 应为键值映射（YAML mapping）")
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise ProfileError(f"评分规则含未知键：{', '.join(sorted(map(str, unknown)))}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ProfileError(f"评分规则键 name 应为非空文本，实为：{name!r}")
    return Profile(
        name=name.strip(),
        weights=_weights(data),
        total=_num(data, "total", lo=0),
        score_tolerance=_num(data, "score_tolerance", lo=0),
        rate_tolerance=_num(data, "rate_tolerance", lo=0),
        amount_tolerance=_num(data, "amount_tolerance", lo=0),
        budget_bands=_budget(data),
        linear_to_zero_at=_at_most(data),
        approx_band=_num(data, "approx_band", lo=0, hi=1),
        overshoot_warn=_num(data, "overshoot_warn", lo=1),
        qualitative_bands=_bands(data),
        grades=_grades(data),
        level2=_level2(data),
        standard_weights=_bool(data, "standard_weights"),
        source=source,
    )


@lru_cache(maxsize=1)
def _default_data() -> dict:
    return _load_yaml(data_path(DEFAULT_NAME))


def default_profile() -> Profile:
    return build_profile(_default_data(), source=DEFAULT_NAME)


def load_profile(path: str | Path | None) -> Profile:
    """The default profile, or the user's file laid over it (only changed keys needed)."""
    if path is None:
        return default_profile()
    if not str(path).strip():
        raise ProfileError("评分规则文件路径为空（是否漏写了文件名，或变量为空？）")
    data = _load_yaml(Path(path))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProfileError(f"评分规则文件 {path} 应为键值映射（YAML mapping）")
    merged = dict(_default_data())
    merged.update(data)
    if "name" not in data:
        merged["name"] = Path(path).stem
    return build_profile(merged, source=str(path))
