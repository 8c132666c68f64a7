"""Formula cells of an .xlsx/.xlsm, read straight from the sheet XML (stdlib only).

The reader gives cached values; F rules also need each cell's formula. Loading the whole
workbook with openpyxl would cost more than the rest of `xlkit check` together, so this
reads only the sheets that hold forms, and for each cell its formula (shared formulas
expanded), its cached value, and whether the cached value is an Excel error.
"""
from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from .errors import ReadError
from .formulas import XlError
from .model import col_index, col_letter, parse_ref

_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"', re.S)
_SHEET_ALT = re.compile(rb'<sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"', re.S)
_REL = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"', re.S)
_REL_ALT = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"', re.S)
_CELL = re.compile(rb'<c\b(?=[^>]*?\br="([A-Z]{1,3}\d+)")(?=(?:[^>]*?\bt="(\w+)")?)[^>]*?(?:/>|>(.*?)</c>)', re.S)
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_F = re.compile(rb'<f\b([^>]*?)(?:/>|>(.*?)</f>)', re.S)
_V = re.compile(rb'<v>(.*?)</v>', re.S)
_SI = re.compile(rb'<si>(.*?)</si>', re.S)
_T = re.compile(rb'<t\b[^>]*>(.*?)</t>', re.S)
_FREF = re.compile(r"(?<![A-Za-z_\d.!'\"])(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?![\w(])")


@dataclass
class SheetFormulas:
    formulas: dict[str, str] = field(default_factory=dict)  # 'G6' -> 'E6/D6' (no '=')
    cached: dict[str, Any] = field(default_factory=dict)  # every cell's cached value (when formulas exist)
    errors: dict[str, str] = field(default_factory=dict)  # cells whose cached value is an error

    def lookup(self, cell: str) -> Any:
        return self.cached.get(cell)


def _attrs(raw: bytes) -> dict[str, str]:
    return {k.decode(): html.unescape(v.decode("utf-8")) for k, v in _ATTR.findall(raw)}


def sheet_paths(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the package ("xl/worksheets/sheet1.xml"), from workbook.xml and its rels."""
    wb = z.read("xl/workbook.xml")
    rels = z.read("xl/_rels/workbook.xml.rels")
    targets = {i.decode(): t.decode() for i, t in _REL.findall(rels)}
    targets.update({i.decode(): t.decode() for t, i in _REL_ALT.findall(rels)})
    pairs = [(n, r) for n, r in _SHEET.findall(wb)] + [(n, r) for r, n in _SHEET_ALT.findall(wb)]
    out = {}
    for name, rid in pairs:
        target = targets.get(rid.decode())
        if not target:
            continue
        target = target.lstrip("/")
        path = target if target.startswith("xl/") else "xl/" + target
        out[html.unescape(name.decode("utf-8"))] = path
    return out


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    try:
        xml = z.read("xl/sharedStrings.xml")
    except KeyError:
        return []
    return [html.unescape(b"".join(_T.findall(si)).decode("utf-8")) for si in _SI.findall(xml)]


def translate(formula: str, drow: int, dcol: int) -> str:
    """Shift relative references of a shared formula from its master cell to another cell."""
    out = []
    # split on quotes so that text inside string literals is never shifted
    parts = formula.split('"')
    for k, part in enumerate(parts):
        if k % 2 == 1:
            out.append(part)
            continue

        def shift(m):
            cabs, col, rabs, row = m.groups()
            c = col if cabs else col_letter(max(1, col_index(col) + dcol))
            r = row if rabs else str(max(1, int(row) + drow))
            return f"{cabs}{c}{rabs}{r}"

        out.append(_FREF.sub(shift, part))
    return '"'.join(out)


def _cached(t: str, v: bytes | None, strings: list[str]) -> Any:
    if v is None:
        return None
    text = html.unescape(v.decode("utf-8"))
    if t == "s":
        try:
            return strings[int(text)]
        except (ValueError, IndexError):
            return None
    if t in ("str", "inlineStr"):
        return text
    if t == "b":
        return text == "1"
    if t == "e":
        return XlError(text)
    try:
        return float(text)
    except ValueError:
        return text


def parse_sheet(xml: bytes, strings: list[str] | None) -> SheetFormulas:
    out = SheetFormulas()
    masters: dict[str, tuple[str, str]] = {}  # si -> (master cell, formula)
    children: list[tuple[str, str]] = []
    for cell_b, t_b, body in _CELL.findall(xml):
        if not body:
            continue  # an empty, styled cell: no value, no formula
        cell = cell_b.decode()
        t = t_b.decode() if t_b else "n"
        vm = _V.search(body)
        value = _cached(t, vm.group(1) if vm else None, strings or [])
        if strings is not None:
            out.cached[cell] = value
        if t == "e" and vm:
            out.errors[cell] = str(value)
        fm = _F.search(body)
        if not fm:
            continue
        fattrs = _attrs(fm.group(1))
        text = html.unescape((fm.group(2) or b"").decode("utf-8")).strip()
        if fattrs.get("t") == "shared":
            si = fattrs.get("si", "")
            if text:
                masters[si] = (cell, text)
                out.formulas[cell] = text
            else:
                children.append((cell, si))
        elif text:
            out.formulas[cell] = text
    for cell, si in children:
        if si in masters:
            mcell, text = masters[si]
            (r0, c0), (r1, c1) = parse_ref(mcell), parse_ref(cell)
            out.formulas[cell] = translate(text, r1 - r0, c1 - c0)
    return out


def load_formula_cells(path: str, sheets: list[str]) -> dict[str, SheetFormulas]:
    """Formulas and cached values of the given sheets. Sheets without any formula get an
    empty SheetFormulas (F02 needs to know that a formula is missing)."""
    try:
        with zipfile.ZipFile(path) as z:
            paths = sheet_paths(z)
            strings: list[str] | None = None
            out = {}
            for name in sheets:
                p = paths.get(name)
                if p is None:
                    continue
                xml = z.read(p)
                has_formulas = b"<f" in xml
                if has_formulas and strings is None:
                    strings = _shared_strings(z)
                if has_formulas or b't="e"' in xml:
                    out[name] = parse_sheet(xml, strings if has_formulas else None)
                else:
                    out[name] = SheetFormulas()
            return out
    except (zipfile.BadZipFile, KeyError, OSError) as e:
        raise ReadError(f"无法读取公式：{e}") from None
