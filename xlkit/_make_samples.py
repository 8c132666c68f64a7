"""Regenerate the files in samples/ from samples/安庆市总工会2022.yaml (and the report text).

    python -m xlkit._make_samples            # rewrite every generated sample
    python -m xlkit._make_samples SEED.txt   # also re-extract the report text from seed 002

Generated: 安庆市总工会2022-数据表.xlsx (the two-table form + 项目清单), 安庆市总工会2022.xlsx
(made by the fill engine, as `xlkit fill` does) and 2022年度困难劳模帮扶专项绩效评价报告.docx
(from the .txt next to it).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
YAML = "安庆市总工会2022.yaml"
TABLES = "安庆市总工会2022-数据表.xlsx"
WORKBOOK = "安庆市总工会2022.xlsx"
REPORT = "2022年度困难劳模帮扶专项绩效评价报告"
REPORT_START = "2022 年度困难劳模帮扶专项绩效评价报告"

_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_H3 = re.compile(r"^(\d+、|[（(]\d+[）)])")


def extract_report(seed_text: str) -> str:
    """The report part of seed 002, verbatim, from its title to the end."""
    i = seed_text.index(REPORT_START)
    return seed_text[i:].rstrip() + "\n"


def report_docx(text: str, out: Path) -> Path:
    """The report as .docx: the title and numbered headings as Word headings, the
    tab-separated score table (项 目 / 标准分值 / 评价得分) as a real table."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    doc.add_heading(lines[0], level=0)
    table_rows: list[list[str]] = []
    for ln in lines[1:]:
        if "\t" in ln:
            table_rows.append(ln.split("\t"))
            continue
        if table_rows:
            _add_table(doc, table_rows)
            table_rows = []
        level = 1 if _H1.match(ln) else 2 if _H2.match(ln) else 3 if _H3.match(ln) and len(ln) < 40 else 0
        if level:
            doc.add_heading(ln, level=level)
        else:
            doc.add_paragraph(ln)
    if table_rows:
        _add_table(doc, table_rows)
    doc.core_properties.title = lines[0]
    doc.save(out)
    return out


def _add_table(doc, rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            table.cell(i, j).text = v


def make_samples(samples: Path = SAMPLES, seed: Path | None = None) -> list[Path]:
    from .data import bundle_to_tables, load_data, write_tables
    from .fill import fill_bundle

    out = []
    bundle = load_data(samples / YAML)
    out += write_tables(bundle_to_tables(bundle), samples / TABLES, force=True)
    out.append(fill_bundle(bundle, samples / WORKBOOK, force=True, inputs=(samples / YAML,)))
    txt = samples / f"{REPORT}.txt"
    if seed is not None:
        txt.write_text(extract_report(Path(seed).read_text(encoding="utf-8")), encoding="utf-8")
    out.append(txt)
    out.append(report_docx(txt.read_text(encoding="utf-8"), samples / f"{REPORT}.docx"))
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for p in make_samples(seed=Path(argv[0]) if argv else None):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
