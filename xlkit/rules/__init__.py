"""The rule catalog (RULES.md). Importing this package registers every rule.

One module per letter; the cross-document rules (X) live in crossdoc.py, written by
another team: it is imported when present.
"""
from __future__ import annotations

import importlib
import importlib.util

from .registry import RULES, RuleInfo, rule

_MODULES = ("reading", "weights", "scores", "budget", "narrative", "formulas", "hygiene", "bundle", "crossdoc")


def load_all() -> dict[str, RuleInfo]:
    for name in _MODULES:
        full = f"{__name__}.{name}"
        if importlib.util.find_spec(full) is not None:
            importlib.import_module(full)
    return RULES


load_all()

__all__ = ["RULES", "RuleInfo", "rule", "load_all"]
