"""Read a narrative 绩效自评报告 / 绩效评价报告 (.docx, .txt, .md; .doc via LibreOffice)
into :class:`~xlkit.model.ReportFacts`: the numbers it states, each with where it was
said, so the X rules can hold them against the form.

The extraction is deliberately conservative: a number is taken only when the words
around it say clearly what it is (a score by 一级指标, a total, a grade, a count with its
subject, an execution rate, an amount with its role). Plans and targets ("100 人以上",
"拟帮扶 200 人左右") are marked as targets, because a report restating a target is not
contradicting the form's 实际完成值.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterable

from ..errors import ReadError
from ..model import BUDGET_LEVEL1, ReportFact, ReportFacts
from ..quantities import normalize_text

REPORT_SUFFIXES = (".docx", ".txt", ".md", ".doc")

# --- small text helpers -----------------------------------------------------------

_NUMTXT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SENT_END = re.compile(r"(?<=[。！？!?；;])")
_CLAUSE_SEP = re.compile(r"[,，、;；:：。]")
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[、.．](?!\d))")


def _n(s: str) -> str:
    """Normalized text for matching: NFKC, no spaces (Chinese PDF/Word exports scatter them)."""
    t = re.sub(r"\s+", "", normalize_text(s))
    # "1,350" is one number; drop thousands separators before clauses are split on commas
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", t)


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def canon_level1(text: str) -> str | None:
    """'产出指标' / '产出' / '效益指标' / '满意度' / '预算执行率' / '得分合计' -> canonical key."""
    t = _n(text)
    if not t or len(t) > 12:
        return None
    if "执行率" in t or "预算执行" in t or "资金执行" in t:
        return BUDGET_LEVEL1
    if "产出" in t:
        return "产出指标"
    if "效益" in t:
        return "效益指标"
    if "满意" in t:
        return "满意度指标"
    if "合计" in t or "总分" in t or "总计" in t:
        return "合计"
    return None


def _row_kind(text: str) -> str | None:
    """A score-table row label: 标准分值 (weights) or 评价得分 (scores)."""
    t = _n(text)
    if not t or len(t) > 8:
        return None
    if "分值" in t or "权重" in t or t in ("标准分", "满分"):
        return "weight"
    if "得分" in t or t in ("评分", "得分"):
        return "score"
    return None


# --- loading ----------------------------------------------------------------------

class _Doc:
    """A report as ordered paragraphs plus tables, each piece with a findable location."""

    def __init__(self) -> None:
        self.paragraphs: list[tuple[str, str]] = []  # (where, text)
        self.tables: list[list[list[tuple[str, str]]]] = []  # table -> rows -> (where, text)


def _read_text_file(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ReadError(f"无法识别报告的文字编码（已试 UTF-8、GBK）：{path}", path=str(path))


def _load_text(path: Path) -> _Doc:
    doc = _Doc()
    text = _read_text_file(path)
    markdown = path.suffix.lower() == ".md"
    for i, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if markdown:
            # "# 标题" and "**粗体**" are markup, not words of the report
            line = re.sub(r"^#{1,6}\s*", "", line).replace("**", "").replace("__", "")
        if line:
            doc.paragraphs.append((f"第{i}行", line))
    return doc


def _load_docx(path: Path) -> _Doc:
    from .open import check_package
    check_package(path)  # python-docx inflates parts without limits: refuse bombs first
    import docx  # python-docx; a missing install is a broken setup, not a bad report
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises several unrelated types for bad files
        raise ReadError(f"无法打开报告（不是有效的 .docx 文件）：{path}", path=str(path)) from e
    doc = _Doc()
    pno = 0
    tno = 0
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text
            if text.strip():
                pno += 1
                doc.paragraphs.append((f"第{pno}段", text.strip()))
        elif tag == "tbl":
            tno += 1
            table = Table(child, document)
            rows: list[list[tuple[str, str]]] = []
            for ri, row in enumerate(table.rows, start=1):
                cells = []
                seen = None
                for ci, cell in enumerate(row.cells, start=1):
                    # A horizontally merged cell repeats in row.cells; keep it once.
                    if seen is not None and cell._tc is seen:
                        continue
                    seen = cell._tc
                    cells.append((f"表{tno}第{ri}行第{ci}列", cell.text.strip()))
                rows.append(cells)
            doc.tables.append(rows)
    return doc


def _convert_doc(path: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise ReadError(f"无法读取 .doc 报告（未安装 LibreOffice），请另存为 .docx：{path}", path=str(path))
    out = Path(tempfile.mkdtemp(prefix="xlkit-doc-"))
    try:
        # a private profile: a LibreOffice the user has open would otherwise take the job and exit silently
        subprocess.run([soffice, f"-env:UserInstallation={(out / 'lo-profile').as_uri()}", "--headless",
                        "--norestore", "--convert-to", "docx", "--outdir", str(out), str(path)],
                       check=True, capture_output=True, timeout=180)
    except (subprocess.SubprocessError, OSError) as e:
        raise ReadError(f"无法把 .doc 报告转换为 .docx：{path}", path=str(path)) from e
    found = list(out.glob("*.docx"))
    if not found:
        raise ReadError(f"无法把 .doc 报告转换为 .docx：{path}", path=str(path))
    return found[0]


def _load(path: Path) -> _Doc:
    if not path.is_file():
        raise ReadError(f"找不到报告文件：{path}", path=str(path))
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md", ".text"):
        return _load_text(path)
    if suffix == ".docx":
        return _load_docx(path)
    if suffix == ".doc":
        converted = _convert_doc(path)
        try:
            return _load_docx(converted)
        finally:
            shutil.rmtree(converted.parent, ignore_errors=True)
    raise ReadError(f"不支持的报告格式 {suffix or '（无扩展名）'}：{path}；请用 .docx、.txt 或 .md", path=str(path))


# --- sentences and clauses -------------------------------------------------------

def _sentences(text: str) -> list[str]:
    return [s for s in _SENT_END.split(text) if s.strip()]


_COUNT_UNITS = "人次|户次|人|名|位|户|家|场|次|个|项|本|册|份|批|期|所|篇|条"
_COUNT_RE = re.compile(rf"(?<![\d.,])(?P<num>{_NUMTXT})\s*(?P<unit>{_COUNT_UNITS})")
# Words after a count that make it a description of structure, not a count of results.
_NOT_COUNT_AFTER = re.compile(r"^(?:三级指标|二级指标|一级指标|指标|阶段|方面|原则|工作日|月|年|日|号|小时|分钟|岁|周|天)")
_TARGET_AFTER = re.compile(r"^\s*(?:及以上|以上|以下|左右|以内|上下)")
_TARGET_BEFORE = re.compile(r"拟|计划|目标|预计|力争|不少于|不低于|不超过|不高于|至少|约|指标值|设定|设置|要求|任务数")
_STRIP_SUBJECT = re.compile(
    r"^(?:其中|以及|和|及|与|并|共计|共|累计|合计|总计|实际|全年|本年|当年|已经|已|为|对|给予|向|全市|本级)+")
_YEAR = re.compile(r"\d{4}年度?|\d{1,2}月(?:份)?(?:底|末|初)?(?:前)?|\d{1,2}日")
_UNIT_CLASS = {"人": "人", "名": "人", "位": "人"}


def unit_class(unit: str) -> str:
    """Units that count the same thing: 人 = 名 = 位; 人次 stays 人次."""
    return _UNIT_CLASS.get(unit, unit)


def subject_words(s: str) -> str:
    """The words of a count's subject that name what was counted: no years, quotes, 其中/实际/共 …."""
    # "体现在目标任务设置上——生活困难劳模帮扶": the subject is what follows the dash.
    s = re.split(r"—+|--+", s)[-1]
    s = _YEAR.sub("", s)
    s = re.sub(r"[“”\"'‘’《》<>()（）\[\]【】]", "", s)
    s = s.strip(" ,，、;；:：.。")
    prev = None
    while prev != s:
        prev = s
        s = _STRIP_SUBJECT.sub("", s)
        s = re.sub(r"^\d+(?:\.\d+)?", "", s)
    return s


def _extract_counts(where: str, sentence: str) -> list[ReportFact]:
    """Counts in one sentence; a count followed by "其中 …" gets the later counts as parts."""
    facts: list[ReportFact] = []
    t = _n(sentence)
    target_sentence = bool(re.search(r"年度目标|绩效目标|目标任务设置|指标值", t))
    # Split on clause punctuation but keep positions, so "其中" is seen wherever it sits.
    # Text inside “…” or 《…》 is a name ("“新建职工书屋 10 家”未达到满分"), not a statement of a result.
    quoted = [False] * len(t)
    depth = 0
    for i, ch in enumerate(t):
        if ch in "“《":
            depth += 1
        elif ch in "”》" and depth:
            depth -= 1
        quoted[i] = depth > 0
    clause_spans = [(m.group(0), m.start()) for m in re.finditer(r"[^,，、;；:：。]+", t)]
    in_parts = False
    owner: ReportFact | None = None
    parts: list[ReportFact] = []

    def close_owner() -> None:
        nonlocal owner, parts
        if owner is not None and parts:
            idx = facts.index(owner)
            facts[idx] = _with_parts(owner, parts)
        owner, parts = None, []

    for clause, offset in clause_spans:
        if not clause:
            continue
        starts_parts = clause.startswith("其中")
        if starts_parts and facts:
            in_parts = True
            if owner is None:
                owner = facts[-1]
        last_end = 0
        for m in _COUNT_RE.finditer(clause):
            after = clause[m.end():]
            if _NOT_COUNT_AFTER.match(after):
                continue
            before = clause[last_end:m.start()]
            last_end = m.end()
            # subject keeps the words as written (for messages); subject_words() cleans them for matching
            subject = re.split(r"—+|--+", before)[-1]
            subject = re.sub(r"^(?:其中|以及|和|及|与|并)+", "", subject)
            if len(subject_words(subject)) < 2:
                # "为8名创业者协调…": the thing counted follows the number.
                subject = re.split(r"[,，;；。]", after)[0][:20]
            is_target = (target_sentence or bool(_TARGET_AFTER.match(after)) or bool(_TARGET_BEFORE.search(before))
                         or quoted[offset + m.start()])
            years = re.findall(r"(20\d\d|19\d\d)年", t[:offset + m.start()])
            fact = ReportFact(kind="count", value=_num(m.group("num")), where=where, sentence=sentence.strip(),
                              subject=subject, unit=m.group("unit"), target=is_target,
                              year=int(years[-1]) if years else None)
            if in_parts and owner is not None and unit_class(fact.unit) == unit_class(owner.unit):
                parts.append(fact)
            else:
                if in_parts:
                    close_owner()
                    in_parts = False
                facts.append(fact)
    close_owner()
    return facts


def _with_parts(owner: ReportFact, parts: list[ReportFact]) -> ReportFact:
    from dataclasses import replace
    return replace(owner, parts=tuple(parts))


_RATE_KEY = re.compile(r"执行率|完成预算|预算完成|预算执行|资金执行|支出进度|执行进度")
_PCT = re.compile(rf"(?<![\d.])({_NUMTXT})\s*%")


def _extract_rates(where: str, sentence: str) -> list[ReportFact]:
    facts = []
    for clause in _CLAUSE_SEP.split(_n(sentence)):
        if not _RATE_KEY.search(clause):
            continue
        for m in _PCT.finditer(clause):
            before, after = clause[:m.start()], clause[m.end():]
            is_target = bool(_TARGET_AFTER.match(after)) or bool(re.search(r"不低于|不少于|力争|目标|要求|达到", before))
            facts.append(ReportFact(kind="rate", value=round(_num(m.group(1)) / 100, 10), where=where,
                                    sentence=sentence.strip(), subject=clause, unit="%", target=is_target))
    return facts


_AMOUNT = re.compile(rf"(?<![\d.])({_NUMTXT})\s*万元")
_ROLE_WORDS = [
    ("executed", re.compile(r"执行数|执行|支出|使用|支付|拨付|决算|花费|发放")),
    ("initial", re.compile(r"年初预算|年初")),
    ("budget", re.compile(r"预算|安排|下达|批复|到位|资金总额|总额")),
]
_MONEY_CONTEXT = re.compile(r"资金|预算|经费|执行|拨款")


def _extract_amounts(where: str, sentence: str) -> list[ReportFact]:
    facts = []
    for clause in _CLAUSE_SEP.split(_n(sentence)):
        last = 0
        for m in _AMOUNT.finditer(clause):
            context = clause[last:m.start()]
            last = m.end()
            role = ""
            best = -1
            for name, rx in _ROLE_WORDS:
                for km in rx.finditer(context):
                    # The keyword closest to the amount decides its role; "年初预算" beats "预算".
                    pos = km.end()
                    if pos > best or (pos == best and name == "initial"):
                        best, role = pos, name
            if role and not _MONEY_CONTEXT.search(clause):
                role = ""
            is_target = bool(re.search(r"不超过|不高于|控制在|以内|≤|<=", clause))
            facts.append(ReportFact(kind="amount", value=_num(m.group(1)), where=where, sentence=sentence.strip(),
                                    subject=context or clause, unit="万元", role=role, target=is_target))
    return facts


_TOTAL_RE = re.compile(
    # not "项目总分100分" (the maximum) nor "（总分 20 分，评价得分 19 分）" (a 二级指标 heading)
    rf"(?:最终(?:评价)?得分|综合(?:评价)?(?:评分|得分)|(?:自评|评价|绩效评价)总?得分为|自评(?:总)?得分|项目(?:自评)?得分"
    rf"|(?:自评|评价|绩效评价)总分为|总得分|得分合计为)"
    rf"(?:为|是)?[:：]?\s*(?P<num>{_NUMTXT})\s*分")
_GRADE_RE = re.compile(
    r"(?:(?:评价等级|绩效等级|评价结论|评定等级|评价结果|自评结果|自评等级)(?:为|是|评定为)?|等级为|评定为)[:：]?\s*[“\"「『']?"
    r"(?P<g>优秀|优|良好|良|中等|中|合格|差)(?![国心央间期])")
_GRADE_CANON = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "合格": "中", "差": "差"}
_LEVEL1_PROSE = re.compile(
    # not "经济效益 10 分" / "服务对象满意度 10 分": those are 二级指标
    rf"(?<!经济)(?<!社会)(?<!生态)(?<!对象)(?P<l1>产出|效益|满意度|预算执行率)(?:指标)?(?:得分|评价得分)?(?:为)?[:：]?\s*(?P<num>{_NUMTXT})\s*分")
_LEVEL1_HEADING = re.compile(
    rf"(?:^|(?<=[)）、.．]))(?P<l1>产出|效益|满意度|预算执行率)(?:指标|情况)?\s*[(（]\s*(?:总分|标准分值|分值)\s*(?P<w>{_NUMTXT})\s*分\s*[,，;；]\s*"
    rf"(?:评价得分|得分)\s*(?P<s>{_NUMTXT})\s*分\s*[)）]")


def _canon_prose_l1(word: str) -> str:
    return {"产出": "产出指标", "效益": "效益指标", "满意度": "满意度指标", "预算执行率": BUDGET_LEVEL1}[word]


def _extract_scores_prose(where: str, text: str) -> list[ReportFact]:
    t = _n(text)
    out = []
    for m in _LEVEL1_HEADING.finditer(t):
        key = _canon_prose_l1(m.group("l1"))
        out.append(ReportFact(kind="weight", value=_num(m.group("w")), where=where, sentence=text.strip(), key=key))
        out.append(ReportFact(kind="score", value=_num(m.group("s")), where=where, sentence=text.strip(), key=key))
    for m in _LEVEL1_PROSE.finditer(t):
        # "数量指标 20 分" and "满意度均占比超过 90%" never reach here; "产出49分" does.
        key = _canon_prose_l1(m.group("l1"))
        out.append(ReportFact(kind="score", value=_num(m.group("num")), where=where, sentence=text.strip(), key=key))
    return out


# --- score tables -------------------------------------------------------------------

def _table_scores(rows: list[list[tuple[str, str]]]) -> list[ReportFact]:
    """A Word table of 一级指标 × (标准分值, 评价得分), in either orientation."""
    out: list[ReportFact] = []
    # Orientation 1: a header row of 一级 names, rows labelled 标准分值 / 评价得分.
    for hi, row in enumerate(rows):
        cols = {ci: canon_level1(text) for ci, (_, text) in enumerate(row)}
        cols = {ci: k for ci, k in cols.items() if k}
        if len({k for k in cols.values() if k != "合计"}) < 2:
            continue
        for row2 in rows[hi + 1:]:
            if not row2:
                continue
            kind = _row_kind(row2[0][1])
            if not kind:
                continue
            label = row2[0][1]
            for ci, key in cols.items():
                if ci < len(row2):
                    where, text = row2[ci]
                    m = re.fullmatch(rf"\s*({_NUMTXT})\s*分?\s*", normalize_text(text))
                    if m:
                        out.append(ReportFact(kind=kind, value=_num(m.group(1)), where=where,
                                              sentence=" | ".join(c[1] for c in row2), key=key, subject=label))
        if out:
            return out
    # Orientation 2: a header row with 标准分值 / 评价得分, one row per 一级.
    for hi, row in enumerate(rows):
        kinds = {ci: _row_kind(text) for ci, (_, text) in enumerate(row)}
        kinds = {ci: k for ci, k in kinds.items() if k}
        if not ("weight" in kinds.values() or "score" in kinds.values()):
            continue
        keys = [canon_level1(r[0][1]) for r in rows[hi + 1:] if r]
        keys = [k for k in keys if k]
        if len(keys) != len(set(keys)):
            # an indicator table (附表) repeats 产出指标 on every row: its 分值/得分 are per indicator
            return []
        for row2 in rows[hi + 1:]:
            if not row2:
                continue
            key = canon_level1(row2[0][1])
            if not key:
                continue
            for ci, kind in kinds.items():
                if ci < len(row2):
                    where, text = row2[ci]
                    m = re.fullmatch(rf"\s*({_NUMTXT})\s*分?\s*", normalize_text(text))
                    if m:
                        out.append(ReportFact(kind=kind, value=_num(m.group(1)), where=where,
                                              sentence=" | ".join(c[1] for c in row2), key=key))
        if out:
            return out
    return out


_L1_TOKEN = re.compile(r"产出(?:指标)?|效益(?:指标)?|满意度?(?:指标)?|(?:预算)?执行率(?:指标)?|得分合计|合计|总分|总计")


def _text_table_scores(paragraphs: list[tuple[str, str]]) -> list[ReportFact]:
    """The same table written as text lines (tab- or space-separated), in either orientation."""
    out: list[ReportFact] = []
    for i, (_, line) in enumerate(paragraphs):
        t = normalize_text(line)
        if re.search(r"\d", t):
            continue
        tokens = [canon_level1(m.group(0)) for m in _L1_TOKEN.finditer(t)]
        tokens = [k for k in tokens if k]
        if len({k for k in tokens if k != "合计"}) >= 2 and len(tokens) == len(set(tokens)):
            for where, line2 in paragraphs[i + 1:i + 5]:
                t2 = normalize_text(line2)
                m = re.match(r"\s*([^\d\s]+(?:\s[^\d\s]+)?)\s+", t2)
                kind = _row_kind(m.group(1)) if m else None
                if not kind:
                    continue
                nums = re.findall(rf"(?<![\d.]){_NUMTXT}", t2[m.end():])
                if len(nums) != len(tokens):
                    continue  # a row that does not line up with the header is not trusted
                for key, num in zip(tokens, nums):
                    out.append(ReportFact(kind=kind, value=_num(num), where=where, sentence=line2.strip(),
                                          key=key, subject=m.group(1)))
            if out:
                return out
        # Transposed: "项目 标准分值 评价得分" then "产出指标 50 49".
        labels = [_row_kind(x) for x in re.split(r"\s+", t.strip())]
        kinds = [k for k in labels if k]
        if len(kinds) >= 1 and len(set(kinds)) == len(kinds) and ("分值" in _n(t) or "得分" in _n(t)):
            got = []
            firsts = [canon_level1(re.split(r"\s+", normalize_text(x).strip())[0]) for _, x in paragraphs[i + 1:i + 7]]
            firsts = [k for k in firsts if k]
            if len(firsts) != len(set(firsts)):
                continue  # rows of an indicator table, not one row per 一级指标
            for where, line2 in paragraphs[i + 1:i + 7]:
                t2 = normalize_text(line2).strip()
                m = re.match(r"([^\d\s]+)\s+", t2)
                key = canon_level1(m.group(1)) if m else None
                if not key:
                    continue
                nums = re.findall(rf"(?<![\d.]){_NUMTXT}", t2[m.end():])
                if len(nums) != len(kinds):
                    continue
                for kind, num in zip(kinds, nums):
                    got.append(ReportFact(kind=kind, value=_num(num), where=where, sentence=line2.strip(), key=key))
            if len({f.key for f in got}) >= 2:
                return got
    return out


# --- sections ------------------------------------------------------------------------

_PROBLEM_LABEL = re.compile(r"^(?:存在的主要问题|存在的问题|存在问题|主要问题)\s*[:：]\s*(.*)$")
_SUGGEST_LABEL = re.compile(r"^(?:意见和建议|意见及建议|对策建议|整改建议|改进建议|有关建议|建议)\s*[:：]\s*(.*)$")
_ACHIEVE_LABEL = re.compile(r"^(?:主要绩效|主要成效|取得的成效)\s*[:：]\s*(.*)$")


def _strip_numbering(s: str) -> str:
    return _HEADING.sub("", s).strip()


def _is_heading(text: str) -> bool:
    return bool(_HEADING.match(text)) and len(text) <= 40 and not re.search(r"[。；;]", text)


def _section(paragraphs: list[tuple[str, str]], label_re: re.Pattern, heading_words: tuple[str, ...],
             avoid_words: tuple[str, ...] = ()) -> str:
    # An inline label ("存在的主要问题：…") is the most precise; it runs until the next label or heading.
    for i, (_, text) in enumerate(paragraphs):
        m = label_re.match(_strip_numbering(text.strip()))
        if m:
            parts = [m.group(1).strip()] if m.group(1).strip() else []
            for _, more in paragraphs[i + 1:]:
                mt = normalize_text(more)
                if _is_heading(more) or re.match(r"^[^，,。]{2,10}[:：]", mt):
                    break
                parts.append(more.strip())
            return "".join(parts).strip()
    # Otherwise a heading ("（九）意见和建议") followed by its paragraphs.
    for i, (_, text) in enumerate(paragraphs):
        if _is_heading(text) and any(w in text for w in heading_words) and not any(w in text for w in avoid_words):
            parts = []
            for _, more in paragraphs[i + 1:]:
                if _is_heading(more):
                    break
                parts.append(more.strip())
            return "".join(parts).strip()
    return ""


# --- the public entry ---------------------------------------------------------------

_TITLE_SUFFIX = re.compile(r"(?:项目)?(?:支出)?(?:绩效)?(?:自评|评价|自评价)?(?:工作)?报告(?:书)?$")


def project_from_title(title: str) -> str:
    """'2022 年度困难劳模帮扶专项绩效评价报告' -> '困难劳模帮扶专项'."""
    t = _n(title)
    t = re.sub(r"^\d{4}年度?", "", t)
    t = re.sub(r"[(（]\d{4}年度?[)）]", "", t)
    t = _TITLE_SUFFIX.sub("", t)
    return t.strip("“”\"《》")


def read_report(path: str | os.PathLike) -> ReportFacts:
    """Read one report and return the facts it states. Raises ReadError for unreadable files."""
    p = Path(path)
    doc = _load(p)
    facts = ReportFacts(source=str(p), paragraphs=list(doc.paragraphs))
    for _, text in doc.paragraphs[:6]:
        if "报告" in text and len(_n(text)) <= 60:
            facts.title = text.strip()
            break
    facts.project = project_from_title(facts.title) if facts.title else project_from_title(p.stem)

    for rows in doc.tables:
        for f in _table_scores(rows):
            (facts.weights if f.kind == "weight" else facts.scores).append(f)
        # Table cells may also hold prose (some reports are laid out in one big table).
        for row in rows:
            for where, text in row:
                if len(text) > 15:
                    _scan_prose(facts, where, text)
    for f in _text_table_scores(doc.paragraphs):
        (facts.weights if f.kind == "weight" else facts.scores).append(f)
    for where, text in doc.paragraphs:
        _scan_prose(facts, where, text)

    facts.problems = _section(doc.paragraphs, _PROBLEM_LABEL, ("存在的问题", "存在问题", "主要问题"))
    facts.suggestions = _section(doc.paragraphs, _SUGGEST_LABEL, ("建议",), ("问题和建议", "问题及建议"))
    facts.achievements = _section(doc.paragraphs, _ACHIEVE_LABEL, ("主要绩效", "取得的成效", "主要成效"))
    return facts


def _scan_prose(facts: ReportFacts, where: str, text: str) -> None:
    norm = _n(text)
    for m in _TOTAL_RE.finditer(norm):
        facts.total.append(ReportFact(kind="total", value=_num(m.group("num")), where=where, sentence=text.strip()))
    for m in _GRADE_RE.finditer(norm):
        facts.grade.append(ReportFact(kind="grade", value=_GRADE_CANON[m.group("g")], where=where,
                                      sentence=text.strip()))
    for f in _extract_scores_prose(where, text):
        (facts.weights if f.kind == "weight" else facts.scores).append(f)
    for sentence in _sentences(text):
        facts.counts.extend(_extract_counts(where, sentence))
        facts.rates.extend(_extract_rates(where, sentence))
        facts.amounts.extend(_extract_amounts(where, sentence))


def iter_report_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Report files among paths (files or folders, one level of folders searched recursively)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in REPORT_SUFFIXES
                              and not q.name.startswith(("~$", "."))))
        elif p.suffix.lower() in REPORT_SUFFIXES:
            out.append(p)
    return out
