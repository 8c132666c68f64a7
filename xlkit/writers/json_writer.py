"""JSON report: one object, sorted and deterministic (no timestamps, stable key order).

{
  "schema_version": 1,
  "profile": "mof2020",
  "rules": ["B01", ...],                       # codes that ran
  "files": [{"path", "status": ok|error|empty, "error",
             "forms": [{"sheet", "project", "cell", "stated_total", "recomputed_total",
                        "grade", "stated_grade"}]}],
  "findings": [{"file", "sheet", "project", "code", "severity", "cell",
                "message", "expected", "actual", "note"}],
  "counts": {"E", "W", "I", "files", "forms", "unreadable"}
}
"""
from __future__ import annotations

import json
import math
from typing import Any, TextIO


def _clean(v: Any) -> Any:
    """Floats rounded to 6 places so that 0.1+0.2 noise never changes the golden output."""
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return None
        r = round(v, 6)
        return int(r) if r.is_integer() else r
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    return v


def report_dict(report) -> dict[str, Any]:
    from ..engine import SCHEMA_VERSION
    return _clean({
        "schema_version": SCHEMA_VERSION,
        "profile": report.profile.name,
        "rules": list(report.codes),
        "files": [fr.to_dict() for fr in report.files],
        "findings": [f.to_dict() for f in report.findings],
        "counts": report.counts(),
    })


def write_json(report, out: TextIO) -> None:
    json.dump(report_dict(report), out, ensure_ascii=False, indent=2)
    out.write("\n")
