"""Shared test set-up: paths to the bundled samples, and LibreOffice detection.

Tests marked ``@pytest.mark.libreoffice`` run against a real spreadsheet program
(LibreOffice headless). Where it is absent (a fresh laptop) they are skipped with a
reason; CI installs it, so there they run.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED_YAML = SAMPLES / "安庆市总工会2022.yaml"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pytest_collection_modifyitems(config, items):
    if soffice_path():
        return
    if os.environ.get("CI") and os.environ.get("XLKIT_REQUIRE_LIBREOFFICE"):
        # CI installs LibreOffice; a skip there would hide a broken install.
        return
    skip = pytest.mark.skip(reason="LibreOffice (soffice) 不在 PATH 上：真实客户端测试跳过")
    for item in items:
        if "libreoffice" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def seed_yaml() -> Path:
    return SEED_YAML
