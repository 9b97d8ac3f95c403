"""The domain packages and screen-less commands never load Textual.

Each import runs in a fresh interpreter, since one test process has long
since imported everything.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

from reader.resources import sample_article

DOMAIN = ("reader.document", "reader.annotations", "reader.export", "reader.store",
          "reader.interaction", "reader.operations", "reader.feeds")


def _modules() -> list[str]:
    names = []
    for package in DOMAIN:
        names.append(package)
        module = importlib.import_module(package)
        names.extend(
            info.name for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}.")
        )
    return sorted(set(names))


def _textual_loaded(code: str) -> subprocess.CompletedProcess[str]:
    script = f"{code}\nimport sys\nprint('textual' in sys.modules)"
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )


def test_domain_modules_are_found() -> None:
    modules = _modules()
    assert "reader.document.plaintext" in modules and "reader.document.ingest" in modules


def test_no_domain_module_imports_textual() -> None:
    """One interpreter per module, run in parallel to keep this fast."""
    modules = _modules()
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-c", f"import {name}, sys; print('textual' in sys.modules)"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in modules
    }
    loaded = []
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, f"{name}: {err}"
        if out.strip() != "False":
            loaded.append(name)
    assert loaded == [], f"these import textual: {loaded}"


@pytest.mark.parametrize("json_flag", [True, False])
def test_outline_command_does_not_load_textual(json_flag: bool) -> None:
    args = ["outline", str(sample_article())] + (["--json"] if json_flag else [])
    result = _textual_loaded(
        "import contextlib, io\n"
        "from reader.cli import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert run({args!r}) == 0"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
