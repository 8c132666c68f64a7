"""Writing outputs safely: never over an input, never half-written, never over an
existing file unless the user said --force."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import OutputExistsError, XlkitError


def check_output(path: str | os.PathLike, force: bool = False, inputs: tuple = ()) -> Path:
    p = Path(path)
    for i in inputs:
        try:
            if p.exists() and Path(i).exists() and p.resolve() == Path(i).resolve():
                raise XlkitError(f"输出文件与输入文件相同：{p}；xlkit 从不修改输入文件，请换一个输出文件名")
        except OSError:
            pass
    if p.is_dir():
        raise XlkitError(f"输出路径是一个文件夹：{p}；请给出输出文件名")
    if p.exists() and not force:
        raise OutputExistsError(f"输出文件已存在：{p}；如需覆盖请加 --force")
    # the folder is created only when writing (atomic_path): a refused or failed run leaves nothing
    up = p.parent
    while not up.exists() and up != up.parent:
        up = up.parent
    if up.exists() and not up.is_dir():
        raise XlkitError(f"无法创建输出文件夹：{p.parent}（{up} 是文件而不是文件夹）")
    return p


def _make_parent(p: Path) -> None:
    if p.parent and not p.parent.is_dir():
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise XlkitError(f"无法创建输出文件夹：{p.parent}（{_os_reason(e)}）") from None


def _os_reason(e: OSError) -> str:
    import errno
    return {errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.EROFS: "只读文件系统",
            errno.ENOSPC: "磁盘空间不足", errno.EEXIST: "同名文件已存在", errno.ENOTDIR: "路径中有一段是文件而不是文件夹",
            errno.ENAMETOOLONG: "文件名太长"}.get(e.errno, f"系统错误 {e.errno}")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, force: bool = False, inputs: tuple = ()) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success move it into place atomically.

    On any exception the temporary file is removed and `path` is left as it was.
    """
    final = check_output(path, force=force, inputs=inputs)
    _make_parent(final)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{final.stem}.", suffix=final.suffix + ".tmp",
                                   dir=str(final.parent or "."))
    except OSError as e:
        raise XlkitError(f"无法写入输出文件：{final}（{_os_reason(e)}）") from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if final.exists() and not force:
            raise OutputExistsError(f"输出文件已存在：{final}；如需覆盖请加 --force")
        try:
            os.replace(tmp_path, final)
        except OSError as e:
            raise XlkitError(f"无法写入输出文件：{final}（{_os_reason(e)}）") from None
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
