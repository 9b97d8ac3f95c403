"""Bundled styles and sample: found in a checkout and shipped in the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from reader import resources

ROOT = Path(__file__).resolve().parents[1]


def test_resources_exist_in_the_checkout() -> None:
    assert resources.styles_dir().is_dir()
    assert any(resources.styles_dir().glob("*.tcss"))
    assert resources.seeds_dir().is_dir()
    sample = resources.sample_article()
    assert sample.is_file() and sample.name == resources.SAMPLE_NAME
    assert resources.stylesheet("reader.tcss").is_file()


def test_wheel_ships_styles_and_sample(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="building the wheel needs hatchling in the venv")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    wheels = list(tmp_path.glob("annotated_news_reader-*.whl"))  # the distribution name
    assert len(wheels) == 1
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    styles = {Path(n).name for n in names if n.startswith("reader/_data/styles/")}
    expected = {p.name for p in (ROOT / "styles").glob("*.tcss")}
    assert expected and expected <= styles
    assert f"reader/_data/seeds/{resources.SAMPLE_NAME}" in names
    assert "reader/resources.py" in names and "reader/document/plaintext.py" in names
