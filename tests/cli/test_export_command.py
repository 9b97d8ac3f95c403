"""``reader export`` as a program: file and terminal agree, the collector is
paused only while it runs, and it loads nothing it does not use."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import reader.export.collect as collect
from reader.cli import run
from reader.document import load_article

from .conftest import w3c_annotation


def _seed(cli, sample: Path, tmp_path: Path) -> None:
    article = load_article(sample)
    phrases = ["We have increased our presence and our footprint",
               "the US dropped 90,000 leaflets", "The town was subjected to mass killings"]
    items = [
        w3c_annotation(article.uri, article.text, phrase, ident=f"urn:uuid:{n:032x}",
                       tags=["Tanf", "civil  war"][: n % 3], note="*why* <b>" * (n % 2))
        for n, phrase in enumerate(phrases)
    ]
    notes = tmp_path / "notes.json"
    notes.write_text(json.dumps(items), encoding="utf-8")
    assert cli("import", str(notes)).code == 0


def _without_stamp(text: str) -> str:
    return "".join(line for line in text.splitlines(True) if not line.startswith("exported:"))


@pytest.mark.parametrize("fmt", ["markdown", "json", "jsonl"])
def test_the_file_holds_what_the_terminal_shows(cli, sample, tmp_path, fmt):
    """The file is written from bytes, the terminal from text: the same document
    (no character here is one the terminal gets escaped)."""
    _seed(cli, sample, tmp_path)
    out = tmp_path / f"export.{fmt}"
    written = cli("export", str(sample), "--format", fmt, "-o", str(out))
    assert written.code == 0, written.err
    shown = cli("export", str(sample), "--format", fmt)
    assert _without_stamp(out.read_bytes().decode("utf-8")) == _without_stamp(shown.out)
    assert "civil war" in shown.out or "civil-war" in shown.out  # tags normalised on import


def test_dash_as_the_output_means_the_terminal(cli, sample, tmp_path, monkeypatch):
    _seed(cli, sample, tmp_path)
    monkeypatch.chdir(tmp_path)
    dashed = cli("export", str(sample), "-o", "-")
    assert dashed.code == 0, dashed.err
    assert not (tmp_path / "-").exists()
    assert _without_stamp(dashed.out) == _without_stamp(cli("export", str(sample)).out)
    assert "We have increased our presence" in dashed.out


def test_the_collector_is_paused_during_an_export_only(
    cli, sample, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(cli, sample, tmp_path)
    seen: list[bool] = []
    gather = collect.gather

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return gather(*args, **kwargs)

    monkeypatch.setattr(collect, "gather", watched)
    assert gc.isenabled()
    code = run(["--data", str(cli.data), "export", str(sample), "-o", str(tmp_path / "a.md")])
    assert code == 0 and seen == [False] and gc.isenabled()
    # An export that fails still gives the collector back.
    assert run(["--data", str(cli.data), "export", str(tmp_path / "missing.txt")]) == 1
    assert gc.isenabled()


@pytest.mark.parametrize(("fmt", "unused"), [
    ("markdown", {"textual", "filelock", "reader.export.w3c", "reader.ui"}),
    ("json", {"textual", "filelock", "reader.ui"}),
])
def test_an_export_loads_only_what_it_uses(cli, sample, tmp_path, fmt, unused):
    _seed(cli, sample, tmp_path)
    argv = ["export", str(sample), "--format", fmt, "-o", str(tmp_path / "out")]
    script = (
        "import sys\nfrom reader.cli import run\n"
        f"assert run({argv!r}) == 0\n"
        "print(' '.join(sys.modules))"
    )
    env = {**os.environ, "READER_HOME": str(cli.data)}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    loaded = set(proc.stdout.split())
    assert loaded & unused == set()
    assert (tmp_path / "out").stat().st_size > 0
