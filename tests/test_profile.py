"""Scoring profiles: the shipped default, overrides, and errors that name the key."""
import pytest

from xlkit.errors import ProfileError
from xlkit.scoring import budget_score, default_profile, load_profile, quantitative_score
from xlkit.targets import parse_target


def write(tmp_path, text):
    p = tmp_path / "p.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_default_profile_values():
    p = default_profile()
    assert p.name == "mof2020"
    assert p.weights == {"产出指标": 50, "效益指标": 30, "满意度指标": 10, "预算执行率": 10}
    assert p.score_tolerance == 0.5 and p.approx_band == 0.10 and p.overshoot_warn == 1.2
    assert p.budget_bands is None and p.linear_to_zero_at is None
    assert p.qualitative_bands["部分达成"] == (0.6, 0.8)
    assert [p.grade_for(x) for x in (95, 90, 89.9, 80, 60, 59)] == ["优", "优", "良", "良", "中", "差"]


def test_override_only_changed_keys(tmp_path):
    p = load_profile(write(tmp_path, "name: 某省\ngrades: [{min: 80, grade: 优}, {min: 70, grade: 良}, "
                                     "{min: 60, grade: 中}, {min: 0, grade: 差}]\n"
                                     "budget_score: {bands: [{min: 0.9, score: 10}, {min: 0.6, score: 5}, {min: 0, score: 0}]}\n"
                                     "at_most_rule: {linear_to_zero_at: 2.0}\n"))
    assert p.name == "某省" and p.grade_for(85) == "优" and p.score_tolerance == 0.5
    assert budget_score(0.95, 10, p)[0] == 10 and budget_score(0.7, 10, p)[0] == 5
    t = parse_target("≤10 次")
    assert quantitative_score(t, 10, 15, 10, p).expected == pytest.approx(5)  # halfway to 2×: half


@pytest.mark.parametrize("text,key", [
    ("score_tolerance: abc\n", "score_tolerance"),
    ("weights: {产出指标: 50, 效益指标: 30, 满意度指标: 10}\n", "weights.预算执行率"),
    ("qualitative_bands: {达成: [0.8, 1.0], 部分达成: [0.9, 0.8], 未达成: [0, 0.6]}\n", "qualitative_bands.部分达成"),
    ("grades: []\n", "grades"),
    ("budget_score: linear\n", "budget_score"),
    ("at_most_rule: {linear_to_zero_at: 1}\n", "at_most_rule.linear_to_zero_at"),
    ("overshoot: 1.3\n", "overshoot"),
    ("approx_band: 2\n", "approx_band"),
])
def test_malformed_profile_names_key(tmp_path, text, key):
    with pytest.raises(ProfileError) as e:
        load_profile(write(tmp_path, text))
    assert key in e.value.message


def test_not_yaml(tmp_path):
    with pytest.raises(ProfileError):
        load_profile(write(tmp_path, "a: [1, 2\n"))
    with pytest.raises(ProfileError):
        load_profile(tmp_path / "missing.yaml")


@pytest.mark.parametrize("target,t,a,expected", [
    ("1500 人", 1500, 1350, 18),  # seed 002: 1350 / 1500 × 20
    ("100 人以上", 100, 116, 20),
    ("≤5%", 5, 10, 10),  # ratio: 20 × 5/10
    ("=2 场", 2, 1, 10),
    ("=2 场", 2, 4, 10),
    ("40 人左右", 40, 43, 20),  # within ±10 %
    ("40 人左右", 40, 30, 15),
])
def test_quantitative_score(target, t, a, expected):
    r = quantitative_score(parse_target(target), t, a, 20, default_profile())
    assert r.expected == pytest.approx(expected)
