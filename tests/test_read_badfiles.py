"""Bad files: one Chinese ReadError line naming the file (R01), never another exception."""
from __future__ import annotations

import hashlib
import os
import time
import tracemalloc

import pytest

import layouts as L
from xlkit.errors import ReadError
from xlkit.read import iter_input_files, read_workbook

EXPECTED = {
    "truncated": "已损坏",
    "garbage_zip": "已损坏",
    "text": "不是电子表格",
    "png": "不是电子表格",
    "docx": "Word 文档",
    "empty_bytes": "文件为空",
    "pdf": "PDF",
    "xml_dtd": "DOCTYPE/ENTITY",
    "encrypted": "文件已加密（设有打开密码），无法读取",
    "encrypted_ods": "文件已加密（设有打开密码），无法读取",
    "entity_bomb": "DOCTYPE/ENTITY",
    "zip_bomb": "压缩炸弹",
    "far_cell": "数据区域过大",
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    return L.make_bad_files(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_file_message(bad_files, case):
    path = bad_files[case]
    with pytest.raises(ReadError) as ei:
        read_workbook(path)
    msg = ei.value.message
    assert EXPECTED[case] in msg
    assert str(path) in msg  # names the file
    assert "\n" not in msg  # one line


@pytest.mark.parametrize("case", ["zip_bomb", "entity_bomb"])
def test_bombs_refused_fast_and_small(bad_files, case):
    tracemalloc.start()
    t = time.perf_counter()
    with pytest.raises(ReadError):
        read_workbook(bad_files[case])
    elapsed = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 200 * 1024 * 1024


def test_ratio_bomb_below_size_limit(tmp_path):
    # 60 MB of blanks: under the total-size limit, refused for its compression ratio
    path = L.make_zip_bomb(tmp_path / "ratio.xlsx", inflated_mb=60)
    with pytest.raises(ReadError, match="压缩比异常"):
        read_workbook(path)


def test_missing_file(tmp_path):
    with pytest.raises(ReadError, match="不存在"):
        read_workbook(tmp_path / "没有.xlsx")
    with pytest.raises(ReadError, match="不存在"):
        iter_input_files([tmp_path / "没有"])


def test_directory_given_as_file(tmp_path):
    with pytest.raises(ReadError, match="文件夹"):
        read_workbook(tmp_path)


def test_unreadable_file_permission(tmp_path, monkeypatch):
    path = L.build_layout(tmp_path / "p.xlsx", 1)
    real_open = open

    def deny(p, *a, **kw):
        if str(p) == str(path):
            raise PermissionError(13, "Permission denied", str(p))
        return real_open(p, *a, **kw)

    monkeypatch.setattr("builtins.open", deny)
    with pytest.raises(ReadError, match="没有读取权限"):
        read_workbook(path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_chmod(tmp_path):
    path = L.build_layout(tmp_path / "p.xlsx", 1)
    path.chmod(0)
    try:
        with pytest.raises(ReadError, match="没有读取权限"):
            read_workbook(path)
    finally:
        path.chmod(0o644)


def test_empty_workbook_gives_empty_bundle(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.create_sheet("Sheet2")
    wb.save(tmp_path / "empty.xlsx")
    b = read_workbook(tmp_path / "empty.xlsx")
    assert b.forms == [] and b.project_list == []


def test_corrupt_sheet_xml(tmp_path):
    import zipfile

    src = L.build_layout(tmp_path / "src.xlsx", 1)
    out = tmp_path / "坏表.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            zout.writestr(item, data)
    with pytest.raises(ReadError) as ei:
        read_workbook(out)
    assert str(out) in ei.value.message


def test_input_never_written(tmp_path):
    path = L.build_bundle(tmp_path / "bundle.xlsx")
    before = (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
    read_workbook(path)
    read_workbook(path, use_template=False)
    after = (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
    assert before == after
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.xlsx"]


def test_iter_input_files(tmp_path):
    d = tmp_path / "收到"
    (d / "子目录").mkdir(parents=True)
    (d / ".hidden").mkdir()
    a = L.build_layout(d / "a.xlsx", 1)
    b = L.build_layout(d / "子目录" / "b.xlsx", 4)
    (d / "~$a.xlsx").write_bytes(b"lock")
    (d / ".x.xlsx").write_bytes(b"hidden")
    (d / ".hidden" / "c.xlsx").write_bytes(b"hidden dir")
    (d / "说明.txt").write_text("readme", encoding="utf-8")
    (d / "C.XLS").write_bytes(b"x")
    files = iter_input_files([d, a])
    assert files == sorted([a, b, d / "C.XLS"], key=str)
