"""xlkit's own error type: one Chinese line for the user; the CLI maps it to exit code 2."""
from __future__ import annotations


class XlkitError(Exception):
    """A problem with the user's input or request, told in one Chinese line.

    click's ClickException exits 1, which xlkit reserves for "error findings", so the
    CLI catches XlkitError itself and exits 2.
    """

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


class ReadError(XlkitError):
    """A file cannot be read as a workbook or document (R01)."""


class DataError(XlkitError):
    """Data for `xlkit fill` is invalid (names project, field and row)."""


class TemplateError(XlkitError):
    """A template workbook lacks what the fill engine needs."""


class ProfileError(XlkitError):
    """A scoring profile is malformed (names the key)."""


class OutputExistsError(XlkitError):
    """Refusing to overwrite an existing output without --force."""
