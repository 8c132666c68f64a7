"""Opening a submitted workbook safely.

The format is decided by the file's magic bytes, not its extension: offices rename files
freely, budget systems export HTML tables as ".xls", and WPS saves .xls content under
.xlsx names. Every way a file can be unreadable ends in one :class:`ReadError` line (R01)
naming the file — never a traceback.

Safety: the bytes are read once into memory (the input is never opened for writing), zip
containers are checked from their central directory before anything is inflated (zip
bombs), and the XML parts are refused when they declare a DOCTYPE/ENTITY (entity bombs),
before python-calamine sees them.
"""
from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReadError

# Limits for one workbook. Real forms are a few hundred KB; a department bundle with
# hundreds of sheets stays far below these.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# A shared-strings or sheet part of repeated cells compresses maybe 100:1; bombs are ~1000:1.
MAX_RATIO = 200
RATIO_MIN_SIZE = 4 * 1024 * 1024  # small parts may compress extremely well without harm
XML_HEAD_BYTES = 64 * 1024  # a DOCTYPE must come before the root element, so the head suffices

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ZIP_EMPTY_MAGIC = b"PK\x05\x06"


@dataclass(slots=True)
class OpenedFile:
    path: Path
    data: bytes
    kind: str  # "xlsx" | "xlsb" | "ods" | "xls" | "html" | "xml2003"
    xlkit_hint: bool = False  # workbook names or properties mention xlkit (made by its template)


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def describe(path: Path) -> str:
    return str(path)


def load_bytes(path: str | os.PathLike) -> OpenedFile:
    """Read and sniff `path`; raise ReadError (one Chinese line) when it cannot be a workbook."""
    p = Path(path)
    data = _read_file(p)
    hint: list[bool] = []
    kind = sniff(p, data, hint)
    return OpenedFile(p, data, kind, bool(hint))


def _read_file(p: Path) -> bytes:
    """The file's bytes, within the size limit; every way it can fail is one Chinese line."""
    name = describe(p)
    if not p.exists():
        raise ReadError(f"{name}：文件不存在", path=str(p))
    if p.is_dir():
        raise ReadError(f"{name}：这是一个文件夹，不是工作簿文件", path=str(p))
    try:
        size = p.stat().st_size
    except OSError as e:
        raise ReadError(f"{name}：无法访问文件（{e.strerror or e}）", path=str(p)) from None
    if size == 0:
        raise ReadError(f"{name}：文件为空（0 字节），不是有效的工作簿", path=str(p))
    if size > MAX_FILE_BYTES:
        raise ReadError(f"{name}：文件过大（{size // (1024 * 1024)} MB），超过 {MAX_FILE_BYTES // (1024 * 1024)} MB 的上限，拒绝读取",
                        path=str(p))
    try:
        with open(p, "rb") as fh:  # read-only: the reader never writes to its input
            return fh.read()  # size checked above; read(n) would preallocate n bytes
    except PermissionError:
        raise ReadError(f"{name}：没有读取权限，无法打开文件", path=str(p)) from None
    except OSError as e:
        raise ReadError(f"{name}：无法读取文件（{e.strerror or e}）", path=str(p)) from None


def sniff(p: Path, data: bytes, hint: list | None = None) -> str:
    name = describe(p)
    head = data[:8]
    if head.startswith(ZIP_MAGIC) or head.startswith(ZIP_EMPTY_MAGIC):
        return _check_zip(p, data, hint)
    if head == OLE_MAGIC:
        return _check_ole(p, data)
    lower = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    # budget systems "export to Excel" as HTML tables or Excel 2003 XML named .xls; Excel and
    # WPS open them, so they are read too (see markup.py)
    if lower.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")) or b"<html" in lower[:1024] \
            or (b"<table" in lower and b"<td" in data[:65536].lower()):
        return "html"
    if lower.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in data[:8192]:
        return "xml2003"
    if head.startswith(b"%PDF"):
        raise ReadError(f"{name}：文件实为 PDF，不是电子表格", path=str(p))
    raise ReadError(f"{name}：不是电子表格文件（文件内容无法识别为 xlsx/xls/ods 格式）", path=str(p))


# Parts python-calamine never parses (themes, pictures, printer settings): no need to inflate.
_SKIP_PARTS = ("xl/theme/", "xl/media/", "xl/printerSettings/", "xl/drawings/", "xl/charts/",
               "docProps/app.xml", "docProps/core.xml", "docProps/thumbnail", "Thumbnails/", "Pictures/",
               "Configurations2/")


def _check_zip(p: Path, data: bytes, hint: list | None = None) -> str:
    name = describe(p)
    zf, infos = _open_zip(p, data)
    with zf:
        names = {i.filename for i in infos}
        _check_sizes(p, infos)
        if "mimetype" in names and _read_head(zf, "mimetype").startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            kind = "ods"
            if "META-INF/manifest.xml" in names and b"encryption-data" in _read_head(zf, "META-INF/manifest.xml"):
                raise ReadError(f"{name}：文件已加密（设有打开密码），无法读取；请去掉打开密码后重新提交", path=str(p))
        elif "xl/workbook.xml" in names:
            kind = "xlsx"
        elif "xl/workbook.bin" in names:
            kind = "xlsb"
        elif "word/document.xml" in names:
            raise ReadError(f"{name}：文件实为 Word 文档，不是电子表格", path=str(p))
        elif "ppt/presentation.xml" in names:
            raise ReadError(f"{name}：文件实为 PowerPoint 演示文稿，不是电子表格", path=str(p))
        elif "mimetype" in names:
            raise ReadError(f"{name}：文件是 OpenDocument 文档但不是电子表格", path=str(p))
        else:
            raise ReadError(f"{name}：文件是 ZIP 压缩包，不是电子表格", path=str(p))
        for info in infos:
            fn = info.filename
            if info.is_dir() or not fn.endswith((".xml", ".rels")) or fn.startswith(_SKIP_PARTS):
                continue
            # a worksheet is inflated once, for its size and its prolog together
            is_sheet = kind == "xlsx" and fn.startswith("xl/worksheets/") and fn.count("/") == 2
            _check_part(p, zf, info, data, is_sheet)
            if hint is not None and not hint and fn in ("xl/workbook.xml", "docProps/custom.xml"):
                if info.file_size <= 1024 * 1024:
                    part = _raw_head(data, info, info.file_size)
                    if b"xlkit" in (part if part is not None else zf.read(fn)):
                        hint.append(True)
    return kind


def _check_sizes(p: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse zip bombs from the central directory alone, before inflating anything."""
    name = describe(p)
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise ReadError(f"{name}：解压后体积超过 {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB（疑似“压缩炸弹”），拒绝读取",
                            path=str(p))
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReadError(f"{name}：部件 {info.filename} 压缩比异常（{info.file_size // max(info.compress_size, 1)}:1，疑似“压缩炸弹”），拒绝读取",
                            path=str(p))


def _check_part(p: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes, is_sheet: bool = False) -> None:
    """Refuse an XML part with a DTD (entity bombs); for worksheets also a far-away extent."""
    name, fn = describe(p), info.filename
    try:
        bad = _check_extent(p, zf, info, data) if is_sheet else _has_dtd(zf, fn, data, info)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError):
        raise ReadError(f"{name}：文件已损坏（部件 {fn} 无法解压），无法读取", path=str(p)) from None
    if bad:
        raise ReadError(f"{name}：部件 {fn} 含有 DOCTYPE/ENTITY 声明（可能是“XML 实体炸弹”），为安全起见拒绝读取",
                        path=str(p))


def _open_zip(p: Path, data: bytes) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        return zf, zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ReadError(f"{describe(p)}：文件已损坏（ZIP 结构不完整或被截断），无法读取", path=str(p)) from None


def check_package(path: str | os.PathLike) -> None:
    """Zip- and XML-bomb guard for a package that another library will open (a template for
    `xlkit fill --template`, a .docx report): the same limits as for the forms themselves."""
    p = Path(path)
    data = _read_file(p)
    if not data.startswith(ZIP_MAGIC):
        return  # not a zip package: the caller's own parser says what it is
    zf, infos = _open_zip(p, data)
    with zf:
        _check_sizes(p, infos)
        for info in infos:
            if not info.is_dir() and info.filename.endswith((".xml", ".rels")) and not info.filename.startswith(_SKIP_PARTS):
                _check_part(p, zf, info, data)

# calamine materialises a sheet as a dense rectangle from its first to its last cell; one
# stray value in XFD1048576 would make it allocate ~500 GB and abort the whole process.
MAX_SHEET_CELLS = 12_000_000
# Only columns beyond Z and rows of a million or more need looking at: forms use A..Z, and
# in well-formed sheets the row tags are in order, so the last one is the last row.
_FAR_COL = re.compile(rb'<c r="([A-Z]{2,3})[0-9]')
_FAR_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{7,})"')
_ROW_TAG = re.compile(rb'<row r="([0-9]+)"')


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _iter_part(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, size: int = 1 << 20):
    off = info.header_offset
    if info.compress_type == zipfile.ZIP_DEFLATED and data[off:off + 4] == ZIP_MAGIC and not info.flag_bits & 0x1:
        nlen, xlen = struct.unpack_from("<HH", data, off + 26)
        start = off + 30 + nlen + xlen
        comp = memoryview(data)[start:start + info.compress_size]
        d = zlib.decompressobj(-15)
        pos = total = 0
        while not d.eof:
            if d.unconsumed_tail:
                inp = d.unconsumed_tail
            elif pos < len(comp):
                inp = comp[pos:pos + 65536]
                pos += 65536
            else:
                break
            try:
                out = d.decompress(inp, size)  # bounded output, even if the sizes in the zip lie
            except zlib.error:
                raise zipfile.BadZipFile(info.filename) from None
            total += len(out)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise zipfile.BadZipFile(info.filename)
            if out:
                yield out
        return
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(size)
            if not chunk:
                return
            yield chunk


def _check_extent(p: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes) -> bool:
    """Refuse a worksheet whose used rectangle would not fit in memory (before calamine sees it).

    Returns True when the part declares a DOCTYPE/ENTITY (see _has_dtd), which the caller refuses.
    """
    maxcol = 1
    first = True
    first_row = last_row = None
    far_row = 0
    tail = b""
    try:
        for chunk in _iter_part(zf, data, info):
            if first:
                first = False
                m = _ROOT_START.search(chunk)
                up = (chunk[: m.start()] if m else chunk[:XML_HEAD_BYTES]).upper()
                if b"<!DOCTYPE" in up or b"<!ENTITY" in up:
                    return True
            buf = tail + chunk
            tail = buf[-48:]  # a tag cut in two by the chunk boundary is seen whole next round
            for c in set(_FAR_COL.findall(buf)):
                maxcol = max(maxcol, _col_number(c))
            for r in _FAR_ROW.findall(buf):
                far_row = max(far_row, int(r))
            tags = _ROW_TAG.findall(buf)
            if tags:
                if first_row is None:
                    first_row = int(tags[0])
                last_row = int(tags[-1])
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError):
        raise ReadError(f"{p}：文件已损坏（部件 {info.filename} 无法解压），无法读取", path=str(p)) from None
    height = max(last_row or 1, far_row) - (first_row or 1) + 1
    if maxcol * height > MAX_SHEET_CELLS:
        raise ReadError(f"{p}：工作表数据区域过大（{height} 行 × {maxcol} 列，多为远处的零散单元格），为避免耗尽内存拒绝读取；"
                        f"请删除表格以外多余的行列后重新提交", path=str(p))
    return False


_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _has_dtd(zf: zipfile.ZipFile, member: str, data: bytes | None = None,
             info: zipfile.ZipInfo | None = None) -> bool:
    """True when the part declares a DOCTYPE or ENTITY before its root element.

    Only the prolog is inflated (usually the first kilobyte), straight from the local file
    header when possible (ZipFile.open costs more than the check itself); a prolog longer
    than XML_HEAD_BYTES is itself suspicious and refused.
    """
    head = _raw_head(data, info) if data is not None and info is not None else None
    if head is None:
        with zf.open(member) as fh:
            head = fh.read(XML_HEAD_BYTES)
    m = _ROOT_START.search(head)
    prolog = head[: m.start()] if m else head
    up = prolog.upper()
    if b"<!DOCTYPE" in up or b"<!ENTITY" in up:
        return True
    return m is None and len(head) >= XML_HEAD_BYTES


def _raw_head(data: bytes, info: zipfile.ZipInfo, n: int = XML_HEAD_BYTES) -> bytes | None:
    off = info.header_offset
    if data[off:off + 4] != ZIP_MAGIC or info.flag_bits & 0x1:
        return None
    nlen, xlen = struct.unpack_from("<HH", data, off + 26)
    start = off + 30 + nlen + xlen
    comp = memoryview(data)[start:start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        return bytes(comp[:n])
    if info.compress_type == zipfile.ZIP_DEFLATED:
        try:
            return zlib.decompressobj(-15).decompress(comp, n)
        except zlib.error:
            raise zipfile.BadZipFile(info.filename) from None
    return None


def _read_head(zf: zipfile.ZipFile, member: str) -> bytes:
    with zf.open(member) as fh:
        return fh.read(XML_HEAD_BYTES)


def _check_ole(p: Path, data: bytes) -> str:
    """OLE compound file: .xls (BIFF), WPS .et, a password-protected OOXML file, or a Word .doc."""
    name = describe(p)
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        raise ReadError(f"{name}：文件已加密（设有打开密码），无法读取；请去掉打开密码后重新提交", path=str(p))
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return "xls"
    if _utf16("WordDocument") in data:
        raise ReadError(f"{name}：文件实为 Word 文档（.doc），不是电子表格", path=str(p))
    if _utf16("PowerPoint Document") in data:
        raise ReadError(f"{name}：文件实为 PowerPoint 演示文稿，不是电子表格", path=str(p))
    raise ReadError(f"{name}：不是可识别的 Excel 工作簿（OLE 文件中没有工作簿数据）", path=str(p))
