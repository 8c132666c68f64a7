"""The rule registry: one small function per code of RULES.md.

A rule is registered with :func:`rule` and takes a context, yielding Findings. Its
docstring is its documentation (`xlkit rules` prints the title). Rules never print
and never touch a workbook.

Scopes:
- "form": called once per form with a FormContext (ctx.form, ctx.bundle, ctx.profile, ctx.report ...)
- "bundle": called once per workbook with a BundleContext (ctx.bundle) — e.g. D01
- "file": file-level findings the engine makes itself (R01, R02); registered for the catalog
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..model import Finding

SCOPES = ("form", "bundle", "file")


@dataclass(frozen=True)
class RuleInfo:
    code: str
    severity: str  # E / W / I
    title: str  # Chinese one-line meaning, as in RULES.md
    scope: str
    func: Callable[..., Iterable[Finding]] | None

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip() if self.func else ""


RULES: dict[str, RuleInfo] = {}


def rule(code: str, severity: str, title: str, scope: str = "form"):
    """Register a rule function under its stable code."""
    if severity not in ("E", "W", "I"):
        raise ValueError(severity)
    if scope not in SCOPES:
        raise ValueError(scope)

    def deco(func):
        if code in RULES:
            raise ValueError(f"rule {code} registered twice")
        RULES[code] = RuleInfo(code, severity, title, scope, func)
        func.code = code
        return func

    return deco
