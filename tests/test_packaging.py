"""The installed package must carry everything it needs (template, default profile)."""
import tomllib
from pathlib import Path

from xlkit.resources import data_path, template_path

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "xlkit").rglob("__init__.py")}
    assert on_disk <= listed, f"add to pyproject packages: {sorted(on_disk - listed)}"


def test_shipped_resources_exist():
    assert template_path().name == "项目支出绩效自评表.xlsx" and template_path().stat().st_size > 5000
    assert data_path("mof2020.yaml").is_file()


def test_top_level_layout():
    allowed = {"pyproject.toml", "xlkit", "form_templates", "samples", "tests", "README.md",
               ".ci", "benchmarks", ".gitignore", ".git", ".venv", ".pytest_cache", ".hypothesis",
               "build", "dist"}  # the last ones are ignored build/test by-products
    extra = {p.name for p in ROOT.iterdir()} - allowed
    assert not {e for e in extra if not e.endswith(".egg-info")}, extra
