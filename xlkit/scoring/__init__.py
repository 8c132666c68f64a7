"""Scoring under a rule profile (SCORING.md): the profile file, expected scores, grades. Pure."""
from .profile import Profile, default_profile, load_profile
from .expected import budget_score, quantitative_score, stated_grade, QuantResult

__all__ = ["Profile", "default_profile", "load_profile", "budget_score", "stated_grade",
           "quantitative_score", "QuantResult"]
