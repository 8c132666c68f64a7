"""Where the shipped files are: the official template and the default scoring profile."""
from __future__ import annotations

from pathlib import Path

TEMPLATE_NAME = "项目支出绩效自评表.xlsx"
_PKG = Path(__file__).resolve().parent


def template_path() -> Path:
    """The official template: inside the installed package, or form_templates/ in a checkout."""
    for p in (_PKG / "form_templates" / TEMPLATE_NAME, _PKG.parent / "form_templates" / TEMPLATE_NAME):
        if p.is_file():
            return p
    from .errors import TemplateError
    raise TemplateError(f"找不到内置模板 {TEMPLATE_NAME}，安装可能不完整")


def data_path(name: str) -> Path:
    """A file shipped in xlkit/profiles (the default scoring profile)."""
    return _PKG / "profiles" / name
