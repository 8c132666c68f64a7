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
    if p.exists() and not force:
        raise OutputExistsError(f"输出文件已存在：{p}；如需覆盖请加 --force")
    if p.parent and not p.parent.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
    return p


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, force: bool = False, inputs: tuple = ()) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success move it into place atomically.

    On any exception the temporary file is removed and `path` is left as it was.
    """
    final = check_output(path, force=force, inputs=inputs)
    fd, tmp = tempfile.mkstemp(prefix=f".{final.stem}.", suffix=final.suffix + ".tmp",
                               dir=str(final.parent or "."))
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if final.exists() and not force:
            raise OutputExistsError(f"输出文件已存在：{final}；如需覆盖请加 --force")
        os.replace(tmp_path, final)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
