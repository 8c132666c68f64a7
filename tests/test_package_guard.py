"""Packages opened by other libraries (a province's template via openpyxl, a .docx report via
python-docx) get the same zip/XML-bomb limits as the forms the reader opens."""
import zipfile

import pytest
from click.testing import CliRunner

import layouts as L
from conftest import SEED_YAML
from xlkit.cli import main
from xlkit.errors import ReadError
from xlkit.read.documents import read_report


def _docx_with_dtd(path):
    import docx

    src = path.with_suffix(".src.docx")
    d = docx.Document()
    d.add_paragraph("最终评价得分为：94分，评价等级“优”。")
    d.save(src)
    dtd = '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                cut = text.index("?>") + 2
                data = (text[:cut] + dtd + text[cut:]).encode("utf-8")
            zout.writestr(item, data)
    return path


def test_fill_refuses_a_template_that_is_an_entity_bomb(tmp_path):
    bomb = L.make_entity_bomb(tmp_path / "本省模板.xlsx")
    out = tmp_path / "out.xlsx"
    r = CliRunner().invoke(main, ["fill", str(SEED_YAML), "-o", str(out), "--template", str(bomb)])
    assert r.exit_code == 2 and "实体炸弹" in r.output and "Traceback" not in r.output
    assert not out.exists()


def test_fill_refuses_a_template_that_is_a_zip_bomb(tmp_path):
    bomb = L.make_zip_bomb(tmp_path / "本省模板.xlsx")
    r = CliRunner().invoke(main, ["fill", str(SEED_YAML), "-o", str(tmp_path / "o.xlsx"), "--template", str(bomb)])
    assert r.exit_code == 2 and "压缩炸弹" in r.output


def test_docx_report_with_a_dtd_is_refused(tmp_path):
    with pytest.raises(ReadError, match="实体炸弹"):
        read_report(_docx_with_dtd(tmp_path / "报告.docx"))


def test_clean_docx_report_still_reads(tmp_path):
    import docx

    p = tmp_path / "报告.docx"
    d = docx.Document()
    d.add_paragraph("最终评价得分为：94分，评价等级“优”。")
    d.save(p)
    facts = read_report(p)
    assert [f.value for f in facts.total] == [94]
