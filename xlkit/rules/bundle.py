"""D — department bundle: the 部门绩效自评项目清单 against the forms."""
from __future__ import annotations

from typing import Iterator

from ..model import Finding
from ..quantities import normalize_text
from .context import BundleContext
from .registry import rule

NEAR = 0.8


def _norm(name: str) -> str:
    return normalize_text(name or "").replace(" ", "").strip()


def _near(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a in b or b in a:
        return min(len(a), len(b)) >= 4
    import difflib  # only when names differ: keeps `xlkit check` start-up short
    return difflib.SequenceMatcher(None, a, b).ratio() >= NEAR


@rule("D01", "W", "项目清单中的项目没有自评表，或自评表的项目不在清单中（近似名称单独指出）", scope="bundle")
def d01_list(ctx: BundleContext) -> Iterator[Finding]:
    """Every listed project needs a form and every form a list entry; near-matches are named."""
    b = ctx.bundle
    if not b.project_list:
        return
    entries = [(e, _norm(e.name.text)) for e in b.project_list if _norm(e.name.text)]
    forms = [(f, _norm(f.name)) for f in b.forms if _norm(f.name)]
    form_names = {n for _, n in forms}
    entry_names = {n for _, n in entries}
    lone_entries = [(e, n) for e, n in entries if n not in form_names]
    lone_forms = [(f, n) for f, n in forms if n not in entry_names]
    for e, n in lone_entries:
        match = next(((f, fn) for f, fn in lone_forms if _near(n, fn)), None)
        sheet, cell = e.name.sheet or b.list_sheet or "", e.name.cell or ""
        if match:
            f, fn = match
            lone_forms.remove(match)
            yield ctx.finding("D01", f"项目清单中的「{e.name.text.strip()}」与自评表（{f.sheet}）的项目名称「{f.name}」"
                              f"不一致（近似匹配），应统一", sheet=sheet, cell=cell, project=f.name,
                              expected=e.name.text.strip(), actual=f.name, note="近似匹配")
        else:
            yield ctx.finding("D01", f"项目清单中的「{e.name.text.strip()}」没有对应的自评表",
                              sheet=sheet, cell=cell, project=e.name.text.strip())
    for f, n in lone_forms:
        yield ctx.finding("D01", f"自评表项目「{f.name}」不在项目清单中", sheet=f.sheet or "",
                          cell=f.project.cell or "", project=f.name)
