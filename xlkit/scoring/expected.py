"""Expected scores under a profile: quantitative indicators (§3), budget execution (§2)."""
from __future__ import annotations

from dataclasses import dataclass

from ..quantities import normalize_text
from ..targets import AT_LEAST, AT_MOST, APPROX, EXACT, Target
from .profile import Profile


@dataclass(frozen=True, slots=True)
class QuantResult:
    expected: float  # score under the profile
    met: bool
    ratio: float | None  # actual / target (None when the target is 0)
    rule: str  # which rule was applied, for the finding's note


def _at_least(weight: float, t: float, a: float) -> tuple[float, bool, str]:
    if a >= t or t <= 0:
        return weight, True, "met"
    return weight * max(a, 0.0) / t, False, "分值×实际/目标"


def _at_most(weight: float, t: float, a: float, profile: Profile) -> tuple[float, bool, str]:
    if a <= t:
        return weight, True, "met"
    k = profile.linear_to_zero_at
    if k is None:
        return (weight * t / a if a > 0 else 0.0), False, "分值×目标/实际"
    if t <= 0:
        return 0.0, False, f"linear_to_zero_at={k}"
    frac = max(0.0, (k * t - a) / ((k - 1) * t))
    return weight * min(frac, 1.0), False, f"linear_to_zero_at={k}"


def quantitative_score(target: Target, t: float, a: float, weight: float, profile: Profile) -> QuantResult:
    """Score of a quantitative indicator whose target/actual numbers are t and a (same unit)."""
    d = target.direction
    if d == APPROX and t > 0 and abs(a - t) <= profile.approx_band * t + 1e-12:
        score, met, rule = weight, True, f"approx_band={profile.approx_band}"
    elif d == AT_LEAST or (d in (EXACT, APPROX) and a < t):
        score, met, rule = _at_least(weight, t, a)
    elif d == AT_MOST or (d in (EXACT, APPROX) and a > t):
        score, met, rule = _at_most(weight, t, a, profile)
    else:
        score, met, rule = weight, True, "met"
    ratio = a / t if t else None
    return QuantResult(round(score, 4), met, ratio, rule)


def budget_score(rate: float, weight: float, profile: Profile) -> tuple[float, str]:
    """预算执行率 得分 for an execution rate (fraction), and the profile rule used."""
    if profile.budget_bands is None:
        return round(weight * min(max(rate, 0.0), 1.0), 4), "budget_score=proportional"
    for lo, score in profile.budget_bands:
        if rate >= lo - 1e-9:
            # band scores are written for a 10-point weight; scale when the form uses another
            base = profile.weights.get("预算执行率") or weight
            return round(score * weight / base, 4), "budget_score=bands"
    return 0.0, "budget_score=bands"


_GRADE_WORDS = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "合格": "中",
                "差": "差", "较差": "差", "不合格": "差"}


def stated_grade(text: str | None) -> str | None:
    """The grade a form or report states, as 优/良/中/差 ("优秀" -> 优, "不合格" -> 差)."""
    s = normalize_text(text or "").strip().strip("“”\"'「」")
    if s in _GRADE_WORDS:
        return _GRADE_WORDS[s]
    for word in sorted(_GRADE_WORDS, key=len, reverse=True):  # "不合格" before "合格"
        if word in s:
            return _GRADE_WORDS[word]
    return None
